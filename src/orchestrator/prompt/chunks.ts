/**
 * Splits the markdown of PRP context sections into small pieces that can be kept or left out one by one:
 * paragraphs, top-level list items, and the items of fenced blocks (a YAML list of references, a gotcha),
 * each remembering the heading and the fence it sits in, so a selection can be printed back as valid
 * markdown.
 */

export interface ContextChunk {
  /** The heading the piece sits under. */
  heading: string;
  /** How the piece was separated from the one before it in the source: a list item keeps its list tight. */
  separator: '\n' | '\n\n';
  /** The opening fence line (e.g. "```yaml") when the piece is part of a fenced block. */
  fence?: string;
  /** Same for every piece of one fenced block, so consecutive pieces share one fence when printed. */
  fenceId?: number;
  text: string;
  /** Position in the document, for printing a selection in document order. */
  order: number;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})(.*)$/;
const HEADING = /^\s{0,3}#{1,6}\s/;
const TOP_LEVEL_ITEM = /^(?:[-*+]|\d+[.)])\s/;
/** A line that starts one task's part of a blueprint, e.g. `# Task 2:` in a pseudocode block. */
const TASK_MARKER = /^\s*(?:#+|\/\/|--)?\s*\**Task\s+\d+\b/i;

interface ChunkState {
  heading: string;
  buffer: string[];
  separator: '\n' | '\n\n';
  fence?: { opener: string; marker: string; id: number };
}

/** Counters shared across calls, so order and fence ids stay unique across sections. */
export interface ChunkCounter {
  order: number;
  fence: number;
}

/**
 * The pieces of a section's own text: everything before its first sub-heading (sub-sections are chunked
 * as sections of their own). An unclosed fence ends with the text.
 */
export function chunkSection(content: string, heading: string, counter: ChunkCounter): ContextChunk[] {
  const chunks: ContextChunk[] = [];
  const state: ChunkState = { heading, buffer: [], separator: '\n\n' };
  const flush = (next: '\n' | '\n\n'): void => {
    if (state.buffer.length > 0 && state.buffer.some((line) => line.trim() !== '')) {
      const fence = state.fence;
      chunks.push({ heading: state.heading, separator: state.separator, text: state.buffer.join('\n'), order: counter.order++, ...(fence ? { fence: fence.opener, fenceId: fence.id } : {}) });
    }
    state.buffer = [];
    state.separator = next;
  };
  for (const line of content.split('\n')) {
    if (state.fence === undefined && HEADING.test(line)) break;
    if (!takeFenceLine(line, state, flush, counter)) takeLine(line, state, flush);
  }
  flush('\n\n');
  return chunks;
}

/** Opens or closes a fence; returns false when the line is not a fence line. */
function takeFenceLine(line: string, state: ChunkState, flush: (next: '\n' | '\n\n') => void, counter: ChunkCounter): boolean {
  const match = FENCE.exec(line);
  if (match === null) return false;
  const marker = match[1]!;
  if (state.fence === undefined) {
    flush('\n\n');
    state.fence = { opener: line.trim(), marker, id: counter.fence++ };
    return true;
  }
  // A closing fence repeats the opening character at least as many times and carries no info string.
  if (marker[0] === state.fence.marker[0] && marker.length >= state.fence.marker.length && match[2]!.trim() === '') {
    flush('\n\n');
    state.fence = undefined;
    return true;
  }
  return false;
}

function takeLine(line: string, state: ChunkState, flush: (next: '\n' | '\n\n') => void): void {
  if (line.trim() === '') return flush('\n\n');
  if ((TOP_LEVEL_ITEM.test(line) || TASK_MARKER.test(line)) && state.buffer.length > 0) flush('\n');
  state.buffer.push(line);
}

/** Prints chunks (already in document order) as markdown: headings once, fenced pieces inside one fence. */
export function renderChunks(chunks: readonly ContextChunk[], headingPrefix: string): string {
  let out = '';
  let heading: string | undefined;
  let openFence: { id: number; closer: string } | undefined;
  let previous: ContextChunk | undefined;
  const closeFence = (): void => {
    if (openFence !== undefined) out += `\n${openFence.closer}`;
    openFence = undefined;
  };
  for (const chunk of chunks) {
    if (chunk.heading !== heading) {
      closeFence();
      out += `${out === '' ? '' : '\n\n'}${headingPrefix} ${chunk.heading}\n\n`;
      heading = chunk.heading;
      previous = undefined;
    }
    if (chunk.fenceId !== openFence?.id) {
      closeFence();
      if (previous !== undefined) out += '\n\n';
      if (chunk.fence !== undefined) {
        out += `${chunk.fence}\n`;
        openFence = { id: chunk.fenceId!, closer: FENCE.exec(chunk.fence)![1]! };
      }
    } else if (previous !== undefined) {
      out += previous.order + 1 === chunk.order ? chunk.separator : '\n\n';
    }
    out += chunk.text;
    previous = chunk;
  }
  closeFence();
  return out;
}
