import MarkdownIt from 'markdown-it';

type MarkdownParser = InstanceType<typeof MarkdownIt>;
import type { Source } from './source';

/** A heading as markdown-it saw it; code fences never yield one. Lines are 1-based. */
export interface HeadingBlock {
  depth: number;
  /** The heading text as written (inline markdown kept, no leading `#`s). */
  text: string;
  line: number;
  /** Last line of the heading itself (a setext heading spans two). */
  endLine: number;
}

export interface FenceBlock {
  /** The info string after the opening fence, e.g. `bash` or `yaml title="x"`. */
  info: string;
  /** First word of the info string, lower-case. */
  lang: string;
  /** Line of the opening fence. */
  line: number;
  /** Line of the closing fence, or the last line of the block when it is never closed. */
  endLine: number;
  closed: boolean;
  /** The code lines, container indentation removed; `contentLines[i]` is on line `line + 1 + i`. */
  contentLines: string[];
}

export interface ListItemBlock {
  line: number;
  endLine: number;
  /** 1 for an item of an outermost list, 2 for an item of a list nested in an item, and so on. */
  depth: number;
  /** The item's first paragraph as written, its lines joined by spaces; empty when it starts with a block. */
  text: string;
}

export interface DocBlocks {
  headings: HeadingBlock[];
  fences: FenceBlock[];
  listItems: ListItemBlock[];
  /** `inFence[i]` is true when 0-based line i belongs to a fenced or indented code block (markers included). */
  inFence: Uint8Array;
}

let parser: MarkdownParser | undefined;

/**
 * Only markdown-it's block rules run: the parser needs the block structure and the raw inline text, and
 * skipping inline tokenising makes it roughly three times faster on large files.
 */
function blockParser(): MarkdownParser {
  if (!parser) {
    parser = new MarkdownIt({ html: true, linkify: false, typographer: false });
    parser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);
  }
  return parser;
}

/** Tokenizes `markdown` (same line count as `source`) into the blocks the PRP readers work from. */
export function scanBlocks(markdown: string, source: Source): DocBlocks {
  const tokens = blockParser().parse(markdown, {});
  const blocks: DocBlocks = { headings: [], fences: [], listItems: [], inFence: new Uint8Array(source.lines.length) };
  const lists: ListState = { depth: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open') {
      const map = token.map ?? [0, 1];
      blocks.headings.push({ depth: Number(token.tag.slice(1)) || 1, text: (tokens[i + 1]?.content ?? '').trim(), line: map[0] + 1, endLine: map[1] });
    } else if (token.type === 'fence' || token.type === 'code_block') {
      addCode(blocks, token.type === 'fence', token.info, token.markup, token.content, token.map, source);
    }
    trackLists(blocks, lists, token);
  }
  return blocks;
}

interface ListState {
  depth: number;
  /** The item whose first paragraph text is still to be read. */
  pending?: ListItemBlock;
}

type BlockToken = { type: string; map: [number, number] | null; content: string };

function trackLists(blocks: DocBlocks, lists: ListState, token: BlockToken): void {
  switch (token.type) {
    case 'bullet_list_open':
    case 'ordered_list_open':
      lists.depth++;
      return;
    case 'bullet_list_close':
    case 'ordered_list_close':
      lists.depth--;
      return;
    case 'list_item_open': {
      const map = token.map ?? [0, 1];
      lists.pending = { line: map[0] + 1, endLine: map[1], depth: lists.depth, text: '' };
      blocks.listItems.push(lists.pending);
      return;
    }
    case 'paragraph_open':
      return;
    case 'inline':
      if (lists.pending) lists.pending.text = (token.content.includes('\n') ? token.content.replace(/[ \t]*\n[ \t]*/g, ' ') : token.content).trim();
      lists.pending = undefined;
      return;
    default:
      // An item that starts with a code block, a heading or a nested list has no first-paragraph text.
      lists.pending = undefined;
  }
}

function addCode(
  blocks: DocBlocks,
  fenced: boolean,
  info: string,
  markup: string,
  content: string,
  map: [number, number] | null,
  source: Source,
): void {
  if (!map) return;
  const [start, end] = map;
  for (let l = start; l < end && l < blocks.inFence.length; l++) blocks.inFence[l] = 1;
  if (!fenced) return;
  const contentLines = content.split('\n');
  if (contentLines.length > 0 && contentLines[contentLines.length - 1] === '') contentLines.pop();
  const closed = end - start >= 2 && isClosingFence(source.lines[end - 1] ?? '', markup);
  const trimmedInfo = info.trim();
  blocks.fences.push({
    info: trimmedInfo,
    lang: (trimmedInfo.split(/[\s{]/, 1)[0] ?? '').toLowerCase(),
    line: start + 1,
    endLine: end,
    closed,
    contentLines,
  });
}

function isClosingFence(line: string, markup: string): boolean {
  const t = line.replace(/^[\s>]*/, '').trimEnd();
  const char = markup[0] ?? '`';
  return t.length >= markup.length && [...t].every((c) => c === char);
}
