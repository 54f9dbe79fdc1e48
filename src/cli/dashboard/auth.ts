import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Bytes of randomness in a dashboard token: 256 bits, far beyond guessing over a local socket. */
const TOKEN_BYTES = 32;

/** A fresh random token for one dashboard server, URL-safe so it travels in a query string as is. */
export function createToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * Compares a presented token with the real one in constant time. Both sides are hashed first, so the
 * comparison takes the same time whatever the presented length, and a wrong length leaks nothing either.
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented === '') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(presented).digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie that carries the token after the page was opened with it, so the page's own requests (styles,
 * fonts the stylesheet names) need no token in their URL. The port is in its name because cookies are shared
 * by every port of a host, and two dashboards may run side by side.
 */
export function cookieName(port: number): string {
  return `prp_dashboard_${port}`;
}

/** The Set-Cookie header value: readable by no script, sent by no other site, gone when the browser closes. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The `token` query parameter of a request URL. */
export function queryToken(url: URL): string | undefined {
  return url.searchParams.get('token') ?? undefined;
}

/** The token cookie of a request, when the browser sent one. */
export function cookieToken(request: IncomingMessage, port: number): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  const name = cookieName(port);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
