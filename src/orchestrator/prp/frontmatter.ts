import { parseDocument } from 'yaml';
import type { SourceRange } from '../model';
import type { DiagnosticSink } from './diagnostics';
import type { Source } from './source';

/**
 * What a PRP says about itself before its markdown starts: real `---` frontmatter, or the prp_base style
 * `name: "..."` / `description: |` header that ends at the first `---` line.
 */
export interface PrpHeader {
  kind: 'frontmatter' | 'header' | 'none';
  range?: SourceRange;
  data?: Record<string, unknown>;
  name?: string;
  title?: string;
  description?: string;
  /** 1-based lines to hide from the markdown parser, so `name:` above `---` never reads as a setext heading. */
  hiddenLines: number[];
}

/** How far down a closing `---` is looked for; a PRP header is a few lines, not a document. */
const MAX_FRONTMATTER_LINES = 500;
const MAX_HEADER_LINES = 120;
const KEY_LINE = /^([A-Za-z_][\w-]{0,40})\s*:(?:\s|$)/;
const HEADER_START = /^(?:name|title|description)\s*:/i;

export function readHeader(source: Source, sink: DiagnosticSink): PrpHeader {
  const { lines } = source;
  if (lines.length > 0 && lines[0]!.trim() === '---') return readFrontmatter(lines, sink);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first >= 0 && first < 5 && HEADER_START.test(lines[first]!)) return readHeaderBlock(lines, first);
  return { kind: 'none', hiddenLines: [] };
}

function readFrontmatter(lines: string[], sink: DiagnosticSink): PrpHeader {
  const limit = Math.min(lines.length, MAX_FRONTMATTER_LINES);
  let close = -1;
  for (let i = 1; i < limit; i++) {
    const t = lines[i]!.trim();
    if (t === '---' || t === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) {
    const next = lines.slice(1, 6).find((line) => line.trim() !== '');
    if (next !== undefined && KEY_LINE.test(next)) {
      sink.warning('unterminated-frontmatter', 1, 'Frontmatter opened with `---` on line 1 is never closed; add a `---` line after its last field, or it is read as markdown.');
    }
    return { kind: 'none', hiddenLines: [] };
  }
  const range = { startLine: 1, endLine: close + 1 };
  const hiddenLines = Array.from({ length: close + 1 }, (_, i) => i + 1);
  const parsed = parseYaml(lines.slice(1, close).join('\n'));
  if (!parsed.ok) {
    sink.warning('invalid-frontmatter', 1, `Frontmatter (lines 1-${close + 1}) is not valid YAML (${parsed.reason}); its fields are ignored.`, close + 1);
    return { kind: 'frontmatter', range, hiddenLines };
  }
  return { kind: 'frontmatter', range, hiddenLines, ...fieldsOf(parsed.data) };
}

function readHeaderBlock(lines: string[], first: number): PrpHeader {
  const limit = Math.min(lines.length, first + MAX_HEADER_LINES);
  let close = -1;
  for (let i = first + 1; i < limit; i++) {
    if (lines[i]!.trim() === '---') {
      close = i;
      break;
    }
  }
  const end = close >= 0 ? close : contiguousKeyBlockEnd(lines, first);
  const block = lines.slice(first, end);
  const parsed = parseYaml(block.join('\n'));
  const data = parsed.ok ? parsed.data : lineWiseFields(block);
  // When the block is valid YAML every line of it is header; otherwise (markdown inside `description: |`, as
  // prp_base has it) only the top-level key lines are hidden and the markdown stays visible as sections.
  const hiddenLines: number[] = [];
  for (let i = first; i < end; i++) {
    if (parsed.ok || KEY_LINE.test(lines[i]!)) hiddenLines.push(i + 1);
  }
  if (close >= 0) hiddenLines.push(close + 1);
  const range = { startLine: first + 1, endLine: close >= 0 ? close + 1 : end };
  return { kind: 'header', range, hiddenLines, ...fieldsOf(data) };
}

/** Without a closing `---`, the header is the run of `key: value` lines and their indented continuations. */
function contiguousKeyBlockEnd(lines: string[], first: number): number {
  let i = first + 1;
  while (i < lines.length && i < first + MAX_HEADER_LINES) {
    const line = lines[i]!;
    if (!(KEY_LINE.test(line) || /^\s+\S/.test(line))) break;
    i++;
  }
  return i;
}

/** Reads `key: value` lines one by one, for header blocks that are not valid YAML. */
function lineWiseFields(block: string[]): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let i = 0; i < block.length; i++) {
    const match = KEY_LINE.exec(block[i]!);
    if (!match) continue;
    const key = match[1]!;
    const value = block[i]!.slice(match[0].length).trim();
    if (/^[|>][+-]?\d?$/.test(value)) {
      const body: string[] = [];
      while (i + 1 < block.length && !KEY_LINE.test(block[i + 1]!)) body.push(block[++i]!);
      data[key] = body.join('\n').trim();
    } else {
      data[key] = unquote(value);
    }
  }
  return data;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2]! : value;
}

type YamlResult = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

function parseYaml(text: string): YamlResult {
  try {
    const doc = parseDocument(text, { logLevel: 'silent', prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length > 0) return { ok: false, reason: firstLine(doc.errors[0]!.message) };
    const value: unknown = doc.toJS({ maxAliasCount: 50 });
    if (value === null || value === undefined) return { ok: true, data: {} };
    if (typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'it is not a list of `key: value` fields' };
    // A JSON round trip keeps the Prp serializable whatever tags the YAML used.
    return { ok: true, data: JSON.parse(JSON.stringify(value)) as Record<string, unknown> };
  } catch (error) {
    return { ok: false, reason: firstLine(error instanceof Error ? error.message : String(error)) };
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

function fieldsOf(data: Record<string, unknown>): Pick<PrpHeader, 'data' | 'name' | 'title' | 'description'> {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const result: Pick<PrpHeader, 'data' | 'name' | 'title' | 'description'> = { data };
  const name = text(data.name);
  const title = text(data.title);
  const description = text(data.description);
  if (name !== undefined) result.name = name;
  if (title !== undefined) result.title = title;
  if (description !== undefined) result.description = description;
  return result;
}
