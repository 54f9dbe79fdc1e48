import type { AgentProfile, AgentScore, AgentStats, Assignment, RoutingWeights, ScoreBreakdown } from '../model';
import { AgentIndex } from './agentIndex';
import { SPECIALIZATION_THRESHOLD, calibrate } from './calibration';
import { explainChoice, roleNote } from './explain';
import { historyTerm, responseTimeTerms } from './history';
import type { TaskQuery } from './taskQuery';
import type { RoutableTask } from './types';
import { normalizeWeights } from './weights';

export interface RouterOptions {
  /** Weights of the four terms. Missing ones come from DEFAULT_WEIGHTS (0.40/0.30/0.20/0.10); the set is scaled to sum to 1. */
  weights?: Partial<RoutingWeights>;
  /** What past runs recorded. Default none: the history and response-time terms are neutral (0.5) for everyone. */
  stats?: AgentStats[];
  /** Best specialization below which the reason says no agent fits. Default {@link SPECIALIZATION_THRESHOLD}. */
  threshold?: number;
}

/** Thrown by {@link Router.route} when there is no agent to route to. */
export class NoAgentsError extends Error {
  readonly reason = 'no-agents';
  constructor() {
    super('There is no agent to route the task to. Add a definition to .claude/agents/ or use the built-in agent.');
    this.name = 'NoAgentsError';
  }
}

/** `matched` words are worked out for the chosen agent and its first fallbacks only, which keeps route() fast. */
const EXPLAINED_CANDIDATES = 3;
const MATCHED_WORDS = 6;
/**
 * Candidates whose score breakdown an Assignment carries (plus the best specialist when it ranks lower). The
 * full order is in `fallbacks`; a hundred breakdowns per task would only weigh down every event, snapshot
 * and screen that shows them.
 */
export const SCORED_CANDIDATES = 8;
/**
 * Agents an Assignment ranks: the chosen one and its fallbacks. After three failed attempts on each of
 * eight agents a task has met every kind of agent that could do it; a longer list would only be carried.
 */
export const RANKED = 9;
const NO_LOAD: ReadonlyMap<string, number> = new Map();

/**
 * Scores are in [0, 1] and are ranked at 2^-30 resolution, far finer than anything that should decide a
 * ranking; with the name rank below it the packed key stays an exact integer for up to 2^22 agents.
 */
const SCORE_STEPS = 2 ** 30;

/**
 * The smallest power of two that holds every name rank. Packing by a power of two lets rank() unpack with
 * an exact division and floor, where `%` on doubles would call into C once per agent.
 */
function rankSlots(n: number): number {
  let slots = 1;
  while (slots < n) slots *= 2;
  return slots;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Chooses an agent per task by score = w·specialization + w·(1 − load) + w·history + w·response time.
 * Specialization compares the task with what each agent's own definition says; the index over the
 * definitions is built once, so route() only walks the postings of the task's words. In a breakdown,
 * `load` is the free-capacity term 1 − busy, so that every term is "higher is better".
 */
export class Router {
  private agentList: AgentProfile[] = [];
  private index = new AgentIndex([]);
  private readonly weights: RoutingWeights;
  private readonly threshold: number;
  private stats = new Map<string, AgentStats>();
  private history: number[] = [];
  private speed: number[] = [];
  /** w·history + w·responseTime per agent: they do not depend on the task. */
  private fixedPart = new Float64Array(0);
  /** Position of each agent in name order, for a cheap deterministic tie-break. */
  private nameRank = new Int32Array(0);
  private raw = new Float64Array(0);
  private spec = new Float64Array(0);
  private total = new Float64Array(0);
  private free = new Float64Array(0);
  private keys = new Float64Array(0);
  /** The smallest keys of the current route, ascending (see rank). */
  private readonly top = new Float64Array(RANKED);
  private slots = 1;
  /** history and responseTime rounded as a breakdown shows them: they do not depend on the task either. */
  private shownHistory = new Float64Array(0);
  private shownSpeed = new Float64Array(0);
  /** Agent index by name rank (the inverse of nameRank). */
  private byNameRank = new Int32Array(0);

  constructor(agents: readonly AgentProfile[], options: RouterOptions = {}) {
    this.weights = normalizeWeights(options.weights);
    this.threshold = options.threshold ?? SPECIALIZATION_THRESHOLD;
    // With two definitions of one name the first is kept, as loadAgents does.
    for (const agent of agents) if (!this.agentList.some((a) => a.name === agent.name)) this.agentList.push(agent);
    for (const s of options.stats ?? []) this.stats.set(s.agent, s);
    this.rebuild();
  }

  /** The agents routed to, in the order given. */
  get agents(): readonly AgentProfile[] {
    return this.agentList;
  }

  /** Adds an agent, or replaces the one with the same name (e.g. a spawned specialist). */
  addAgent(agent: AgentProfile): void {
    const existing = this.agentList.findIndex((a) => a.name === agent.name);
    if (existing === -1) this.agentList.push(agent);
    else this.agentList[existing] = agent;
    this.rebuild();
  }

  /** Replaces the recorded stats, e.g. after a run finished. */
  setStats(stats: readonly AgentStats[]): void {
    this.stats = new Map(stats.map((s) => [s.agent, s]));
    this.rebuildStatTerms();
  }

  private rebuild(): void {
    this.index = new AgentIndex(this.agentList);
    const n = this.agentList.length;
    this.raw = new Float64Array(n);
    this.spec = new Float64Array(n);
    this.total = new Float64Array(n);
    this.free = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.slots = rankSlots(n);
    const byName = this.agentList.map((a, i) => [a.name, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.byNameRank = Int32Array.from(byName, ([, i]) => i);
    this.nameRank = new Int32Array(n);
    byName.forEach(([, i], rank) => (this.nameRank[i] = rank));
    this.rebuildStatTerms();
  }

  private rebuildStatTerms(): void {
    this.history = this.agentList.map((a) => historyTerm(this.stats.get(a.name)));
    this.speed = responseTimeTerms(this.index.names, this.stats);
    const w = this.weights;
    this.fixedPart = Float64Array.from(this.history, (h, i) => w.history * h + w.responseTime * this.speed[i]!);
    this.shownHistory = Float64Array.from(this.history, round);
    this.shownSpeed = Float64Array.from(this.speed, round);
  }

  /** Ranks every agent for the task. `load` maps agent names to the busy fraction in [0, 1] (missing = 0). */
  route(task: RoutableTask, load: ReadonlyMap<string, number> = NO_LOAD): Assignment {
    if (this.agentList.length === 0) throw new NoAgentsError();
    const query = this.index.query(task);
    const displaced = this.index.score(query, this.raw);
    calibrate(this.raw, this.spec, query.mass);
    const order = this.rank(load);
    const loaded = load.size !== 0;
    const fallbacks: string[] = new Array(order.length - 1);
    for (let rank = 1; rank < order.length; rank++) fallbacks[rank - 1] = this.index.names[order[rank]!]!;
    const scores: AgentScore[] = [];
    for (let rank = 0; rank < Math.min(order.length, SCORED_CANDIDATES); rank++) scores.push(this.score(order[rank]!, rank, query, loaded));
    // The best specialist stays in the breakdown even when load or history ranks it low: the reason names it.
    const specialist = this.bestSpecialist();
    if (!scores.some((s) => s.agent === this.index.names[specialist])) scores.push(this.score(specialist, SCORED_CANDIDATES, query, loaded));
    return { taskId: task.id, agent: scores[0]!.agent, scores, fallbacks, reason: explainChoice(scores, this.threshold, roleNote(query.role, displaced === -1 ? undefined : this.agentList[displaced]!.name)) };
  }

  private score(i: number, rank: number, query: TaskQuery, loaded: boolean): AgentScore {
    const score: AgentScore = { agent: this.index.names[i]!, score: round(this.total[i]!), breakdown: this.breakdown(i, loaded) };
    if (rank < EXPLAINED_CANDIDATES) score.matched = this.index.matched(query, i, MATCHED_WORDS);
    return score;
  }

  /** The agent with the highest specialization; on a tie, the one ranked higher (smaller key). */
  private bestSpecialist(): number {
    const { spec, keys } = this;
    let best = 0;
    for (let i = 1; i < spec.length; i++) if (spec[i]! > spec[best]! || (spec[i] === spec[best] && keys[i]! < keys[best]!)) best = i;
    return best;
  }

  /**
   * The best {@link RANKED} agents, best total score first, ties in name order. Each score is packed with
   * the agent's name rank into one integer-valued key; an insertion into a short sorted list keeps the
   * smallest keys, which costs far less than sorting every agent (a typed-array sort of 100 keys alone took
   * a sixth of a route's time).
   */
  private rank(load: ReadonlyMap<string, number>): Int32Array {
    const w = this.weights;
    const n = this.agentList.length;
    const { keys, free, total, spec, fixedPart, nameRank, slots, top } = this;
    if (load.size === 0) free.fill(1);
    else for (let i = 0; i < n; i++) free[i] = 1 - clamp01(load.get(this.index.names[i]!) ?? 0);
    const size = Math.min(n, RANKED);
    let count = 0;
    for (let i = 0; i < n; i++) {
      total[i] = w.specialization * spec[i]! + w.load * free[i]! + fixedPart[i]!;
      const key = (SCORE_STEPS - Math.round(total[i]! * SCORE_STEPS)) * slots + nameRank[i]!;
      keys[i] = key;
      if (count === size && key >= top[size - 1]!) continue;
      let at = count < size ? count++ : size - 1;
      while (at > 0 && top[at - 1]! > key) {
        top[at] = top[at - 1]!;
        at -= 1;
      }
      top[at] = key;
    }
    const order = new Int32Array(size);
    for (let r = 0; r < size; r++) {
      const key = top[r]!;
      order[r] = this.byNameRank[key - Math.floor(key / slots) * slots]!;
    }
    return order;
  }

  /** One agent's terms as shown; without any load, every agent's free capacity is exactly 1. */
  private breakdown(i: number, loaded: boolean): ScoreBreakdown {
    return {
      specialization: round(this.spec[i]!),
      load: loaded ? round(this.free[i]!) : 1,
      history: this.shownHistory[i]!,
      responseTime: this.shownSpeed[i]!,
    };
  }

  /** How well one agent's definition fits the task, in [0, 1]; 0 for an unknown agent. */
  specialization(task: RoutableTask, agentName: string): number {
    const i = this.agentList.findIndex((a) => a.name === agentName);
    if (i === -1) return 0;
    const query = this.index.query(task);
    this.index.score(query, this.raw);
    calibrate(this.raw, this.spec, query.mass);
    return this.spec[i]!;
  }
}
