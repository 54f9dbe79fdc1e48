import type { AgentProfile } from '../model';
import type { Clock } from './clock';
import type { EventBody } from './events';

interface Session {
  readonly name: string;
  running: number;
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
 * `load` (running ÷ limit per agent) is kept up to date for the router, without allocating per task.
 */
export class AgentPool {
  readonly load = new Map<string, number>();
  private readonly profiles = new Map<string, AgentProfile>();
  private readonly spawned = new Set<string>();
  private readonly sessions = new Map<string, Session>();
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
    if (this.profiles.has(profile.name)) return;
    this.profiles.set(profile.name, profile);
    this.load.set(profile.name, 0);
    this.totalLimit += this.limit(profile.name);
    if (spawned) this.spawned.add(profile.name);
  }

  profile(name: string): AgentProfile | undefined {
    return this.profiles.get(name);
  }

  limit(name: string): number {
    const own = this.profiles.get(name)?.maxConcurrency;
    return own !== undefined && Number.isInteger(own) && own >= 1 ? own : this.options.maxConcurrencyPerAgent;
  }

  /** False when every agent is at its limit, so no ready task can start whatever the route says. */
  hasCapacity(running: number): boolean {
    return running < this.totalLimit;
  }

  /** Whether `name` can start one more task now: below its limit, and it has a session or one can start. */
  canTake(name: string): boolean {
    if (!this.profiles.has(name)) return false;
    const session = this.sessions.get(name);
    if (session !== undefined) return session.running < this.limit(name);
    return this.sessions.size < this.options.maxAgents || this.idleSession() !== undefined;
  }

  /** Counts a task started by `name`, starting its session if needed. Call only after `canTake`. */
  acquire(name: string, taskId: string): void {
    const session = this.sessions.get(name) ?? this.startSession(name, taskId);
    session.running += 1;
    if (session.idleTimer !== undefined) {
      this.clock.clearTimeout(session.idleTimer);
      session.idleTimer = undefined;
    }
    session.idle = false;
    this.load.set(name, session.running / this.limit(name));
  }

  release(name: string): void {
    const session = this.sessions.get(name);
    if (session === undefined) return;
    session.running -= 1;
    this.load.set(name, session.running / this.limit(name));
    if (session.running === 0) this.idleCandidates.push(session);
  }

  /** After a scheduling pass: sessions still without work go idle, and end now or after idleTimeoutMs. */
  endPass(): void {
    if (this.idleCandidates.length === 0) return;
    const candidates = this.idleCandidates;
    this.idleCandidates = [];
    for (const session of candidates) {
      if (session.running > 0 || session.idle || this.sessions.get(session.name) !== session) continue;
      session.idle = true;
      this.emit({ type: 'agent.idle', agent: session.name });
      if (this.options.idleTimeoutMs === 0) this.end(session, 'Idle: no ready task needs it.');
      else session.idleTimer = this.clock.setTimeout(() => this.end(session, `Idle for ${this.options.idleTimeoutMs} ms.`), this.options.idleTimeoutMs);
    }
  }

  /** Ends every session, e.g. when the run finishes. */
  endAll(reason: string): void {
    for (const session of [...this.sessions.values()]) this.end(session, reason);
  }

  private startSession(name: string, taskId: string): Session {
    if (this.sessions.size >= this.options.maxAgents) {
      const idle = this.idleSession();
      if (idle !== undefined) this.end(idle, `Ended to make room for ${name} (maxAgents is ${this.options.maxAgents}).`);
    }
    const session: Session = { name, running: 0, idle: false, idleTimer: undefined };
    this.sessions.set(name, session);
    const dynamic = this.spawned.has(name);
    const reason = dynamic ? `Spawned for ${taskId}: no existing agent fitted it.` : `Started for ${taskId}.`;
    this.emit({ type: 'agent.spawned', agent: name, dynamic, reason });
    return session;
  }

  private idleSession(): Session | undefined {
    for (const session of this.sessions.values()) if (session.running === 0) return session;
    return undefined;
  }

  private end(session: Session, reason: string): void {
    if (this.sessions.get(session.name) !== session) return;
    if (session.idleTimer !== undefined) this.clock.clearTimeout(session.idleTimer);
    session.idleTimer = undefined;
    this.sessions.delete(session.name);
    this.emit({ type: 'agent.ended', agent: session.name, reason });
  }
}
