import type { AgentProfile } from '../model';
import type { Clock } from './clock';
import type { EventBody } from './events';

/**
 * One agent of the run: its profile, its limit (read once, when the agent joins the run) and its session
 * when it has one. The scheduler hands slots around instead of names, so the path every task takes looks
 * nothing up by name.
 */
export interface AgentSlot {
  readonly name: string;
  readonly profile: AgentProfile;
  /** Most tasks it runs at once. */
  readonly limit: number;
  /** Created by the engine for a task no agent fitted. */
  readonly spawned: boolean;
  /** Tasks running on its session; 0 when it has none. */
  running: number;
  session: Session | undefined;
  /** True when `running` changed since `loads()` last reported it. */
  loadChanged: boolean;
  /** Set by the circuit breaker: the agent takes no new task (its circuit is open, or its probe is running). */
  open: boolean;
  /** Consecutive failed attempts, as the circuit breaker counts them; 0 after a success. */
  failures: number;
}

interface Session {
  readonly slot: AgentSlot;
  /** True once `agent.idle` was emitted for the current idle spell. */
  idle: boolean;
  idleTimer: unknown;
}

export interface AgentPoolOptions {
  maxAgents: number;
  maxConcurrencyPerAgent: number;
  idleTimeoutMs: number;
}

/**
 * The agent manager. An agent session is one agent profile at work; it may run several tasks at once, up to
 * the agent's limit (`AgentProfile.maxConcurrency`, else `maxConcurrencyPerAgent`). At most `maxAgents`
 * sessions are alive. A session starts when a task is given to an agent that has none (`agent.spawned`),
 * ending an idle session first if the pool is full; it goes idle when its last task ends and nothing new
 * was given to it in the same scheduling pass (`agent.idle`), and ends `idleTimeoutMs` later unless it got
 * work meanwhile (`agent.ended`).
 *
 * `loads()` (running ÷ limit per agent) is what the router is told; it is brought up to date only when a
 * router asks, so a run without one pays nothing for it.
 */
export class AgentPool {
  private readonly load = new Map<string, number>();
  private readonly slots = new Map<string, AgentSlot>();
  /** Live sessions, oldest first: the order decides which idle session makes room, and the end order. */
  private readonly sessions = new Set<Session>();
  private idleCandidates: Session[] = [];
  /** Sum of every agent's limit: when the running count reaches it, no agent can take more. */
  private totalLimit = 0;

  constructor(
    agents: readonly AgentProfile[],
    private readonly options: AgentPoolOptions,
    private readonly emit: (body: EventBody) => void,
    private readonly clock: Clock,
  ) {
    for (const agent of agents) this.addProfile(agent, false);
  }

  addProfile(profile: AgentProfile, spawned: boolean): void {
    if (this.slots.has(profile.name)) return;
    const own = profile.maxConcurrency;
    const limit = own !== undefined && Number.isInteger(own) && own >= 1 ? own : this.options.maxConcurrencyPerAgent;
    this.slots.set(profile.name, { name: profile.name, profile, limit, spawned, running: 0, session: undefined, loadChanged: false, open: false, failures: 0 });
    this.load.set(profile.name, 0);
    this.totalLimit += limit;
  }

  /** The agent of that name, if the run knows it. */
  slot(name: string): AgentSlot | undefined {
    return this.slots.get(name);
  }

  profile(name: string): AgentProfile | undefined {
    return this.slots.get(name)?.profile;
  }

  /** Fraction busy per agent name, in the order the agents joined. The map is reused: read it before the next call. */
  loads(): ReadonlyMap<string, number> {
    for (const slot of this.slots.values()) {
      if (!slot.loadChanged) continue;
      slot.loadChanged = false;
      this.load.set(slot.name, slot.running / slot.limit);
    }
    return this.load;
  }

  /** False when every agent is at its limit, so no ready task can start whatever the route says. */
  hasCapacity(running: number): boolean {
    return running < this.totalLimit;
  }

  /**
   * Whether the agent can start one more task now: its circuit is not open, it is below its limit, and it
   * has a session or one can start.
   */
  canTake(slot: AgentSlot): boolean {
    if (slot.open) return false;
    if (slot.session !== undefined) return slot.running < slot.limit;
    return this.sessions.size < this.options.maxAgents || this.idleSession() !== undefined;
  }

  /** Counts a task started by the agent, starting its session if needed. Call only after `canTake`. */
  acquire(slot: AgentSlot, taskId: string): void {
    const session = slot.session ?? this.startSession(slot, taskId);
    slot.running += 1;
    slot.loadChanged = true;
    if (session.idleTimer !== undefined) {
      this.clock.clearTimeout(session.idleTimer);
      session.idleTimer = undefined;
    }
    session.idle = false;
  }

  release(slot: AgentSlot): void {
    const session = slot.session;
    if (session === undefined) return;
    slot.running -= 1;
    slot.loadChanged = true;
    if (slot.running === 0) this.idleCandidates.push(session);
  }

  /** After a scheduling pass: sessions still without work go idle, and end now or after idleTimeoutMs. */
  endPass(): void {
    if (this.idleCandidates.length === 0) return;
    const candidates = this.idleCandidates;
    this.idleCandidates = [];
    for (const session of candidates) {
      const slot = session.slot;
      if (slot.running > 0 || session.idle || slot.session !== session) continue;
      session.idle = true;
      this.emit({ type: 'agent.idle', agent: slot.name });
      if (this.options.idleTimeoutMs === 0) this.end(session, 'Idle: no ready task needs it.');
      else session.idleTimer = this.clock.setTimeout(() => this.end(session, `Idle for ${this.options.idleTimeoutMs} ms.`), this.options.idleTimeoutMs);
    }
  }

  /** Ends every session, e.g. when the run finishes. */
  endAll(reason: string): void {
    for (const session of [...this.sessions]) this.end(session, reason);
  }

  private startSession(slot: AgentSlot, taskId: string): Session {
    if (this.sessions.size >= this.options.maxAgents) {
      const idle = this.idleSession();
      if (idle !== undefined) this.end(idle, `Ended to make room for ${slot.name} (maxAgents is ${this.options.maxAgents}).`);
    }
    const session: Session = { slot, idle: false, idleTimer: undefined };
    slot.session = session;
    this.sessions.add(session);
    const reason = slot.spawned ? `Spawned for ${taskId}: no existing agent fitted it.` : `Started for ${taskId}.`;
    this.emit({ type: 'agent.spawned', agent: slot.name, dynamic: slot.spawned, reason });
    return session;
  }

  private idleSession(): Session | undefined {
    for (const session of this.sessions) if (session.slot.running === 0) return session;
    return undefined;
  }

  private end(session: Session, reason: string): void {
    const slot = session.slot;
    if (slot.session !== session) return;
    if (session.idleTimer !== undefined) this.clock.clearTimeout(session.idleTimer);
    session.idleTimer = undefined;
    slot.session = undefined;
    this.sessions.delete(session);
    this.emit({ type: 'agent.ended', agent: slot.name, reason });
  }
}
