import type { AgentProfile, Assignment, Task } from '../model';
import type { AgentPool, AgentSlot } from './agentPool';
import type { EventBus } from './events';
import type { RouterPort } from './options';
import { bestSpecialization, specializedProfile } from './spawn';
import type { TaskState } from './taskState';

/**
 * What `choose` answers: the agent to start now, `undefined` to wait until an agent has room, or `null`
 * when the route names no agent the run knows, so the task can never run.
 */
export type Choice = AgentSlot | undefined | null;

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
  private readonly slots: AgentSlot[];
  private readonly routes: string[][];
  private readonly fallbacks: string[][];
  private next = 0;

  constructor(
    private readonly router: RouterPort | undefined,
    agents: readonly AgentProfile[],
    private readonly spawnThreshold: number,
    private readonly pool: AgentPool,
    private readonly bus: EventBus,
  ) {
    const names = [...new Set(agents.map((a) => a.name))];
    this.slots = names.map((name) => pool.slot(name)!);
    this.routes = names.map((name) => [name, ...names.filter((n) => n !== name)]);
    this.fallbacks = this.routes.map((route) => route.slice(1));
  }

  choose(state: TaskState): Choice {
    const candidates = state.candidates;
    if (candidates === undefined) return this.router === undefined ? this.balance(state) : this.route(state, this.router);
    const slot = this.pool.slot(candidates[state.candidateIndex]!);
    if (slot === undefined || this.pool.canTake(slot)) return slot;
    return slot.open ? this.routeAround(state, slot, candidates) : undefined;
  }

  /**
   * The task's agent has an open circuit: the task moves on to the next agent of its route whose circuit
   * is not open, as a fallback would. When there is none, it waits for the agent's probe.
   */
  private routeAround(state: TaskState, from: AgentSlot, candidates: readonly string[]): Choice {
    for (let i = state.candidateIndex + 1; i < candidates.length; i++) {
      const slot = this.pool.slot(candidates[i]!);
      if (slot === undefined || slot.open) continue;
      state.candidateIndex = i;
      state.attemptsOnAgent = 0;
      const reason = `${from.name} is paused after repeated failures (its circuit is open), so ${slot.name} takes the task.`;
      this.bus.emit({ type: 'task.rerouted', taskId: state.id, from: from.name, to: slot.name, reason });
      return this.pool.canTake(slot) ? slot : undefined;
    }
    return undefined;
  }

  /** The named agent when it can take a task now. */
  private available(name: string): AgentSlot | undefined {
    const slot = this.pool.slot(name);
    return slot !== undefined && this.pool.canTake(slot) ? slot : undefined;
  }

  private balance(state: TaskState): Choice {
    const n = this.slots.length;
    let best = -1;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      const i = (this.next + k) % n;
      const slot = this.slots[i]!;
      const load = slot.running / slot.limit;
      if (load < bestLoad && this.pool.canTake(slot)) {
        best = i;
        bestLoad = load;
      }
    }
    if (best < 0) return undefined;
    this.next = (best + 1) % n;
    const slot = this.slots[best]!;
    state.candidates = this.routes[best]!;
    state.candidateIndex = 0;
    const bus = this.bus;
    const fallbacks = this.fallbacks[best]!;
    bus.deliver({ type: 'task.assigned', taskId: state.id, agent: slot.name, reason: LEAST_BUSY, fallbacks, runId: bus.runId, seq: bus.nextSeq(), time: bus.now() });
    return slot;
  }

  private route(state: TaskState, router: RouterPort): Choice {
    const assignment = router.route(state.task, this.pool.loads());
    let candidates = this.knownCandidates(assignment);
    let reason = assignment.reason;
    const spawned = this.maybeSpawn(state.task, assignment);
    if (spawned !== undefined) {
      candidates = [spawned.name, ...candidates.filter((n) => n !== spawned.name)];
      reason = spawned.reason;
    }
    if (candidates.length === 0) return null;
    const pick = candidates.findIndex((n) => this.available(n) !== undefined);
    if (pick < 0) return undefined;
    if (pick > 0) {
      const why = this.pool.slot(candidates[0]!)!.open ? 'is paused after repeated failures (its circuit is open)' : 'is at its limit';
      reason = `${reason} ${candidates[0]} ${why}, so ${candidates[pick]} takes it.`;
      candidates.unshift(candidates.splice(pick, 1)[0]!);
    }
    state.candidates = candidates;
    state.candidateIndex = 0;
    this.bus.emit({ type: 'task.assigned', taskId: state.id, agent: candidates[0]!, reason, fallbacks: candidates.slice(1) });
    return this.pool.slot(candidates[0]!)!;
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
