import type { PrpSection, SectionKind } from '../model';
import type { HeadingBlock } from './blocks';
import { MAX_TITLE_CHARS } from './markers';
import { sliceLines, trimRangeEnd, type Source } from './source';

/** A heading and the lines it governs, with its place in the outline. */
export interface SectionNode {
  heading: HeadingBlock;
  /** Kind from the heading's own words. */
  ownKind: SectionKind;
  /** Kind after inheritance: a sub-heading of a checklist is part of the checklist. */
  kind: SectionKind;
  /** Index of the enclosing section, -1 at the top. */
  parent: number;
  /** Last line before the next heading of the same or smaller depth (untrimmed). */
  endLine: number;
  /** Last line before the next heading of any depth. */
  ownEndLine: number;
}

interface KindRule {
  kind: SectionKind;
  test: (t: string) => boolean;
}

/** Checked in order; the first match wins, so `Final Validation Checklist` is a checklist, not validation. */
const RULES: KindRule[] = [
  { kind: 'checklist', test: (t) => /\bchecklist\b/.test(t) && (/^checklist$/.test(t) || /\b(?:final|completion|validation|done|quality|review|implementation|release|deployment|pre-?merge)\b/.test(t)) },
  { kind: 'success-criteria', test: (t) => /\b(?:success|acceptance)\s+(?:criteria|metrics|definition)\b|definition of done|^criteria$/.test(t) },
  { kind: 'validation', test: (t) => /^level\s+\d|\bvalidation\b|^validate\b/.test(t) },
  { kind: 'tasks', test: (t) => /\btasks\b|\btask list\b|step[- ]by[- ]step/.test(t) && !/pseudo-?code|guideline/.test(t) },
  { kind: 'blueprint', test: (t) => /blueprint|implementation (?:plan|details|patterns|approach)|proposed solution|solution statement|^solution$|^implementation$|technical design/.test(t) },
  { kind: 'context', test: (t) => /needed context|^context\b|context references|^references$|^relevant files$/.test(t) },
  { kind: 'goal', test: (t) => /^(?:the |feature |project )?(?:goals?|objectives?)\b/.test(t) },
  { kind: 'why', test: (t) => /^why\b/.test(t) },
  { kind: 'what', test: (t) => /^what\b/.test(t) },
];

/** Lower-case ASCII heading words (the rules are English) without emphasis, emoji, numbering or a trailing colon. */
export function normalizeHeading(text: string): string {
  return text
    .slice(0, 200)
    .toLowerCase()
    .replace(/[*_`~]/g, '')
    .replace(/[^a-z0-9\s&/().:-]/g, ' ')
    .replace(/^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.)\s+/, '')
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function classifyHeading(text: string): SectionKind {
  const normalized = normalizeHeading(text);
  return RULES.find((rule) => rule.test(normalized))?.kind ?? 'other';
}

/** Builds the outline: each heading's range, parent and kind. */
export function buildSections(headings: HeadingBlock[], lineCount: number): SectionNode[] {
  const nodes: SectionNode[] = [];
  const stack: number[] = [];
  headings.forEach((heading, index) => {
    while (stack.length > 0 && nodes[stack[stack.length - 1]!]!.heading.depth >= heading.depth) {
      nodes[stack.pop()!]!.endLine = heading.line - 1;
    }
    const parent = stack.length > 0 ? stack[stack.length - 1]! : -1;
    const ownKind = classifyHeading(heading.text);
    const next = headings[index + 1];
    nodes.push({ heading, ownKind, kind: inheritKind(ownKind, parent >= 0 ? nodes[parent]!.kind : 'other'), parent, endLine: lineCount, ownEndLine: next ? next.line - 1 : lineCount });
    stack.push(index);
  });
  return nodes;
}

function inheritKind(own: SectionKind, parent: SectionKind): SectionKind {
  if (parent === 'checklist' || parent === 'success-criteria') return parent;
  return own === 'other' ? parent : own;
}

/** Sections as the Prp exposes them; content runs to the next heading of the same or smaller depth. */
export function toPrpSections(nodes: SectionNode[], source: Source): PrpSection[] {
  return nodes.map((node) => {
    const end = trimRangeEnd(source, node.heading.line, node.endLine);
    return {
      kind: node.kind,
      heading: clip(node.heading.text),
      depth: node.heading.depth,
      content: sliceLines(source, node.heading.endLine + 1, end).replace(/^\s*\n/, ''),
      range: { startLine: node.heading.line, endLine: Math.max(end, node.heading.endLine) },
    };
  });
}

function clip(text: string): string {
  return text.length > MAX_TITLE_CHARS ? `${text.slice(0, MAX_TITLE_CHARS)}…` : text;
}

/** Index of the innermost section containing `line` (the last heading at or before it), or -1. */
export function sectionAt(nodes: SectionNode[], line: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.heading.line <= line) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
