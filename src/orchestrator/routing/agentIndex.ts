import type { AgentProfile } from '../model';
import type { Capabilities, TaskIntent } from './capabilities';
import { capabilitiesOf, capabilityFactor } from './capabilities';
import type { AgentFields, Bag } from './features';
import { addText, agentFields } from './features';
import { PRIMARY_ROLES, declaredRoles, roleMismatch } from './primaryRole';
import type { PrimaryRole } from './primaryRole';
import { roleFactor, roleProfile } from './roles';
import type { TaskQuery } from './taskQuery';
import { QueryBuilder } from './taskQuery';
import type { RoutableTask } from './types';

type Field = keyof AgentFields;
const FIELDS: readonly Field[] = ['name', 'description', 'lead', 'headings', 'body'];

/**
 * BM25F field weights: what an agent says about itself in its name and description counts most. The prompt
 * body counts very little: real prompts are long and full of examples, and a rare word in an example
 * (`debounce` in a testing agent's sample code) is no sign of a specialty. It still adds up when a body
 * keeps returning to a subject, which helps agents with a terse description.
 */
const FIELD_WEIGHT: Record<Field, number> = { name: 2.5, description: 3, lead: 1.5, headings: 1, body: 0.03 };
/** Length normalisation per field (0 = none): a long prompt should not win by repeating words. */
const FIELD_B: Record<Field, number> = { name: 0, description: 0.5, lead: 0.5, headings: 0.75, body: 0.75 };
/** Term-frequency saturation: the fifth mention of "react" adds little over the second. */
const K1 = 1.2;
/**
 * Imaginary agents that mention nothing, added to the collection when computing IDF. They keep the weight
 * of a word meaningful when there are only a few agents (with one agent, plain BM25 IDF is near zero).
 */
const BACKGROUND_AGENTS = 10;
/**
 * Postings worth less than this (a word mentioned once deep in a long prompt) are dropped: they cannot
 * change a ranking, and skipping them keeps route() fast.
 */
const MIN_POSTING_VALUE = 0.1;

/** Agent definitions, precomputed so that scoring a task only walks the postings of the task's terms. */
export class AgentIndex {
  readonly names: string[];
  private readonly termIds = new Map<string, number>();
  private readonly postingAgents: Int32Array[] = [];
  private readonly postingValues: Float64Array[] = [];
  private readonly queries: QueryBuilder;
  private readonly capabilities: Capabilities[];
  /** Per intent, each agent's tool and role multiplier, computed once. */
  private readonly factors: Record<TaskIntent, Float64Array>;
  /** Per primary role, how much a task of that role discounts each agent (see roleMismatch). */
  private readonly mismatch: Record<PrimaryRole, Float64Array>;
  /**
   * One bit per agent and term, set when the agent has a posting for the term. matched() asks about every
   * term of the task and most are not the agent's, so the bit answers those without a binary search.
   */
  private hasTerm = new Uint8Array(0);
  private rowBytes = 0;
  /** Strengths of the words matched() keeps, reused across calls. */
  private strengths = new Float64Array(0);

  constructor(agents: readonly AgentProfile[]) {
    this.names = agents.map((a) => a.name);
    this.capabilities = agents.map(capabilitiesOf);
    const fields = agents.map(agentFields);
    const roles = fields.map(roleProfile);
    const factorsFor = (intent: TaskIntent) =>
      Float64Array.from(agents, (_, a) => capabilityFactor(this.capabilities[a]!, intent) * roleFactor(roles[a]!, intent));
    this.factors = { change: factorsFor('change'), inspect: factorsFor('inspect'), plan: factorsFor('plan'), unknown: factorsFor('unknown') };
    const declared = fields.map(declaredRoles);
    this.mismatch = {} as Record<PrimaryRole, Float64Array>;
    for (const role of PRIMARY_ROLES) this.mismatch[role] = Float64Array.from(declared, (d) => roleMismatch(d, role));
    const pseudo = fieldFrequencies(fields);
    this.buildPostings(pseudo);
    this.queries = new QueryBuilder(this.termIds);
  }

  private buildPostings(pseudo: Array<Map<string, number>>): void {
    const documentFrequency = new Map<string, number>();
    for (const terms of pseudo) for (const term of terms.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    const total = pseudo.length + BACKGROUND_AGENTS;
    const lists = new Map<string, Array<[number, number]>>();
    pseudo.forEach((terms, agent) => {
      for (const [term, tf] of terms) {
        const n = documentFrequency.get(term)!;
        const idf = Math.log(1 + (total - n + 0.5) / (n + 0.5));
        const value = (idf * tf) / (K1 + tf);
        if (value < MIN_POSTING_VALUE) continue;
        const list = lists.get(term) ?? [];
        list.push([agent, value]);
        lists.set(term, list);
      }
    });
    for (const [term, list] of lists) {
      const id = this.postingAgents.length;
      this.termIds.set(term, id);
      this.postingAgents.push(Int32Array.from(list, ([agent]) => agent));
      this.postingValues.push(Float64Array.from(list, ([, value]) => value));
    }
    this.rowBytes = (this.postingAgents.length + 7) >> 3;
    this.hasTerm = new Uint8Array(pseudo.length * this.rowBytes);
    this.postingAgents.forEach((agents, id) => {
      for (const agent of agents) this.hasTerm[agent * this.rowBytes + (id >> 3)]! |= 1 << (id & 7);
    });
  }

  /** The task's terms that some agent knows, with their weights; unknown words cannot change a ranking. */
  query(task: RoutableTask): TaskQuery {
    return this.queries.build(task);
  }

  /**
   * Raw match of every agent, written into `out` (length = number of agents). Returns the agent that led
   * on subject words alone when the task's primary role moved another agent ahead of it, else -1.
   */
  score(query: TaskQuery, out: Float64Array): number {
    out.fill(0);
    for (let i = 0; i < query.ids.length; i++) {
      const id = query.ids[i]!;
      const weight = query.weights[i]!;
      const agents = this.postingAgents[id]!;
      const values = this.postingValues[id]!;
      for (let j = 0; j < agents.length; j++) out[agents[j]!]! += weight * values[j]!;
    }
    scaleAndArgmax(out, 0, 1, this.factors[query.intent]);
    if (!query.role) return -1;
    const leader = argmax(out);
    const moved = scaleAndArgmax(out, 1, -query.role.strength, this.mismatch[query.role.role]);
    return leader !== -1 && moved !== leader ? leader : -1;
  }

  /**
   * The task words that matched one agent, strongest first, equal strengths in task order. A small
   * insertion sort keeps only the top; it shifts in place, as this runs for the top agents of every task.
   */
  matched(query: TaskQuery, agent: number, limit: number): string[] {
    const words: string[] = [];
    if (this.strengths.length < limit) this.strengths = new Float64Array(limit);
    const strengths = this.strengths;
    for (let i = 0; i < query.ids.length; i++) {
      const strength = this.value(query.ids[i]!, agent) * query.weights[i]!;
      if (strength <= 0) continue;
      const surface = query.surfaces[i]!;
      if (words.includes(surface)) continue;
      let at = words.length;
      while (at > 0 && strengths[at - 1]! < strength) at -= 1;
      if (at >= limit) continue;
      // The last slot after the insertion: a full list drops its weakest word.
      const last = Math.min(words.length, limit - 1);
      if (last === words.length) words.push(surface);
      for (let k = last; k > at; k--) {
        words[k] = words[k - 1]!;
        strengths[k] = strengths[k - 1]!;
      }
      words[at] = surface;
      strengths[at] = strength;
    }
    return words;
  }

  /** One agent's value for one term: postings are in agent order, so a binary search finds it. */
  private value(id: number, agent: number): number {
    if ((this.hasTerm[agent * this.rowBytes + (id >> 3)]! & (1 << (id & 7))) === 0) return 0;
    const agents = this.postingAgents[id]!;
    let lo = 0;
    let hi = agents.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = agents[mid]!;
      if (at === agent) return this.postingValues[id]![mid]!;
      if (at < agent) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

}

/**
 * Multiplies each value by base + slope × by[i] (exact for base 0 and slope 1), and returns the argmax of
 * the result as {@link argmax} does; one pass, since score() runs for every task.
 */
function scaleAndArgmax(values: Float64Array, base: number, slope: number, by: Float64Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    values[i]! *= base + slope * by[i]!;
    if (values[i]! > (best === -1 ? 0 : values[best]!)) best = i;
  }
  return best;
}

/** Index of the largest positive value, the first on ties; -1 when none is positive. */
function argmax(values: Float64Array): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (values[i]! > (best === -1 ? 0 : values[best]!)) best = i;
  return best;
}

/** BM25F pseudo term frequency of every term of every agent, fields weighted and length-normalised. */
function fieldFrequencies(fields: AgentFields[]): Array<Map<string, number>> {
  const bags = fields.map((f) => {
    const perField = {} as Record<Field, { bag: Bag; length: number }>;
    for (const field of FIELDS) {
      const bag: Bag = new Map();
      perField[field] = { bag, length: addText(bag, f[field], 1) };
    }
    return perField;
  });
  const average = {} as Record<Field, number>;
  for (const field of FIELDS) average[field] = Math.max(1, bags.reduce((s, b) => s + b[field].length, 0) / Math.max(1, bags.length));
  return bags.map((perField) => {
    const pseudo = new Map<string, number>();
    for (const field of FIELDS) {
      const { bag, length } = perField[field];
      const norm = FIELD_WEIGHT[field] / (1 - FIELD_B[field] + (FIELD_B[field] * length) / average[field]);
      for (const [term, count] of bag) pseudo.set(term, (pseudo.get(term) ?? 0) + count * norm);
    }
    return pseudo;
  });
}
