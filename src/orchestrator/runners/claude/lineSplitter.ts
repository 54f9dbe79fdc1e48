/**
 * Splits a stream of text chunks into lines. Chunks may end anywhere (mid-line, mid-JSON); a line is
 * emitted once its newline arrives, or at `end()` when the stream stops without one. A line longer than
 * `maxLineChars` is dropped whole (its memory is released as soon as it passes the cap) and reported to
 * `onDropped`, so one runaway line can neither exhaust memory nor be mistaken for valid JSON when cut.
 */
export class LineSplitter {
  private partial = '';
  private discarding = false;
  private droppedChars = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onDropped: (length: number) => void,
    private readonly maxLineChars: number,
  ) {}

  /** Feeds one chunk (already decoded: the caller uses a UTF-8 decoder so characters are never split). */
  push(chunk: string): void {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      this.complete(chunk.slice(start, newline));
      start = newline + 1;
    }
    this.accumulate(start === 0 ? chunk : chunk.slice(start));
  }

  /** Flushes a last line that had no newline (a truncated stream still yields what it has). */
  end(): void {
    if (this.discarding || this.partial !== '') this.complete('');
  }

  private complete(piece: string): void {
    if (this.discarding) {
      this.onDropped(this.droppedChars + piece.length);
      this.discarding = false;
      this.droppedChars = 0;
      return;
    }
    const length = this.partial.length + piece.length;
    if (length > this.maxLineChars) {
      this.partial = '';
      this.onDropped(length);
      return;
    }
    const line = this.partial === '' ? piece : this.partial + piece;
    this.partial = '';
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  private accumulate(rest: string): void {
    if (rest === '') return;
    if (this.discarding) {
      this.droppedChars += rest.length;
      return;
    }
    if (this.partial.length + rest.length > this.maxLineChars) {
      this.droppedChars = this.partial.length + rest.length;
      this.partial = '';
      this.discarding = true;
      return;
    }
    this.partial += rest;
  }
}
