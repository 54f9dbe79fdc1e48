import type { Task } from '../model';
import type { ContextChunk } from './chunks';

/** What a piece of PRP text may mention that ties it to a task. */
export interface TaskTerms {
  /** Target file paths, lower-cased. */
  paths: string[];
  /** Their base names (`password.ts`), lower-cased. */
  names: string[];
  /** Base names without extension when distinctive (4+ characters), lower-cased. */
  stems: RegExp[];
  /** camelCase and snake_case identifiers named in the task's text. */
  identifiers: RegExp[];
  tags: RegExp[];
  /** Distinctive words of the title. */
  words: RegExp[];
}

const WEIGHTS = { path: 4, name: 3, identifier: 2, stem: 1.5, tag: 1, word: 0.5 };
/** Headings of parts worth keeping for any task: traps the PRP warns about. */
const GENERAL_HEADING = /gotcha|pitfall|critical|caveat|known issue|anti-pattern|quirk|convention/i;
const STOP_WORDS = new Set(['create', 'modify', 'update', 'delete', 'implement', 'refactor', 'should', 'which', 'their', 'there', 'these', 'those', 'about', 'with', 'from', 'into', 'that', 'this', 'file', 'files', 'task', 'tests', 'using', 'add', 'make', 'ensure']);
const IDENTIFIER = /\b(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Za-z]+_[A-Za-z0-9_]+|[A-Z][a-z]+[A-Z][A-Za-z0-9]*)\b/g;

function word(text: string): RegExp {
  return new RegExp(`\\b${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The terms of a task, computed once per prompt. */
export function taskTerms(task: Pick<Task, 'title' | 'body' | 'files' | 'tags'>): TaskTerms {
  const paths = task.files.map((f) => f.toLowerCase());
  const names = [...new Set(paths.map(baseName))];
  const stems = [...new Set(names.map((n) => n.replace(/\.[^.]+$/, '')).filter((s) => s.length >= 4 && !STOP_WORDS.has(s)))].map(word);
  const identifiers = [...new Set(`${task.title}\n${task.body}`.match(IDENTIFIER) ?? [])].slice(0, 30).map(word);
  const titleWords = task.title.toLowerCase().match(/[a-z][a-z0-9-]{4,}/g) ?? [];
  const words = [...new Set(titleWords.filter((w) => !STOP_WORDS.has(w) && !names.some((n) => n.includes(w))))].map(word);
  return { paths, names, stems, identifiers, tags: task.tags.filter((t) => t.length >= 2).map(word), words };
}

/** How strongly a piece of text concerns the task: file paths count most, title words least. */
export function relevance(chunk: Pick<ContextChunk, 'text' | 'heading'>, terms: TaskTerms): number {
  const lower = chunk.text.toLowerCase();
  let score = 0;
  for (const path of terms.paths) if (lower.includes(path)) score += WEIGHTS.path;
  for (const name of terms.names) if (lower.includes(name)) score += WEIGHTS.name;
  for (const stem of terms.stems) if (stem.test(chunk.text)) score += WEIGHTS.stem;
  for (const identifier of terms.identifiers) if (identifier.test(chunk.text)) score += WEIGHTS.identifier;
  for (const tag of terms.tags) if (tag.test(chunk.text)) score += WEIGHTS.tag;
  for (const w of terms.words) if (w.test(chunk.text)) score += WEIGHTS.word;
  if (GENERAL_HEADING.test(chunk.heading)) score += 1;
  return score;
}

export interface Candidate {
  chunk: ContextChunk;
  /** Kept only when relevant (parts of the blueprint that may concern other tasks). */
  requireRelevance: boolean;
}

/** Smallest piece worth cutting a long relevant chunk down to, in characters. */
const MIN_CUT_CHARS = 300;

/**
 * Picks the pieces that fit `budget` characters, most relevant first (document order breaks ties), and
 * returns them in document order with how many were left out. A relevant piece too long for what is left
 * is cut at a line boundary rather than dropped.
 */
export function selectChunks(candidates: readonly Candidate[], terms: TaskTerms, budget: number): { chosen: ContextChunk[]; omitted: number } {
  const scored = candidates
    .map((c) => ({ ...c, score: relevance(c.chunk, terms) }))
    .filter((c) => !c.requireRelevance || c.score >= WEIGHTS.identifier)
    .sort((a, b) => b.score - a.score || a.chunk.order - b.chunk.order);
  const chosen: ContextChunk[] = [];
  let left = budget;
  for (const { chunk, score } of scored) {
    const cost = chunk.text.length + 2;
    if (cost <= left) {
      chosen.push(chunk);
      left -= cost;
    } else if (score > 0 && left >= MIN_CUT_CHARS) {
      chosen.push({ ...chunk, text: cutAtLine(chunk.text, left - 2) });
      left = 0;
    }
  }
  chosen.sort((a, b) => a.order - b.order);
  const kept = new Set(chosen.map((c) => c.order));
  // Blueprint parts about other tasks were never meant for this one, so they do not count as left out.
  const omitted = candidates.filter((c) => !c.requireRelevance && !kept.has(c.chunk.order)).length;
  return { chosen, omitted };
}

/** The longest prefix of whole lines within `max` characters, marked as cut. */
export function cutAtLine(text: string, max: number): string {
  const marker = '\n…';
  if (text.length <= max) return text;
  const room = Math.max(0, max - marker.length);
  const end = text.lastIndexOf('\n', room);
  return `${text.slice(0, end > 0 ? end : room)}${marker}`;
}
