import type { TaskMarker } from '../model';
import { stripMarker } from './markers';
import { cleanPathToken, isPathLike } from './paths';

/** What a task's heading or list line says: the author's number, the title as written, a status marker. */
export interface TitleInfo {
  number?: number;
  title: string;
  marker?: TaskMarker;
  /** The upper-case action word the title starts with (`CREATE`, `UPDATE`), when it names one. */
  verb?: string;
  /** The path right after that action word (`CREATE src/a.ts:` → `src/a.ts`). */
  path?: string;
}

/**
 * Action words that mark a task's kind. A title such as `API Endpoints` starts with an upper-case word too,
 * so only words from this list count as actions.
 */
export const ACTION_VERBS = new Set(
  (
    'CREATE MODIFY UPDATE DELETE REMOVE ADD EDIT WRITE REPLACE REFACTOR FIX EXTEND RENAME MOVE COPY CHANGE ' +
    'TOUCH PATCH ENHANCE INJECT APPEND IMPLEMENT INSTALL CONFIGURE SETUP INTEGRATE MIGRATE TEST VERIFY ' +
    'DOCUMENT DEPLOY OPTIMIZE CONVERT EXTRACT MERGE SPLIT BUILD GENERATE RUN ENABLE DISABLE DEFINE INIT ' +
    'INITIALIZE UPGRADE DEPRECATE CLEANUP FOLD BUNDLE CONFIRM REVIEW DESIGN RESEARCH ANALYZE WIRE EXPORT ' +
    'DEBUG INVESTIGATE VALIDATE SET ENSURE MIRROR'
  ).split(' '),
);

/** Action words that change the file they name, so `VERB path` makes `path` a target of the task. */
export const FILE_VERBS = new Set(
  'CREATE MODIFY UPDATE DELETE REMOVE ADD EDIT WRITE REPLACE REFACTOR FIX EXTEND RENAME MOVE COPY CHANGE TOUCH PATCH ENHANCE INJECT APPEND IMPLEMENT INSTALL'.split(' '),
);

const NUMBERED = /^(Task|Step)\s+#?(\d{1,6})(?!\.?\d)\s*(?:[:.)\-–—]\s*)?(.*)$/i;
const PHASE = /^(?:Phase|Step|Sprint|Stage|Milestone|Part|Iteration)\s+#?(\d{1,4})(?!\.?\d)\s*(?:[:.)\-–—]\s*)?(.*)$/i;
const DECIMAL = /^(\d{1,3}(?:\.\d{1,3})+)\.?\s+\S/;
const ACTION_HEADING = /^([A-Z][A-Z_]{1,19})\s+(\S+)\s*(?::.*)?$/;

/** `Task 3: Title`, `Step 2 - Title`, `` `[x]` Task 1: Title ✅ ``; `keywords` limits which words count. */
export function parseNumberedTitle(raw: string, keywords: ReadonlyArray<'task' | 'step'>): TitleInfo | undefined {
  const marked = stripMarker(raw);
  const match = NUMBERED.exec(marked.text);
  if (!match || !keywords.includes(match[1]!.toLowerCase() as 'task' | 'step')) return undefined;
  const rest = stripMarker(match[3]!);
  const title = rest.text.replace(/:\s*$/, '').trim() || `${match[1]} ${match[2]}`;
  const info: TitleInfo = { number: Number(match[2]), title, ...verbOf(title) };
  const marker = marked.marker ?? rest.marker;
  if (marker) info.marker = marker;
  return info;
}

/** `CREATE path:` / `UPDATE path:` headings that name a file but carry no number. */
export function parseActionHeading(raw: string): TitleInfo | undefined {
  const marked = stripMarker(raw);
  const match = ACTION_HEADING.exec(marked.text);
  if (!match || !ACTION_VERBS.has(match[1]!)) return undefined;
  const path = cleanPathToken(match[2]!);
  if (!isPathLike(path)) return undefined;
  const info: TitleInfo = { title: marked.text.replace(/:\s*$/, '').trim(), verb: match[1]!, path };
  if (marked.marker) info.marker = marked.marker;
  return info;
}

/** Phase, sprint and `1.1`-style step headings, for PRPs that have no task list. */
export function parsePhaseTitle(raw: string): TitleInfo | undefined {
  const marked = stripMarker(raw);
  const phase = PHASE.exec(marked.text);
  let info: TitleInfo | undefined;
  if (phase) {
    info = { number: Number(phase[1]), title: phase[2]!.replace(/:\s*$/, '').trim() || marked.text };
  } else if (DECIMAL.test(marked.text)) {
    // `1.1 Modify Discovery` has no whole-number task number, so the title keeps its numbering.
    info = { title: marked.text };
  }
  if (info && marked.marker) info.marker = marked.marker;
  return info;
}

/** A plain title, markers removed. */
export function plainTitle(raw: string): TitleInfo {
  const marked = stripMarker(raw);
  const info: TitleInfo = { title: marked.text.replace(/:\s*$/, '').trim(), ...verbOf(marked.text) };
  if (marked.marker) info.marker = marked.marker;
  return info;
}

/** The action word a title starts with and the path after it, e.g. `CREATE migration/x.sql`. */
function verbOf(title: string): Pick<TitleInfo, 'verb' | 'path'> {
  const match = /^([A-Z][A-Z_]{1,19})(?:\s+(\S+))?/.exec(title);
  if (!match || !ACTION_VERBS.has(match[1]!)) return {};
  const result: Pick<TitleInfo, 'verb' | 'path'> = { verb: match[1]! };
  const path = match[2] ? cleanPathToken(match[2]) : '';
  if (path && isPathLike(path)) result.path = path;
  return result;
}
