/**
 * The PRP text as the rest of the parser sees it: one line ending style, no byte-order mark, and a table of
 * line offsets so that any line range can be sliced out of the text without copying line arrays.
 */
export interface Source {
  /** The normalized text (LF line endings, no BOM). */
  text: string;
  /** The text split into lines; a final newline does not start an extra line. */
  lines: string[];
  /** Offset in `text` where each line starts. */
  offsets: number[];
}

/** Strips a BOM and turns CRLF and lone CR into LF, the way editors count lines. */
export function normalizeText(input: string): string {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function createSource(input: string): Source {
  const text = normalizeText(input);
  const lines = text.length === 0 ? [] : text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const offsets = new Array<number>(lines.length);
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    offsets[i] = offset;
    offset += lines[i]!.length + 1;
  }
  return { text, lines, offsets };
}

/** The raw text of 1-based inclusive lines `start..end`, as written. */
export function sliceLines(source: Source, start: number, end: number): string {
  if (end < start || start < 1 || start > source.lines.length) return '';
  const last = Math.min(end, source.lines.length);
  const from = source.offsets[start - 1]!;
  const to = source.offsets[last - 1]! + source.lines[last - 1]!.length;
  return source.text.slice(from, to);
}

/** Moves `end` back over blank lines and thematic breaks so ranges end on real content. */
export function trimRangeEnd(source: Source, start: number, end: number): number {
  let last = Math.min(end, source.lines.length);
  while (last > start && isFiller(source.lines[last - 1]!)) last--;
  return last;
}

function isFiller(line: string): boolean {
  const t = line.trim();
  return t === '' || /^(?:-{3,}|\*{3,}|_{3,})$/.test(t) || t === '<!-- EOF -->';
}
