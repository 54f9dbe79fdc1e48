import type { Prp } from '../model';
import { scanBlocks, type DocBlocks } from './blocks';
import type { DocContext } from './context';
import { extractCriteria } from './criteria';
import { DiagnosticSink, guard } from './diagnostics';
import { readHeader, type PrpHeader } from './frontmatter';
import { MAX_TITLE_CHARS } from './markers';
import { buildSections, toPrpSections, type SectionNode } from './sections';
import { createSource, sliceLines, trimRangeEnd, type Source } from './source';
import { extractTasks } from './tasks';
import { extractValidation } from './validation';

export interface ParsePrpOptions {
  /** Path of the PRP file: kept in `source.path` and used as the title when the file has none. Default: none. */
  path?: string;
}

/**
 * Parses PRP markdown into a Prp. Never throws, whatever the input: problems become diagnostics with line
 * numbers, and a stage that fails reports an `internal-error` diagnostic while the other stages still run.
 */
export function parsePrp(text: string, options: ParsePrpOptions = {}): Prp {
  const sink = new DiagnosticSink();
  const source = createSource(asText(text));
  const path = typeof options?.path === 'string' ? options.path : undefined;
  const prp: Prp = {
    title: 'Untitled PRP',
    sections: [],
    tasks: [],
    validation: [],
    successCriteria: [],
    checklist: [],
    diagnostics: [],
    source: { lineCount: source.lines.length },
  };
  if (path !== undefined) prp.source.path = path;
  guard(sink, 'the document', undefined, () => fill(prp, source, sink, path));
  prp.diagnostics = sink.toArray();
  return prp;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return value === null || value === undefined ? '' : String(value);
  } catch {
    return '';
  }
}

const NO_HEADER: PrpHeader = { kind: 'none', hiddenLines: [] };

function fill(prp: Prp, source: Source, sink: DiagnosticSink, path: string | undefined): void {
  checkBinary(source, sink);
  const header = guard(sink, 'the frontmatter', NO_HEADER, () => readHeader(source, sink));
  const empty: DocBlocks = { headings: [], fences: [], listItems: [], inFence: new Uint8Array(source.lines.length) };
  const blocks = guard(sink, 'the markdown structure', empty, () => scanBlocks(markdownOf(source, header), source));
  const sections = buildSections(blocks.headings, source.lines.length);
  const ctx: DocContext = { source, blocks, sections, sink };
  prp.sections = toPrpSections(sections, source);
  setHeaderFields(prp, header);
  setSummaries(prp, ctx);
  prp.title = titleOf(header, blocks, path);
  prp.tasks = guard(sink, 'the tasks', [], () => extractTasks(ctx));
  prp.validation = guard(sink, 'the validation levels', [], () => extractValidation(ctx));
  Object.assign(prp, guard(sink, 'the success criteria', { successCriteria: [], checklist: [] }, () => extractCriteria(ctx)));
  for (const fence of blocks.fences) {
    if (!fence.closed) {
      sink.warning('unterminated-fence', fence.line, `The code block opened on line ${fence.line} is never closed, so everything after it reads as code; add a closing \`\`\` line.`, fence.endLine);
    }
  }
}

/** The text markdown-it sees: header lines blanked, so line numbers stay those of the file. */
function markdownOf(source: Source, header: PrpHeader): string {
  if (header.hiddenLines.length === 0) return source.text;
  const hidden = new Set(header.hiddenLines);
  return source.lines.map((line, i) => (hidden.has(i + 1) ? '' : line)).join('\n');
}

function setHeaderFields(prp: Prp, header: PrpHeader): void {
  if (header.name !== undefined) prp.name = header.name;
  if (header.description !== undefined) prp.description = header.description;
  if (header.data !== undefined) prp.frontmatter = header.data;
}

/** Goal, why and what: the text of the first such section before its first sub-heading. */
function setSummaries(prp: Prp, ctx: DocContext): void {
  for (const kind of ['goal', 'why', 'what'] as const) {
    const node = ctx.sections.find((n) => n.ownKind === kind);
    const text = node ? ownText(node, ctx.source) : '';
    if (text !== '') prp[kind] = text;
  }
}

function ownText(node: SectionNode, source: Source): string {
  const start = node.heading.endLine + 1;
  const own = sliceLines(source, start, trimRangeEnd(source, start, node.ownEndLine)).trim();
  return own !== '' ? own : sliceLines(source, start, trimRangeEnd(source, start, node.endLine)).trim();
}

/** Frontmatter `name`/`title`, else the first H1, else a `name:` header, else the file name. */
function titleOf(header: PrpHeader, blocks: DocBlocks, path: string | undefined): string {
  const h1 = blocks.headings.find((h) => h.depth === 1 && h.text !== '')?.text;
  const fromFile = path?.split(/[\\/]/).pop()?.replace(/\.(?:md|markdown|mdx|txt)$/i, '');
  const title =
    (header.kind === 'frontmatter' ? (header.name ?? header.title) : undefined) ??
    h1 ??
    (header.kind === 'header' ? (header.name ?? header.title) : undefined) ??
    (fromFile ? fromFile : undefined) ??
    'Untitled PRP';
  return title.length > MAX_TITLE_CHARS ? `${title.slice(0, MAX_TITLE_CHARS)}…` : title;
}

/** Control characters in the first 64 KB mean the file is not text; saying so beats a silent empty Prp. */
function checkBinary(source: Source, sink: DiagnosticSink): void {
  const sample = source.text.slice(0, 65536);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10) || code === 0xfffd) control++;
  }
  if (control > 0 && (sample.includes('\u0000') || control / sample.length > 0.01)) {
    sink.warning('binary-content', 1, `This file looks like binary data, not markdown (${control} control characters in its first 64 KB); check that the right file was opened.`);
  }
}
