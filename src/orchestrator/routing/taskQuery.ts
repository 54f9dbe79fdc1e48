import { INTENT_ROLES, taskIntent } from './capabilities';
import type { TaskIntent } from './capabilities';
import { CONCEPT_SHARE } from './features';
import { EXTENSION_CONCEPTS, conceptTerm, conceptTermsOfStem } from './concepts';
import { taskPrimaryRole } from './primaryRole';
import type { TaskRole } from './primaryRole';
import { rawWords, tokensOfWord } from './text';
import type { RoutableTask } from './types';

/** Task-side weights: the title says most about a task, its files and tags are precise hints. */
const TASK_WEIGHT = { title: 2, body: 1, files: 1.5, tags: 1.5 };
/** A term repeated all over a long task body still counts at most this much. */
const MAX_QUERY_WEIGHT = 3;
const WORD_CACHE_LIMIT = 20_000;

/** A task turned into weighted term ids of one index. */
export interface TaskQuery {
  ids: number[];
  weights: number[];
  /** A readable word for each id (the first surface form seen, or the concept name). */
  surfaces: string[];
  intent: TaskIntent;
  /** The kind of work the task is (testing, docs, ...), when its files or its verb say so clearly. */
  role: TaskRole | undefined;
  /** Sum of the weights: how much the task says that any agent could match. */
  mass: number;
}

/** A concept term of the index, with the word that shows it in `matched`. */
interface ConceptId {
  id: number;
  weight: number;
  surface: string;
}

/** The terms one raw word contributes to a query, resolved to term ids once and then reused. */
interface WordTerms {
  ids: number[];
  shares: number[];
  surfaces: string[];
}

/**
 * Builds queries against one index's vocabulary. Words are resolved to term ids through a cache and weights
 * are summed in a scratch array, because this runs for every task routed and must stay in microseconds.
 */
export class QueryBuilder {
  private readonly cache = new Map<string, WordTerms>();
  private readonly scratch: Float64Array;
  private readonly at: Int32Array;
  /** The role concepts each intent adds, resolved to ids once (those the index does not know are left out). */
  private readonly intentIds: Readonly<Record<TaskIntent, readonly ConceptId[]>>;
  /** The concepts of each file extension, resolved to ids once. */
  private readonly extensionIds = new Map<string, readonly ConceptId[]>();

  constructor(private readonly termIds: ReadonlyMap<string, number>) {
    this.scratch = new Float64Array(termIds.size);
    this.at = new Int32Array(termIds.size).fill(-1);
    const resolve = (concepts: ReadonlyArray<readonly [string, number]>): ConceptId[] =>
      concepts.flatMap(([concept, weight]) => {
        const id = termIds.get(conceptTerm(concept));
        return id === undefined ? [] : [{ id, weight, surface: concept }];
      });
    this.intentIds = { change: resolve(INTENT_ROLES.change), inspect: resolve(INTENT_ROLES.inspect), plan: resolve(INTENT_ROLES.plan), unknown: resolve(INTENT_ROLES.unknown) };
    for (const [extension, concepts] of Object.entries(EXTENSION_CONCEPTS)) {
      this.extensionIds.set(extension, resolve(concepts.map((c) => [c, TASK_WEIGHT.files] as const)));
    }
  }

  build(task: RoutableTask): TaskQuery {
    const intent = taskIntent(task.title, task.body, task.action);
    const query: TaskQuery = { ids: [], weights: [], surfaces: [], intent, role: taskPrimaryRole(task, intent), mass: 0 };
    this.addText(query, task.title, TASK_WEIGHT.title);
    this.addText(query, task.body, TASK_WEIGHT.body);
    for (const file of task.files) {
      this.addText(query, file, TASK_WEIGHT.files);
      this.addConcepts(query, this.extensionIds.get(fileExtension(file)));
    }
    for (const tag of task.tags) this.addText(query, tag, TASK_WEIGHT.tags);
    this.addConcepts(query, this.intentIds[intent]);
    for (let i = 0; i < query.ids.length; i++) {
      const id = query.ids[i]!;
      query.weights[i] = Math.min(this.scratch[id]!, MAX_QUERY_WEIGHT);
      query.mass += query.weights[i]!;
      this.scratch[id] = 0;
      this.at[id] = -1;
    }
    return query;
  }

  private addText(query: TaskQuery, text: string, weight: number): void {
    for (const raw of rawWords(text)) {
      const terms = this.wordTerms(raw);
      for (let k = 0; k < terms.ids.length; k++) this.addId(query, terms.ids[k]!, weight * terms.shares[k]!, terms.surfaces[k]!);
    }
  }

  private addConcepts(query: TaskQuery, concepts: readonly ConceptId[] | undefined): void {
    if (!concepts) return;
    for (const c of concepts) this.addId(query, c.id, c.weight, c.surface);
  }

  private addId(query: TaskQuery, id: number, weight: number, surface: string): void {
    if (this.at[id] === -1) {
      this.at[id] = query.ids.length;
      query.ids.push(id);
      query.weights.push(0);
      query.surfaces.push(surface);
    }
    this.scratch[id]! += weight;
  }

  private wordTerms(raw: string): WordTerms {
    const cached = this.cache.get(raw);
    if (cached) return cached;
    const terms: WordTerms = { ids: [], shares: [], surfaces: [] };
    const push = (term: string, share: number, surface: string) => {
      const id = this.termIds.get(term);
      if (id === undefined) return;
      terms.ids.push(id);
      terms.shares.push(share);
      terms.surfaces.push(surface);
    };
    for (const token of tokensOfWord(raw)) {
      push(token.stem, 1, token.word);
      for (const concept of conceptTermsOfStem(token.stem)) push(concept, CONCEPT_SHARE, concept.slice(1));
    }
    // Bounded, so that a stream of never-seen words cannot grow it without end.
    if (this.cache.size >= WORD_CACHE_LIMIT) this.cache.clear();
    this.cache.set(raw, terms);
    return terms;
  }
}

/** The lower-case extension of a file's name, '' when it has none (`.env` is a name, not an extension). */
function fileExtension(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** The concepts of a file's extension (`.tsx` → frontend, react). */
export function extensionConcepts(file: string): readonly string[] {
  const extension = fileExtension(file);
  return Object.hasOwn(EXTENSION_CONCEPTS, extension) ? EXTENSION_CONCEPTS[extension]! : [];
}
