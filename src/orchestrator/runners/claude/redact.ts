/**
 * Secret redaction. The agent's environment passes through to the CLI untouched, but every string that
 * leaves the runner (progress, summaries, failure messages, file lists) goes through a redactor first, so
 * an API key an agent echoes, or a token in an error message, never reaches a log, an event, the store or
 * the UI.
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Environment variable names whose values are treated as secrets. */
const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|AUTH|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|SESSION_?KEY|COOKIE|SIGNING_?KEY|CLIENT_?KEY)/i;

/**
 * Values shorter than this are not redacted even under a secret-looking name: a value such as `1` or
 * `true` (e.g. `CLAUDE_CODE_USE_AUTH=1`) would otherwise blank out ordinary text everywhere.
 */
const MIN_SECRET_LENGTH = 6;

/**
 * Shapes of credentials that are redacted wherever they appear, whatever variable (if any) they came from.
 * Each pattern keeps its label (`Bearer`, `x-api-key:`) and replaces only the secret part, so a message
 * still says what kind of credential was involved.
 */
const SECRET_PATTERNS: ReadonlyArray<{ pattern: RegExp; keepPrefix: boolean }> = [
  { pattern: /\bsk-ant-[A-Za-z0-9_-]{6,}/g, keepPrefix: false },
  { pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}/g, keepPrefix: false },
  { pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, keepPrefix: false },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, keepPrefix: false },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, keepPrefix: false },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, keepPrefix: false },
  { pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, keepPrefix: false },
  { pattern: /(\b(?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi, keepPrefix: true },
  { pattern: /(\b(?:x-api-key|api-key|authorization|proxy-authorization)["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|Bearer\b|Basic\b)[^\s"',;]{6,}/gi, keepPrefix: true },
  { pattern: /(\b[A-Za-z_]*(?:API_?KEY|TOKEN|SECRET|PASSWORD)["']?\s*[:=]\s*["']?)(?!\[REDACTED\])[^\s"',;]{6,}/gi, keepPrefix: true },
];

export type Redactor = (text: string) => string;

/** The values of variables in `env` whose names look secret (API keys, tokens, passwords, credentials). */
export function secretValues(env: Readonly<Record<string, string | undefined>>): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < MIN_SECRET_LENGTH || !SECRET_NAME.test(name)) continue;
    values.add(value);
  }
  return [...values];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Builds a redactor for the secrets of `env` (default `process.env`) plus `extraSecrets`, and for the
 * well-known credential shapes (`sk-ant-…`, `Bearer …`, `x-api-key: …`, GitHub and AWS keys, JWTs).
 * Exact values are matched longest first, so a secret that contains another is removed whole.
 */
export function createRedactor(env: Readonly<Record<string, string | undefined>> = process.env, extraSecrets: readonly string[] = []): Redactor {
  const exact = [...new Set([...secretValues(env), ...extraSecrets.filter((s) => s.length >= MIN_SECRET_LENGTH)])].sort((a, b) => b.length - a.length);
  const exactPattern = exact.length > 0 ? new RegExp(exact.map(escapeRegExp).join('|'), 'g') : undefined;
  return (text: string): string => {
    if (text === '') return text;
    let out = exactPattern === undefined ? text : text.replace(exactPattern, REDACTED);
    for (const { pattern, keepPrefix } of SECRET_PATTERNS) {
      out = keepPrefix ? out.replace(pattern, (_match: string, prefix: string) => `${prefix}${REDACTED}`) : out.replace(pattern, REDACTED);
    }
    return out;
  };
}

/** Redacts `text` with the secrets of `env` (default `process.env`); builds a redactor each call, so prefer createRedactor in loops. */
export function redactSecrets(text: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return createRedactor(env)(text);
}

/**
 * Applies `redact` to every string inside a plain value (objects, arrays, nested), returning a copy; other
 * values are returned as they are. Useful before persisting or sending an event that carries agent output.
 */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, redact)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}
