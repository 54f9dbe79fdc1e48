import type { AgentProfile, Assignment, RunEvent, Task, TaskFailure } from '../model';
import type { AgentRunner } from '../runners/types';
import { SPECIALIZATION_THRESHOLD } from '../routing';
import { DEFAULT_CIRCUIT_BREAKER, type CircuitBreakerOptions } from './circuitBreaker';
import type { Clock } from './clock';

/**
 * What the engine needs from a router. The routing module's `Router` satisfies it structurally; tests may
 * pass any object of this shape.
 */
export interface RouterPort {
  /** `load`: fraction busy in [0, 1] per agent name (missing = 0). */
  route(task: Task, load?: ReadonlyMap<string, number>): Assignment;
  /** Makes a spawned agent routable for later tasks. Without it a spawned agent serves only its own task. */
  addAgent?(agent: AgentProfile): void;
}

export interface BackoffOptions {
  /** Delay before the first retry on an agent, in ms. Default 1000. */
  baseMs: number;
  /** Upper bound of the doubling delay, in ms. Default 30000. */
  maxMs: number;
  /**
   * Fraction in [0, 1] of the delay that is random: the delay is `d × (1 − jitter × random())`, so 0 gives
   * exact doubling and 1 gives "full jitter" in (0, d]. Default 0.5.
   */
  jitter: number;
}

/** What a task's dependencies produced, handed to the prompt builder. */
export interface DependencyOutput {
  taskId: string;
  title: string;
  summary?: string;
  filesChanged: string[];
}

export interface PromptContext {
  runId: string;
  /** 1 for the first attempt of the task, counting attempts on every agent. */
  attempt: number;
  agent: AgentProfile;
  /** The task's direct dependencies, in graph order, all succeeded. */
  dependencies: DependencyOutput[];
  /** Why the previous attempt failed, on a retry or after a reroute. */
  previousFailure?: TaskFailure;
}

/** A task that succeeded in an earlier life of the run (see `EngineOptions.completed`). */
export interface CompletedTask {
  /** The agent that did it, for the RunResult. */
  agent?: string;
  /** What it produced; handed to its dependents' prompts as if it had just run. */
  summary?: string;
  filesChanged?: string[];
  /** Attempts it took on every agent. Default 0. */
  attempts?: number;
  /** Counted in the run's totals and against its budget. Default 0. */
  costUsd?: number;
  durationMs?: number;
}

/** A task that ended without success in an earlier life and stays so unless retried (see `EngineOptions.ended`). */
export interface EndedTask {
  status: 'failed' | 'cancelled';
  failure?: TaskFailure;
  agent?: string;
  attempts?: number;
  costUsd?: number;
  durationMs?: number;
}

/** What an earlier life knows of a task that was still unfinished when it stopped (see `EngineOptions.interrupted`). */
export interface InterruptedTask {
  /** Attempts already made on every agent; this life numbers its attempts after them. */
  attempts: number;
  /** The agent session the last attempt worked in; the task's first attempt here resumes it when it runs on `agent`. */
  sessionId?: string;
  agent?: string;
}

export interface EngineOptions {
  /** Runs one attempt of one task. */
  runner: AgentRunner;
  /** The agents to route to; at least one. */
  agents: AgentProfile[];
  /**
   * Picks an agent per task. Default: none; the engine then gives each task to the least busy agent with
   * room (ties in turn, round-robin). That judges no fit, so without a router the engine never spawns.
   */
  router?: RouterPort;
  /** Parallel slots: how many attempts run at once. An integer from 1 to 50. Default 4. */
  workers?: number;
  /** Most agent sessions alive at once (busy or idle). Default `workers`. */
  maxAgents?: number;
  /**
   * Most tasks one agent runs at once (each in a session of its own), unless its profile sets
   * `maxConcurrency`. Default `workers`: an agent definition is only a prompt, so the best-fitting agent is
   * never passed over merely because it is already working; the router's load term still spreads tasks
   * between agents that fit about equally well.
   */
  maxConcurrencyPerAgent?: number;
  /** Aborts an attempt that runs longer than this (failure kind `timeout`, retried). Default: no limit. */
  taskTimeoutMs?: number;
  /**
   * Attempts per task on one agent before falling back to the next agent of the route, for transient,
   * timeout, stalled and crash failures. Default 3.
   */
  maxAttempts?: number;
  /** Retry delays. Defaults: baseMs 1000, maxMs 30000, jitter 0.5. */
  backoff?: Partial<BackoffOptions>;
  /** Default `systemClock`; pass a VirtualClock in tests and benchmarks. */
  clock?: Clock;
  /** Directory the runner works in. */
  cwd: string;
  /** Default: `run-` and a random suffix. */
  runId?: string;
  /** Which ready task starts first. Default 'critical-path' (largest bottom level first). */
  priority?: 'critical-path' | 'fifo';
  /**
   * When the best specialization a router reports for a task is below this, the engine spawns a
   * specialized agent for it. Only a given `router` can trigger it; 0 disables spawning. Default: the
   * routing module's SPECIALIZATION_THRESHOLD (0.35), where its Router's scale says "no agent fits".
   */
  spawnThreshold?: number;
  /** Default: `defaultBuildPrompt` (title, body, files, what the dependencies produced, ask for a summary). */
  buildPrompt?: (task: Task, context: PromptContext) => string;
  /** Source of randomness for backoff jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /** How long an idle agent session lingers before it ends, in ms. Default 0: it ends when idle. */
  idleTimeoutMs?: number;
  /**
   * How long the engine waits for a runner to stop after aborting it before giving the attempt up anyway
   * (its late result is ignored). Default 5000.
   */
  abortGraceMs?: number;
  /**
   * Per-agent circuit breaker. After `failureThreshold` consecutive failed attempts of an agent (crash,
   * stalled, timeout, transient or unrecoverable; cancellations do not count) its circuit opens
   * (`agent.circuit-opened`): the agent takes no new task and tasks go to their fallbacks. After
   * `cooldownMs` on the engine's clock one probe attempt may use it; success closes the circuit
   * (`agent.circuit-closed`), failure opens it again. A task with no other agent waits for the probe;
   * when every agent a waiting task could use is open and nothing runs, the probe goes at once.
   * `false` disables it. Defaults: failureThreshold 3, cooldownMs 30000.
   */
  circuitBreaker?: Partial<CircuitBreakerOptions> | false;
  /**
   * Most the run may spend, in US dollars, counting every attempt's reported cost, failed ones included.
   * Once reached, no new attempt starts: running attempts finish, every task not running ends
   * 'cancelled', and the run finishes 'failed' with the reason in `run.finished` and the RunResult.
   * Default: no limit.
   */
  runBudgetUsd?: number;
  /**
   * The seq of the run's first event (`run.started`). A resumed run passes its last recorded seq + 1, so the
   * audit trail goes on without a gap or a collision. An integer of at least 1. Default 1.
   */
  firstSeq?: number;
  /**
   * Tasks that already succeeded in an earlier life of the run, by id: they count as succeeded, emit no
   * event and never run; what they produced still feeds their dependents' prompts. Ids not in the graph are
   * ignored. They take precedence over a PRP's 'done' marker. Default: none.
   */
  completed?: ReadonlyMap<string, CompletedTask>;
  /**
   * Tasks that ended failed or cancelled in an earlier life and keep that status (their dependents are
   * blocked, without events) unless `retryTask` asks for them again. Default: none.
   */
  ended?: ReadonlyMap<string, EndedTask>;
  /** Unfinished tasks of an earlier life: their attempt numbers go on, and a recorded agent session is resumed. Default: none. */
  interrupted?: ReadonlyMap<string, InterruptedTask>;
  /** Told when an event listener throws; the run itself is unaffected. Default: ignore. */
  onListenerError?: (error: unknown, event: RunEvent) => void;
}

/** Thrown synchronously by `startRun` for options or a graph it cannot run. */
export class EngineOptionsError extends Error {
  constructor(
    readonly reason: 'invalid-option' | 'invalid-graph',
    message: string,
  ) {
    super(message);
    this.name = 'EngineOptionsError';
  }
}

export interface ResolvedOptions {
  workers: number;
  firstSeq: number;
  maxAgents: number;
  maxConcurrencyPerAgent: number;
  taskTimeoutMs: number | undefined;
  maxAttempts: number;
  backoff: BackoffOptions;
  priority: 'critical-path' | 'fifo';
  spawnThreshold: number;
  idleTimeoutMs: number;
  abortGraceMs: number;
  /** undefined when disabled. */
  circuitBreaker: CircuitBreakerOptions | undefined;
  /** Infinity when there is no limit. */
  runBudgetUsd: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || value === undefined || value === null) return String(value);
  return typeof value;
}

function integer(name: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new EngineOptionsError('invalid-option', `${name} must be an integer ${range}; received ${describe(value)}.`);
  }
  return value;
}

function duration(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new EngineOptionsError('invalid-option', `${name} must be a finite number of milliseconds, 0 or more; received ${describe(value)}.`);
  }
  return value;
}

function fraction(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new EngineOptionsError('invalid-option', `${name} must be a number from 0 to 1; received ${describe(value)}.`);
  }
  return value;
}

/** Checks every option and fills in defaults; throws EngineOptionsError saying what was expected and received. */
export function resolveOptions(options: EngineOptions): ResolvedOptions {
  if (!Array.isArray(options.agents) || options.agents.length === 0) {
    throw new EngineOptionsError('invalid-option', `agents must list at least one agent profile; received ${Array.isArray(options.agents) ? 'an empty list' : describe(options.agents)}.`);
  }
  if (options.priority !== undefined && options.priority !== 'critical-path' && options.priority !== 'fifo') {
    throw new EngineOptionsError('invalid-option', `priority must be "critical-path" or "fifo"; received ${describe(options.priority)}.`);
  }
  const workers = integer('workers', options.workers, 4, 1, 50);
  const timeout = options.taskTimeoutMs === undefined ? undefined : duration('taskTimeoutMs', options.taskTimeoutMs, 0);
  if (timeout === 0) throw new EngineOptionsError('invalid-option', 'taskTimeoutMs must be more than 0 milliseconds (leave it out for no limit); received 0.');
  const backoff = options.backoff ?? {};
  return {
    workers,
    firstSeq: integer('firstSeq', options.firstSeq, 1, 1),
    maxAgents: integer('maxAgents', options.maxAgents, workers, 1),
    maxConcurrencyPerAgent: integer('maxConcurrencyPerAgent', options.maxConcurrencyPerAgent, workers, 1),
    taskTimeoutMs: timeout,
    maxAttempts: integer('maxAttempts', options.maxAttempts, 3, 1, 100),
    backoff: {
      baseMs: duration('backoff.baseMs', backoff.baseMs, 1000),
      maxMs: duration('backoff.maxMs', backoff.maxMs, 30_000),
      jitter: fraction('backoff.jitter', backoff.jitter, 0.5),
    },
    priority: options.priority ?? 'critical-path',
    spawnThreshold: fraction('spawnThreshold', options.spawnThreshold, SPECIALIZATION_THRESHOLD),
    idleTimeoutMs: duration('idleTimeoutMs', options.idleTimeoutMs, 0),
    abortGraceMs: duration('abortGraceMs', options.abortGraceMs, 5000),
    circuitBreaker: circuitBreaker(options.circuitBreaker),
    runBudgetUsd: budget(options.runBudgetUsd),
  };
}

function circuitBreaker(value: EngineOptions['circuitBreaker']): CircuitBreakerOptions | undefined {
  if (value === false) return undefined;
  if (value !== undefined && (value === null || typeof value !== 'object')) {
    throw new EngineOptionsError('invalid-option', `circuitBreaker must be an object or false; received ${describe(value)}.`);
  }
  return {
    failureThreshold: integer('circuitBreaker.failureThreshold', value?.failureThreshold, DEFAULT_CIRCUIT_BREAKER.failureThreshold, 1),
    cooldownMs: duration('circuitBreaker.cooldownMs', value?.cooldownMs, DEFAULT_CIRCUIT_BREAKER.cooldownMs),
  };
}

function budget(value: unknown): number {
  if (value === undefined) return Infinity;
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new EngineOptionsError('invalid-option', `runBudgetUsd must be a number of US dollars above 0 (leave it out for no limit); received ${describe(value)}.`);
  }
  return value;
}
