/**
 * Defensive readers for untrusted JSON from the CLI: every field is checked by type, so a missing or
 * renamed field yields `undefined` instead of a crash, whatever the key order or the CLI version.
 */
import type { ClaudeResult, ClaudeUsage, PermissionDenial } from './streamTypes';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(object: JsonObject, key: string): string | undefined {
  const value = object[key];
  return typeof value === 'string' ? value : undefined;
}

export function num(object: JsonObject, key: string): number | undefined {
  const value = object[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function obj(object: JsonObject, key: string): JsonObject | undefined {
  const value = object[key];
  return isObject(value) ? value : undefined;
}

export function arr(object: JsonObject, key: string): unknown[] {
  const value = object[key];
  return Array.isArray(value) ? value : [];
}

/** The path or command a tool input is about: what a person would want to see next to the tool's name. */
export function toolTarget(input: JsonObject | undefined): string | undefined {
  if (input === undefined) return undefined;
  return str(input, 'file_path') ?? str(input, 'notebook_path') ?? str(input, 'command') ?? str(input, 'path') ?? str(input, 'pattern') ?? str(input, 'url');
}

function usageOf(usage: JsonObject | undefined): ClaudeUsage | undefined {
  if (usage === undefined) return undefined;
  return {
    inputTokens: num(usage, 'input_tokens') ?? 0,
    outputTokens: num(usage, 'output_tokens') ?? 0,
    cacheReadInputTokens: num(usage, 'cache_read_input_tokens') ?? 0,
    cacheCreationInputTokens: num(usage, 'cache_creation_input_tokens') ?? 0,
  };
}

function denialsOf(line: JsonObject): PermissionDenial[] {
  const denials: PermissionDenial[] = [];
  for (const entry of arr(line, 'permission_denials')) {
    if (!isObject(entry)) continue;
    const toolName = str(entry, 'tool_name') ?? 'an unnamed tool';
    denials.push({ toolName, toolUseId: str(entry, 'tool_use_id'), target: toolTarget(obj(entry, 'tool_input')) });
  }
  return denials;
}

function errorsOf(line: JsonObject): string[] {
  const errors: string[] = [];
  for (const entry of arr(line, 'errors')) {
    if (typeof entry === 'string') errors.push(entry);
    else if (isObject(entry) && typeof entry.message === 'string') errors.push(entry.message);
  }
  return errors;
}

/** Reads a `result` line by field name. `cost_usd` is what CLIs before 1.0 called `total_cost_usd`. */
export function resultOf(line: JsonObject): ClaudeResult {
  const isError = line.is_error === true || (line.is_error === undefined && (str(line, 'subtype') ?? '').startsWith('error'));
  return {
    isError,
    subtype: str(line, 'subtype'),
    text: str(line, 'result'),
    costUsd: num(line, 'total_cost_usd') ?? num(line, 'cost_usd'),
    usage: usageOf(obj(line, 'usage')),
    numTurns: num(line, 'num_turns'),
    durationMs: num(line, 'duration_ms'),
    sessionId: str(line, 'session_id'),
    apiErrorStatus: num(line, 'api_error_status'),
    errors: errorsOf(line),
    permissionDenials: denialsOf(line),
    terminalReason: str(line, 'terminal_reason'),
  };
}

/** One short line for a progress message: first line of `text`, whitespace collapsed, at most `max` characters. */
export function oneLine(text: string, max = 200): string {
  const first = text.trim().split('\n', 1)[0]!.replace(/\s+/g, ' ').trim();
  const more = first.length < text.trim().length;
  if (first.length > max) return `${first.slice(0, max - 1)}…`;
  return more && first !== '' ? `${first} …` : first;
}
