import type { TaskFailure } from '../../model';
import { oneLine } from './streamFields';
import type { ClaudeResult, ParsedStream } from './streamTypes';

/** How one `claude` process ended, as the runner observed it. */
export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawnError?: { code?: string; message: string };
  /** The last part of stderr. */
  stderr: string;
  stream: ParsedStream;
  /** Set when the runner itself stopped the process, and why. */
  stoppedFor?: 'stall' | 'budget' | 'cancel';
}

/** The settings a failure message may need to name. */
export interface ClassifyContext {
  claudePath: string;
  cwd: string;
  /** False when the working directory is missing (an ENOENT then concerns it, not the CLI). Default true. */
  cwdExists?: boolean;
  stallTimeoutMs: number;
  /** The task's budget in US dollars, for messages. */
  budgetUsd?: number;
  /** What earlier processes of the same attempt spent (a resumed session), added to this one's cost in messages. Default 0. */
  spentBeforeUsd?: number;
  maxTurns?: number;
}

export const INSTALL_HINT = 'Install it with `npm install -g @anthropic-ai/claude-code`';
export const PATH_SETTING = 'prpOrchestrator.claudePath (CLI: --claude-path)';
export const LOGIN_HINT = 'Run `claude` once in a terminal and log in, or set ANTHROPIC_API_KEY in the environment the orchestrator runs in.';

const AUTH = /not logged in|please run \/login|invalid api key|invalid x-api-key|authentication_error|authentication[ _]failed|oauth token (?:has )?(?:expired|revoked)|could not resolve authentication/i;
const RATE_LIMIT = /\b429\b|rate[ _-]?limit/i;
const OVERLOADED = /\b529\b|overloaded/i;
const NETWORK = /ECONNRESET|ETIMEDOUT|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|ENETUNREACH|EHOSTUNREACH|ConnectionRefused|connection refused|unable to connect to api|socket hang up|fetch failed|network error|connection error|request timed out/i;
const CERTIFICATE = /SSL certificate|self-signed certificate|certificate has expired|unable to verify the first certificate/i;
const UNKNOWN_OPTION = /unknown option ['"]?(--?[\w-]+)/i;
const ROOT_BYPASS = /dangerously-skip-permissions.*(?:root|sudo)|(?:root|sudo).*dangerously-skip-permissions/i;

/** Returns the failure of a finished process, or undefined when it succeeded. Every message says what to do. */
export function classifyOutcome(outcome: ProcessOutcome, context: ClassifyContext): TaskFailure | undefined {
  if (outcome.spawnError !== undefined) return spawnFailure(outcome.spawnError, context);
  if (outcome.stoppedFor !== undefined) return stoppedFailure(outcome, context);
  const result = outcome.stream.result;
  if (result === undefined) return noResultFailure(outcome, context);
  if (!result.isError) return deniedFailure(result, outcome.stream);
  return resultFailure(result, outcome.stderr, context);
}

function spawnFailure(error: { code?: string; message: string }, context: ClassifyContext): TaskFailure {
  const path = context.claudePath;
  if (error.code === 'ENOENT' && context.cwdExists === false) {
    return { kind: 'unrecoverable', message: `The working directory ${context.cwd} does not exist, so Claude Code cannot start there.` };
  }
  if (error.code === 'ENOENT') {
    return { kind: 'unrecoverable', message: `Claude Code was not found: "${path}" is not on PATH or does not exist. ${INSTALL_HINT}, or set ${PATH_SETTING} to the full path of the claude executable.` };
  }
  if (error.code === 'EACCES') {
    return { kind: 'unrecoverable', message: `Claude Code at "${path}" is not executable (EACCES). Fix its permissions (chmod +x) or set ${PATH_SETTING} to a working claude executable.` };
  }
  return { kind: 'crash', message: `Claude Code ("${path}") could not be started: ${oneLine(error.message, 300)}.` };
}

function stoppedFailure(outcome: ProcessOutcome, context: ClassifyContext): TaskFailure {
  if (outcome.stoppedFor === 'cancel') return { kind: 'cancelled', message: 'The attempt was cancelled and its Claude Code processes were stopped.' };
  if (outcome.stoppedFor === 'stall') {
    const seconds = Math.round(context.stallTimeoutMs / 100) / 10;
    return { kind: 'stalled', message: `Claude Code printed nothing for ${seconds} s, so the attempt was stopped and will be retried. If tasks run long silent commands, raise the stall timeout (--stall-timeout-ms).` };
  }
  return { kind: 'budget', message: `The task cost ${usd(plus(outcome.stream.maxCostUsd, context.spentBeforeUsd))}, over its budget of ${usd(context.budgetUsd)}, so Claude Code was stopped. Raise the per-task budget (--task-budget-usd) or split the task into smaller ones.` };
}

/** A run that "succeeded" but was denied every file edit it tried did not do the task. */
function deniedFailure(result: ClaudeResult, stream: ParsedStream): TaskFailure | undefined {
  const denials = result.permissionDenials;
  const editDenied = denials.some((d) => /^(Write|Edit|MultiEdit|NotebookEdit)$/.test(d.toolName));
  if (!editDenied || stream.filesChanged.length > 0) return undefined;
  return { kind: 'unrecoverable', message: `${describeDenials(denials)} Allow these tools in the agent's \`tools\` or choose a permission mode that permits them (prpOrchestrator.permissionMode / --permission-mode, e.g. acceptEdits).` };
}

/** "Write (hello.txt) and Bash (rm -rf x)": each denied tool with what it was asked to act on. */
export function denialList(denials: ClaudeResult['permissionDenials']): string {
  const named = [...new Set(denials.map((d) => (d.target === undefined ? d.toolName : `${d.toolName} (${oneLine(d.target, 80)})`)))];
  return named.length <= 1 ? (named[0] ?? 'a tool') : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

function describeDenials(denials: ClaudeResult['permissionDenials']): string {
  return `Claude Code was denied ${denialList(denials)}, so it changed no file.`;
}

function resultFailure(result: ClaudeResult, stderr: string, context: ClassifyContext): TaskFailure {
  const detail = errorDetail(result);
  if (result.subtype === 'error_max_turns') {
    const limit = context.maxTurns === undefined ? '' : ` of ${context.maxTurns}`;
    const session = result.sessionId === undefined ? '' : `; its session ${result.sessionId} can be resumed`;
    return { kind: 'turn-limit', message: `Claude Code reached its turn limit${limit} before finishing the task${session}. Raise max turns (--max-turns) or split the task.` };
  }
  if (result.subtype === 'error_max_budget_usd') {
    return { kind: 'budget', message: `Claude Code stopped at the task budget of ${usd(context.budgetUsd)} (spent ${usd(plus(result.costUsd, context.spentBeforeUsd))}) before finishing. Raise the per-task budget (--task-budget-usd) or split the task into smaller ones.` };
  }
  const status = result.apiErrorStatus ?? statusInText(detail);
  const api = classifyApiError(status, `${detail}\n${stderr}`);
  if (api !== undefined) return api;
  if (/no conversation found/i.test(detail)) {
    return { kind: 'crash', message: `Claude Code could not resume the earlier session: ${oneLine(detail, 200)}. A new attempt starts a fresh session.` };
  }
  const what = result.subtype === undefined || result.subtype === 'success' ? 'an error' : `an error (${result.subtype})`;
  return { kind: 'crash', message: `Claude Code reported ${what}: ${oneLine(detail || 'no details', 300)}. The task will be retried.` };
}

/** Auth, rate limit, overload, server, network and request errors, by HTTP status or by the words used. */
function classifyApiError(status: number | undefined, text: string): TaskFailure | undefined {
  const message = oneLine(apiMessage(text), 300);
  if (status === 401 || status === 403 || AUTH.test(text)) {
    return { kind: 'unrecoverable', message: `Claude Code is not logged in or its API key was rejected (${message}). ${LOGIN_HINT}` };
  }
  if (status === 429 || (status === undefined && RATE_LIMIT.test(text))) {
    return { kind: 'transient', message: `The Anthropic API is rate-limiting requests (429: ${message}); the task will be retried after a pause.` };
  }
  if (status === 529 || (status === undefined && OVERLOADED.test(text))) {
    return { kind: 'transient', message: `The Anthropic API is overloaded (529: ${message}); the task will be retried after a pause.` };
  }
  if (status !== undefined && status >= 500) {
    return { kind: 'transient', message: `The Anthropic API failed with a server error (${status}: ${message}); the task will be retried after a pause.` };
  }
  if (status === undefined && CERTIFICATE.test(text)) {
    return { kind: 'unrecoverable', message: `Claude Code cannot connect to the Anthropic API securely (${message}). Fix the proxy or certificate settings, e.g. NODE_EXTRA_CA_CERTS for a corporate certificate.` };
  }
  if (status === undefined && NETWORK.test(text)) {
    return { kind: 'transient', message: `Claude Code could not reach the Anthropic API (${message}); the task will be retried. If this persists, check the network, proxy or ANTHROPIC_BASE_URL.` };
  }
  if (status !== undefined && status >= 400) return requestRejected(status, message);
  return undefined;
}

function requestRejected(status: number, message: string): TaskFailure {
  const hint =
    status === 404 ? "Check the model named in the agent's definition." : status === 413 ? 'The prompt is too large: split the task or trim the PRP context.' : "Retrying will not help; check the agent's model and settings.";
  return { kind: 'unrecoverable', message: `The Anthropic API rejected the request (${status}): ${message}. ${hint}` };
}

function noResultFailure(outcome: ProcessOutcome, context: ClassifyContext): TaskFailure {
  const stderr = outcome.stderr.trim();
  const option = UNKNOWN_OPTION.exec(stderr)?.[1];
  if (option !== undefined) {
    return { kind: 'unrecoverable', message: `This version of Claude Code does not accept the option ${option}. Update it with \`npm install -g @anthropic-ai/claude-code@latest\`.` };
  }
  if (ROOT_BYPASS.test(stderr)) {
    return { kind: 'unrecoverable', message: 'Claude Code refuses the bypassPermissions mode when run as root. Choose another permission mode (prpOrchestrator.permissionMode / --permission-mode), e.g. acceptEdits.' };
  }
  const api = stderr === '' ? undefined : classifyApiError(undefined, stderr);
  if (api !== undefined) return api;
  if (outcome.signal !== null) {
    return { kind: 'crash', message: `Claude Code was killed by ${outcome.signal} before it reported a result (perhaps out of memory); the task will be retried.` };
  }
  const tail = stderr === '' ? '' : ` Its last error output: ${oneLine(stderr.split('\n').slice(-3).join(' | '), 300)}`;
  if (outcome.exitCode === 0) {
    const { lines, garbageLines } = outcome.stream;
    return { kind: 'crash', message: `Claude Code exited without reporting a result: its output had no \`result\` line (${lines} lines, ${garbageLines} not JSON). Check that ${PATH_SETTING} points at Claude Code.${tail}` };
  }
  const hint = stderr === '' ? ` Check that "${context.claudePath} --version" works.` : tail;
  return { kind: 'crash', message: `Claude Code exited with code ${outcome.exitCode} before reporting a result.${hint}` };
}

/** The error text of a result: its `errors[]` when present, else its result text. */
function errorDetail(result: ClaudeResult): string {
  return (result.errors.length > 0 ? result.errors.join('; ') : result.text ?? '').trim();
}

function statusInText(text: string): number | undefined {
  const match = /API Error:\s*(\d{3})\b/i.exec(text);
  return match === null ? undefined : Number(match[1]);
}

/** The API's own message: `error.message` of an embedded JSON error, else the text after "API Error: NNN". */
export function apiMessage(text: string): string {
  const trimmed = text.trim();
  const brace = trimmed.indexOf('{');
  if (brace !== -1) {
    try {
      const parsed = JSON.parse(trimmed.slice(brace, trimmed.lastIndexOf('}') + 1)) as { error?: { message?: unknown }; message?: unknown };
      const message = parsed.error?.message ?? parsed.message;
      if (typeof message === 'string' && message !== '') return message;
    } catch {
      // Not JSON after all: fall through to the plain text.
    }
  }
  return trimmed.replace(/^API Error:\s*(\d{3}\s*)?/i, '') || 'no details';
}

function plus(cost: number | undefined, before: number | undefined): number | undefined {
  return cost === undefined ? undefined : cost + (before ?? 0);
}

function usd(value: number | undefined): string {
  return value === undefined ? 'an unknown amount' : `$${value.toFixed(value < 1 ? 4 : 2)}`;
}
