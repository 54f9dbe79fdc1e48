import { isAbsolute, relative } from 'node:path';
import { LineSplitter } from './lineSplitter';
import { arr, isObject, num, obj, oneLine, resultOf, str, toolTarget, type JsonObject } from './streamFields';
import type { ParsedStream } from './streamTypes';

export interface StreamParserOptions {
  /** The directory the agent works in; file paths inside it are reported relative to it. */
  cwd?: string;
  /** Told short, human lines as the agent works (text, tool uses, subagents, retries). Default: ignore. */
  onProgress?: (message: string) => void;
  /**
   * Told the running cost whenever a line reports `total_cost_usd`; `final` is true when that line is a
   * `result` (after which a single-prompt CLI exits). Default: ignore.
   */
  onCost?: (costUsd: number, final: boolean) => void;
  /** Longest line kept, in characters; longer lines are dropped with a note. Default 10 MB (10 × 2^20). */
  maxLineChars?: number;
  /** Told the session id once, on the first line that names it, so a caller can record it before the end. Default: ignore. */
  onSession?: (sessionId: string) => void;
}

export const DEFAULT_MAX_LINE_CHARS = 10 * 1024 * 1024;

/** Tools whose successful call changes a file, and the input field that names it. */
const FILE_TOOLS: Readonly<Record<string, string>> = { Write: 'file_path', Edit: 'file_path', MultiEdit: 'file_path', NotebookEdit: 'notebook_path' };

interface PendingTool {
  name: string;
  file?: string;
}

/**
 * Incremental parser for `claude -p --output-format stream-json --verbose`. It reads lines by name, never
 * by position: key order, extra fields and unknown `type`/`subtype` values change between CLI versions and
 * are ignored. Lines that are not JSON are counted and skipped. A file counts as changed only once its
 * tool call came back without an error, so a denied or failed Write is not reported as a change.
 */
export class ClaudeStreamParser {
  private readonly state: ParsedStream = { filesChanged: [], commands: [], lines: 0, garbageLines: 0, unknownLines: 0, droppedLines: 0 };
  private readonly pending = new Map<string, PendingTool>();
  private readonly files = new Set<string>();
  private readonly splitter: LineSplitter;
  private readonly maxLineChars: number;

  constructor(private readonly options: StreamParserOptions = {}) {
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.splitter = new LineSplitter((line) => this.parseLine(line), (length) => this.dropped(length), this.maxLineChars);
  }

  /** Feeds a chunk of decoded stdout. */
  push(chunk: string): void {
    this.splitter.push(chunk);
  }

  /** Call when stdout ends, to read a last line that had no newline. */
  end(): void {
    this.splitter.end();
  }

  /** Non-empty lines read so far (cheaper than a snapshot). */
  get lineCount(): number {
    return this.state.lines;
  }

  /** Whether a `result` line has been read. */
  get hasResult(): boolean {
    return this.state.result !== undefined;
  }

  /** A copy of what was extracted so far. */
  snapshot(): ParsedStream {
    return { ...this.state, filesChanged: [...this.files], commands: [...this.state.commands] };
  }

  /** Parses one complete line (without its newline). */
  parseLine(line: string): void {
    if (line.trim() === '') return;
    this.state.lines++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.state.garbageLines++;
      return;
    }
    if (!isObject(value) || typeof value.type !== 'string') {
      this.state.garbageLines++;
      return;
    }
    this.dispatch(value);
  }

  private dispatch(line: JsonObject): void {
    if (this.state.sessionId === undefined) {
      this.state.sessionId = str(line, 'session_id');
      if (this.state.sessionId !== undefined) this.options.onSession?.(this.state.sessionId);
    }
    const cost = num(line, 'total_cost_usd');
    if (cost !== undefined) this.cost(cost, line.type === 'result');
    switch (line.type) {
      case 'system':
        return this.system(line);
      case 'assistant':
        return this.assistant(line);
      case 'user':
        return this.user(line);
      case 'result':
        return this.result(line);
      default:
        this.state.unknownLines++;
    }
  }

  private cost(costUsd: number, final: boolean): void {
    if (this.state.maxCostUsd === undefined || costUsd > this.state.maxCostUsd) this.state.maxCostUsd = costUsd;
    this.options.onCost?.(costUsd, final);
  }

  private system(line: JsonObject): void {
    const subtype = str(line, 'subtype');
    if (subtype === 'init') {
      const tools = arr(line, 'tools').filter((t): t is string => typeof t === 'string');
      const init = { sessionId: str(line, 'session_id'), model: str(line, 'model'), tools, cwd: str(line, 'cwd'), version: str(line, 'claude_code_version'), permissionMode: str(line, 'permissionMode') };
      this.state.init ??= init;
      const version = init.version === undefined ? '' : ` ${init.version}`;
      this.progress(`Claude Code${version} started${init.model === undefined ? '' : ` (model ${init.model})`}`);
    } else if (subtype === 'task_started') {
      const agent = str(line, 'subagent_type');
      this.progress(`subagent${agent === undefined ? '' : ` ${agent}`} started: ${oneLine(str(line, 'description') ?? '')}`);
    } else if (subtype === 'task_notification') {
      this.progress(`subagent ${str(line, 'status') ?? 'finished'}: ${oneLine(str(line, 'summary') ?? '')}`);
    } else if (subtype === 'api_retry') {
      this.progress(retryMessage(line));
    }
  }

  private assistant(line: JsonObject): void {
    const message = obj(line, 'message');
    if (message === undefined) return;
    const model = str(message, 'model');
    if (model !== undefined && model !== '<synthetic>') this.state.model = model;
    for (const block of arr(message, 'content')) {
      if (!isObject(block)) continue;
      if (block.type === 'text') this.text(str(block, 'text') ?? '');
      else if (block.type === 'tool_use') this.toolUse(block);
    }
  }

  private text(text: string): void {
    if (text.trim() === '') return;
    this.state.lastText = text;
    this.progress(oneLine(text));
  }

  private toolUse(block: JsonObject): void {
    const name = str(block, 'name') ?? 'a tool';
    const id = str(block, 'id');
    const input = obj(block, 'input');
    const fileField = FILE_TOOLS[name];
    const file = fileField !== undefined && input !== undefined ? str(input, fileField) : undefined;
    if (id !== undefined) this.pending.set(id, { name, file: file === undefined ? undefined : this.relativePath(file) });
    this.progress(this.describeToolUse(name, input, file));
  }

  private describeToolUse(name: string, input: JsonObject | undefined, file: string | undefined): string {
    if (file !== undefined) return `${name === 'Write' ? 'write' : 'edit'} ${this.relativePath(file)}`;
    if (name === 'Bash') {
      const command = input === undefined ? undefined : str(input, 'command');
      if (command !== undefined) this.state.commands.push(command);
      return `ran: ${oneLine(command ?? '')}`;
    }
    if (name === 'Agent' || name === 'Task') {
      const agent = input === undefined ? undefined : str(input, 'subagent_type');
      return `delegated to ${agent ?? 'a subagent'}: ${oneLine((input && str(input, 'description')) ?? '')}`;
    }
    const target = toolTarget(input);
    return target === undefined ? `used ${name}` : `${name.toLowerCase()} ${oneLine(this.relativePath(target), 120)}`;
  }

  private user(line: JsonObject): void {
    const message = obj(line, 'message');
    if (message === undefined) return;
    for (const block of arr(message, 'content')) {
      if (!isObject(block) || block.type !== 'tool_result') continue;
      const id = str(block, 'tool_use_id');
      const tool = id === undefined ? undefined : this.pending.get(id);
      if (id === undefined || tool === undefined) continue;
      this.pending.delete(id);
      if (block.is_error === true) this.progress(`${tool.name} failed: ${oneLine(resultText(block.content))}`);
      else if (tool.file !== undefined) this.files.add(tool.file);
    }
  }

  private result(line: JsonObject): void {
    const result = resultOf(line);
    for (const denial of result.permissionDenials) if (denial.target !== undefined && FILE_TOOLS[denial.toolName] !== undefined) denial.target = this.relativePath(denial.target);
    this.state.result = result;
    // A denied call never changed its file, whatever a later line implies.
    for (const denial of result.permissionDenials) {
      if (denial.target !== undefined && FILE_TOOLS[denial.toolName] !== undefined) this.files.delete(denial.target);
    }
  }

  private dropped(length: number): void {
    this.state.droppedLines++;
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;
    this.progress(`skipped an output line of ${mb(length)} (over the ${mb(this.maxLineChars)} line limit)`);
  }

  private relativePath(path: string): string {
    for (const base of [this.state.init?.cwd, this.options.cwd]) {
      if (base === undefined || !isAbsolute(path)) continue;
      const rel = relative(base, path);
      if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel;
    }
    return path;
  }

  private progress(message: string): void {
    if (message.trim() !== '') this.options.onProgress?.(message);
  }
}

/** "API error 529 (overloaded); Claude Code retries in 2 s (attempt 1 of 10)" from a `system/api_retry` line. */
function retryMessage(line: JsonObject): string {
  const status = num(line, 'error_status');
  const kind = str(line, 'error');
  const what = [status, kind === undefined || kind === 'unknown' ? undefined : `(${kind.replace(/_/g, ' ')})`].filter((p) => p !== undefined).join(' ');
  const delay = num(line, 'retry_delay_ms');
  const when = delay === undefined ? '' : ` in ${Math.round(delay / 100) / 10} s`;
  const max = num(line, 'max_retries');
  return `API error${what === '' ? '' : ` ${what}`}; Claude Code retries${when} (attempt ${num(line, 'attempt') ?? '?'}${max === undefined ? '' : ` of ${max}`})`;
}

/** The text of a tool_result's `content`, which is a string or a list of text blocks. */
function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : '')).join(' ');
}

/** Parses a whole captured stream at once (tests, diagnostics, `--output-format json` output). */
export function parseClaudeStream(text: string, options: StreamParserOptions = {}): ParsedStream {
  const parser = new ClaudeStreamParser(options);
  parser.push(text);
  parser.end();
  return parser.snapshot();
}
