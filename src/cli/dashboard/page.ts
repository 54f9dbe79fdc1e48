import { randomBytes } from 'node:crypto';

/** What the page needs to know about the server that serves it. */
export interface PageOptions {
  /** The token the page passes on to its script and stylesheet URLs (the WebSocket reads it from the page URL). */
  token: string;
  /** The port the server listens on; the WebSocket connects back to it and only to it. */
  port: number;
  /** Title of the browser tab. */
  title: string;
}

/** A page and the headers that go with it; the nonce is new for every response. */
export interface Page {
  html: string;
  headers: Record<string, string>;
}

/**
 * The Content Security Policy of the dashboard page: nothing may load from anywhere but this server, the
 * one script runs only because it carries the response's nonce, and the only connection it may open is the
 * WebSocket back to this port. Inline style attributes set by React through the DOM are not affected.
 */
export function contentSecurityPolicy(nonce: string, port: number): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response of the server carries: no caching of token-bearing pages, no sniffing, no framing. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The HTML shell of the browser dashboard: the webview bundle's stylesheet and script from this server, and
 * the element the React app mounts into. The same bundle runs in the VS Code webview; it tells the two
 * apart by the absence of `acquireVsCodeApi` and then talks WebSocket to `/ws?token=...` on this host.
 */
export function dashboardPage(options: PageOptions): Page {
  const nonce = randomBytes(16).toString('base64');
  const token = encodeURIComponent(options.token);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/main.css?token=${token}">
</head>
<body data-host="browser">
<div id="root"></div>
<noscript>The PRP Orchestrator dashboard needs JavaScript.</noscript>
<script nonce="${nonce}" src="/main.js?token=${token}"></script>
</body>
</html>
`;
  return {
    html,
    headers: {
      ...COMMON_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(nonce, options.port),
    },
  };
}
