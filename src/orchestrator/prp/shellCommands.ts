/**
 * Reads shell commands out of a validation code block as a person would run them: comment and
 * expected-output lines skipped, backslash and open-quote continuations joined, heredocs kept whole.
 */
export interface RawCommand {
  command: string;
  /** 1-based line where the command starts. */
  line: number;
}

/** A continued command never runs past this many lines; an unbalanced quote in prose must not swallow a block. */
const MAX_JOINED_LINES = 200;
const PROMPT_LANGS = new Set(['console', 'terminal', 'shell-session', 'sh-session']);

export function commandsFromFence(lines: string[], firstLine: number, lang: string): RawCommand[] {
  const promptMode = PROMPT_LANGS.has(lang) || mostlyPrompts(lines);
  const commands: RawCommand[] = [];
  let i = 0;
  while (i < lines.length) {
    const start = i++;
    let text = lines[start]!.trim();
    if (promptMode) {
      const prompt = /^\$\s+(.*)$/.exec(text);
      if (!prompt) continue;
      text = prompt[1]!;
    }
    if (text === '' || isCommentOrOutput(text)) continue;
    const joined = joinContinuations(text, lines, i, promptMode);
    if (joined) {
      i = joined.next;
      commands.push({ command: joined.command, line: firstLine + start });
    } else {
      commands.push({ command: text, line: firstLine + start });
    }
  }
  return commands;
}

function mostlyPrompts(lines: string[]): boolean {
  let prompts = 0;
  let others = 0;
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (/^\$\s+\S/.test(t)) prompts++;
    else others++;
  }
  return prompts > 0 && prompts >= others;
}

const OUTPUT_LINE = /^(?:expected|expect|output|result|response|returns?|should)\b[^:]{0,40}:/i;

function isCommentOrOutput(text: string): boolean {
  return (
    text.startsWith('#') ||
    text.startsWith('//') ||
    OUTPUT_LINE.test(text) ||
    /^(?:→|=>|->|<--|✓|✔|✅|❌)/u.test(text) ||
    /^[{}\])]/.test(text) ||
    /^REM\b/.test(text)
  );
}

/** Joins the lines that continue `first` (from `lines[next]` on); undefined when a quote never closes. */
function joinContinuations(first: string, lines: string[], next: number, promptMode: boolean): { command: string; next: number } | undefined {
  let state = scan(first, null);
  let command = state.code;
  let i = next;
  while (state.quote || state.continued) {
    if (i >= lines.length || i - next >= MAX_JOINED_LINES) {
      if (state.quote) return undefined;
      break;
    }
    let raw = lines[i++]!;
    if (promptMode) raw = raw.replace(/^\s*>\s?/, '');
    if (state.quote) {
      const quote = state.quote;
      state = scan(raw, quote);
      command += `\n${state.code}`;
    } else {
      state = scan(raw.trim(), null);
      command = `${command} ${state.code}`.trim();
    }
  }
  const heredoc = /<<-?\s*(['"]?)([A-Za-z_][\w-]{0,40})\1/.exec(command);
  if (heredoc) {
    let end = -1;
    for (let k = i; k < lines.length && k < i + MAX_JOINED_LINES; k++) {
      if (lines[k]!.trim() === heredoc[2]) {
        end = k;
        break;
      }
    }
    if (end >= 0) {
      command += `\n${lines.slice(i, end + 1).join('\n')}`;
      i = end + 1;
    }
  }
  return { command: command.trim(), next: i };
}

interface ScanState {
  /** The line without its trailing comment or continuation backslash. */
  code: string;
  /** The quote still open at the end of the line, if any. */
  quote: "'" | '"' | null;
  /** True when the line ends with `\`, `|`, `&&` or `||`, so the command goes on. */
  continued: boolean;
}

/** Walks one line with shell quoting rules, starting inside `open` when a quote spans lines. */
function scan(line: string, open: "'" | '"' | null): ScanState {
  let quote = open;
  let commentAt = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = null;
    } else if (c === '\\') {
      i++;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      commentAt = i;
      break;
    }
  }
  let code = commentAt >= 0 ? line.slice(0, commentAt) : line;
  if (quote) return { code, quote, continued: false };
  code = code.trimEnd();
  if (endsWithOddBackslashes(code)) return { code: code.slice(0, -1).trimEnd(), quote: null, continued: true };
  return { code, quote: null, continued: /(?:^|[^\\])(?:\||&&)$/.test(code) };
}

function endsWithOddBackslashes(code: string): boolean {
  let count = 0;
  for (let i = code.length - 1; i >= 0 && code[i] === '\\'; i--) count++;
  return count % 2 === 1;
}

const PLACEHOLDERS: RegExp[] = [
  /(?<!\[)\[[A-Za-z](?:[\w ./-]{0,60}[\w./-])?\]/,
  // `<<EOF >` is a heredoc and `< in >` a redirection; a placeholder has no `<` before it and no space at its edges.
  /(?<![<\w])<[A-Za-z](?:[\w ./-]{0,60}[\w./-])?>/,
  /\byour[\s_-]+[A-Za-z]/i,
  /\b(?:command|path|file|url|value)[\s_-]here\b/i,
  /(?<![$\w])\{[A-Za-z_][\w-]{0,40}\}/,
];

/** The text that makes `command` a template placeholder (`[your test command]`, `<project-id>`), if any. */
export function placeholderIn(command: string): string | undefined {
  for (const pattern of PLACEHOLDERS) {
    const match = pattern.exec(command);
    // A bracket pair around a single character range (`[a-z]`) is a regex class, not a placeholder.
    if (match && !/^\[\w(?:-\w)?\]$/.test(match[0])) return match[0];
  }
  return undefined;
}

/**
 * A command written inline in a list item: `` - `uv run pytest` → exit 0 `` or `Run \`npx tsc\``.
 * A leading code span needs a space in it, so a bare name (`prp-review`) is not taken for a command.
 */
export function inlineCommand(text: string): string | undefined {
  const run = /\b(?:run|execute)\s*:?\s*`([^`\n]+)`/i.exec(text);
  if (run && looksLikeCommand(run[1]!)) return run[1]!.trim();
  const lead = /^`([^`\n]+)`/.exec(text.trim());
  if (lead && /\s/.test(lead[1]!.trim()) && looksLikeCommand(lead[1]!)) return lead[1]!.trim();
  return undefined;
}

function looksLikeCommand(candidate: string): boolean {
  const c = candidate.trim();
  if (c === '' || /^[/#-]/.test(c)) return false;
  const program = c.split(/\s+/, 1)[0]!;
  return /^[\w.~/-]+$/.test(program) && /[A-Za-z]/.test(program);
}
