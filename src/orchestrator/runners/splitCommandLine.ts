/** Thrown by splitCommandLine for a line it cannot split. */
export class CommandLineError extends Error {
  constructor(
    readonly reason: 'unterminated-quote' | 'trailing-backslash' | 'empty',
    message: string,
  ) {
    super(message);
    this.name = 'CommandLineError';
  }
}

/**
 * Splits a command line into argv the way a POSIX shell splits words, without running a shell: blanks
 * separate words; 'single quotes' keep everything literally; "double quotes" keep everything but `\"`,
 * `\\`, `\$` and `` \` ``; a backslash outside quotes keeps the next character literally. Nothing is
 * expanded (no `$VAR`, globs, `~` or operators: `a|b` is one word), because the words go to spawn with
 * `shell: false`. Throws CommandLineError on an unterminated quote, a trailing backslash or a blank line.
 */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === "'" || ch === '"') {
      const end = closingQuote(line, i);
      word += ch === "'" ? line.slice(i + 1, end) : unescapeDouble(line.slice(i + 1, end));
      inWord = true;
      i = end;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) throw new CommandLineError('trailing-backslash', `The command line ends with a backslash that escapes nothing: ${line}`);
      // A backslash-newline is a line continuation, as in a shell.
      if (line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i += 1;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandLineError('empty', 'The command line is empty; give the command to run, e.g. "my-agent --flag".');
  return words;
}

/** Index of the quote closing the one at `start`; a backslash escapes a double quote inside double quotes. */
function closingQuote(line: string, start: number): number {
  const quote = line[start]!;
  for (let i = start + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i += 1;
    else if (line[i] === quote) return i;
  }
  throw new CommandLineError('unterminated-quote', `The command line has a ${quote === "'" ? 'single' : 'double'} quote at column ${start + 1} that is never closed: ${line}`);
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([\\"$`\n])/g, (_, c: string) => (c === '\n' ? '' : c));
}
