/** The Claude Code runner: one `claude -p` process per attempt, its stream parsed, its failures classified. */
export { ClaudeCodeRunner } from './claudeRunner';
export { ClaudeRunnerOptionsError, checkRunnerOptions, type ClaudeCodeRunnerOptions, type ResolvedClaudeOptions } from './runnerOptions';
export { buildClaudeArgs, type ClaudeArgsInput, type ClaudePermissionMode } from './claudeArgs';
export { ClaudeStreamParser, parseClaudeStream, DEFAULT_MAX_LINE_CHARS, type StreamParserOptions } from './streamParser';
export type { ClaudeInit, ClaudeResult, ClaudeUsage, ParsedStream, PermissionDenial } from './streamTypes';
export { classifyOutcome, apiMessage, denialList, type ClassifyContext, type ProcessOutcome } from './classify';
export { createRedactor, redactSecrets, redactDeep, secretValues, REDACTED, type Redactor } from './redact';
export { LineSplitter } from './lineSplitter';
export type { RunnerUsage } from '../types';
