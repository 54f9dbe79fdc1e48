import type { AgentProfile, Assignment, Task } from '../model';
import type { AgentPool } from './agentPool';
import type { EventBody } from './events';
import type { RouterPort } from './options';
import { bestSpecialization, specializedProfile } from './spawn';
import type { TaskState } from './taskState';

/**
 * What `choose` answers: the agent to start now, `undefined` to wait until an agent has room, or `null`
 * when the route names no agent the run knows, so the task can never run.
 */
export type Choice = string | undefined | null;

const LEAST_BUSY = 'The least busy agent with room (no router was given, so tasks are balanced by load, not by fit).';

/**
 * Turns a route into the agent that runs a task now. A task is routed once, when it first starts; its
 * route (agent, then fallbacks) is kept for retries and fallbacks. When the router's choice is at its
 * limit, the first fallback with room takes the task, which is what spreads many similar tasks over the
 * agents. When no agent fits a task well enough, a specialized agent is spawned for it.
 *
 * Without a router the engine balances load itself: the least busy agent that has room, ties taken in
 * turn (round-robin), the other agents as fallbacks in the order given. It judges no fit, so it never
 * spawns. Its routes are built once per agent and shared (read-only) by the tasks and events that use
 * them, so this path allocates nothing per task.
 */
export class Assigner {
  readonly spawnedAgents: AgentProfile[] = [];
  private readonly names: string[];
  private readonly routes: string[][];
  private readonly fallbacks: string[][];
  private next = 0;

  constructor(
    private readonly router: RouterPort | undefined,
    agents: readonly AgentProfile[],
    private readonly spawnThreshold: number,
    private readonly pool: AgentPool,
    private readonly emit: (body: EventBody) => void,
  ) {
    this.names = [...new Set(agents.map((a) => a.name))];
    this.routes = this.names.map((name) => [name, ...this.names.filter((n) => n !== name)]);
    this.fallbacks = this.routes.map((route) => route.slice(1));
  }

  choose(state: TaskState): Choice {
    if (state.candidates !== undefined) {
      const name = state.candidates[state.candidateIndex]!;
      return this.pool.canTake(name) ? name : undefined;
    }
    return this.router === undefined ? this.balance(state) : this.route(state, this.router);
  }

  private balance(state: TaskState): Choice {
    const n = this.names.length;
    let best = -1;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      const name = this.names[i]!;
      const load = this.pool.load.get(name) ?? 0;
      if (load < bestLoad && this.pool.canTake(name)) {
        best = i;
        bestLoad = load;
      }
    }
    if (best < 0) return undefined;
    this.next = (best + 1) % n;
    const agent = this.names[best]!;
    state.candidates = this.routes[best]!;
    state.candidateIndex = 0;
    this.emit({ type: 'task.assigned', taskId: state.task.id, agent, reason: LEAST_BUSY, fallbacks: this.fallbacks[best]!, runId: '', seq: 0, time: 0 });
    return agent;
  }

  private route(state: TaskState, router: RouterPort): Choice {
    const assignment = router.route(state.task, this.pool.load);
    let candidates = this.knownCandidates(assignment);
    let reason = assignment.reason;
    const spawned = this.maybeSpawn(state.task, assignment);
    if (spawned !== undefined) {
      candidates = [spawned.name, ...candidates.filter((n) => n !== spawned.name)];
      reason = spawned.reason;
    }
    if (candidates.length === 0) return null;
    const pick = candidates.findIndex((n) => this.pool.canTake(n));
    if (pick < 0) return undefined;
    if (pick > 0) {
      reason = `${reason} ${candidates[0]} is at its limit, so ${candidates[pick]} takes it.`;
      candidates.unshift(candidates.splice(pick, 1)[0]!);
    }
    state.candidates = candidates;
    state.candidateIndex = 0;
    this.emit({ type: 'task.assigned', taskId: state.task.id, agent: candidates[0]!, reason, fallbacks: candidates.slice(1) });
    return candidates[0]!;
  }

  /** The route's agents that the engine knows, best first, without repeats. */
  private knownCandidates(assignment: Assignment): string[] {
    const names = [assignment.agent, ...assignment.fallbacks];
    const known: string[] = [];
    for (const name of names) if (this.pool.profile(name) !== undefined && !known.includes(name)) known.push(name);
    return known;
  }

  private maybeSpawn(task: Task, assignment: Assignment): { name: string; reason: string } | undefined {
    if (this.spawnThreshold <= 0) return undefined;
    const best = bestSpecialization(assignment);
    if (best >= this.spawnThreshold) return undefined;
    const profile = specializedProfile(task);
    if (profile === undefined) return undefined;
    const why = `No agent fits this task well (best specialization ${best.toFixed(2)} is below ${this.spawnThreshold})`;
    if (this.pool.profile(profile.name) !== undefined) return { name: profile.name, reason: `${why}, so the specialized agent ${profile.name} takes it.` };
    this.pool.addProfile(profile, true);
    this.router?.addAgent?.(profile);
    this.spawnedAgents.push(profile);
    return { name: profile.name, reason: `${why}, so ${profile.name} was spawned for it.` };
  }
}
