import type { Clock } from '../engine/clock';
import type { AgentProfile, FailureKind, Task } from '../model';
import { hashParts, unitFrom } from './seededRandom';
import type { AgentRunner, RunRequest, RunnerProgress, RunnerResult } from './types';

/** How good one simulated agent is. */
export interface AgentSkill {
  /** Probability in [0, 1] that an attempt succeeds (transient faults aside). Default 1. */
  successRate?: number;
  /** Work speed: an attempt takes `estimateMs / speed`. Default 1. */
  speed?: number;
  /** The failure kind of an unsuccessful attempt. Default 'validation' (the work did not pass its checks). */
  failureKind?: FailureKind;
}

export interface SimulatedRunnerOptions {
  /** The clock the attempts take time on; a VirtualClock for tests and benchmarks. */
  clock: Clock;
  /** Outcomes and durations are a pure function of the seed, task, agent and attempt. Default 1. */
  seed?: number;
  /** Skills per agent name; agents not listed get `defaultSkill`. */
  skills?: Readonly<Record<string, AgentSkill>>;
  /** Default: succeeds always at speed 1. */
  defaultSkill?: AgentSkill;
  /** Duration of one attempt in ms. Default `task.estimateMs / speed`, spread by `variation`. */
  durationMs?: (task: Task, agent: AgentProfile, attempt: number) => number;
  /** Random spread of the default duration: ± this fraction, uniformly. Default 0 (exactly the estimate). */
  variation?: number;
  /** Probability in [0, 1] that an attempt hits a transient fault (a rate limit) a fifth of the way in. Default 0. */
  transientFaultRate?: number;
  /** Cost of an attempt in USD. Default $0.01 per simulated second. */
  costUsd?: (task: Task, agent: AgentProfile, durationMs: number) => number;
  /** Report one progress line when an attempt starts. Default true. */
  progress?: boolean;
}

const DEFAULT_SKILL: AgentSkill = {};

/*
 * The resolver of the promise being created: `new Promise(captureResolve)` hands it over without a new
 * executor closure per attempt. It is read straight after, synchronously, so attempts never mix them up.
 */
let capturedResolve: ((result: RunnerResult) => void) | undefined;

function captureResolve(resolve: (result: RunnerResult) => void): void {
  capturedResolve = resolve;
}

/**
 * A deterministic stand-in for real agents, for demos, tests and benchmarks: each attempt takes simulated
 * time on the given clock and succeeds or fails as the seed and the agent's skill decide. It honours abort,
 * resolving at once with a `cancelled` failure.
 */
export class SimulatedRunner implements AgentRunner {
  readonly name = 'simulated';
  readonly releasesSignal = true;
  private readonly seed: number;
  private readonly watches = new WeakMap<AbortSignal, SignalWatch>();

  constructor(private readonly options: SimulatedRunnerOptions) {
    this.seed = options.seed ?? 1;
  }

  run(request: RunRequest, signal: AbortSignal, onProgress: (progress: RunnerProgress) => void): Promise<RunnerResult> {
    if (signal.aborted) return Promise.resolve(cancelled());
    const { task, agent, attempt } = request;
    const skills = this.options.skills;
    // hasOwn: an agent named like an Object.prototype member (`constructor`) has no skill by accident.
    const skill = (skills !== undefined && Object.hasOwn(skills, agent.name) ? skills[agent.name] : undefined) ?? this.options.defaultSkill ?? DEFAULT_SKILL;
    const faultRate = this.options.transientFaultRate ?? 0;
    // The hash only feeds draws that can change something; with no faults, certain success and no spread
    // (the benchmarks' case) every draw's outcome is known, so hashing two strings per attempt is skipped.
    const hash = faultRate > 0 || (skill.successRate ?? 1) < 1 || this.spreads() ? hashParts(this.seed, task.id, agent.name, attempt) : 0;
    const full = Math.max(0, this.duration(task, agent, attempt, skill, hash));
    // A transient fault (a rate limit) strikes a fifth of the way in.
    const transient = faultRate > 0 && unitFrom(hash, 1) < faultRate;
    const durationMs = transient ? full / 5 : full;
    const result = this.result(task, agent, skill, hash, durationMs, transient);
    const watch = this.watch(signal);
    const promise = new Promise<RunnerResult>(captureResolve);
    const simulated = new SimulatedAttempt(this.options.clock, watch, result, capturedResolve!);
    capturedResolve = undefined;
    simulated.timer = this.options.clock.setTimeout(() => simulated.complete(), durationMs);
    watch.add(simulated);
    if (this.options.progress !== false) {
      try {
        onProgress({ message: `${agent.name} started attempt ${attempt}` });
      } catch (error) {
        // As when this ran inside the promise's executor: a throwing callback rejects the attempt.
        return Promise.reject(error);
      }
    }
    return promise;
  }

  /** Whether the default duration is spread randomly. */
  private spreads(): boolean {
    return !this.options.durationMs && (this.options.variation ?? 0) !== 0;
  }

  /**
   * The one abort listener this runner keeps on a signal for the signal's lifetime. Adding and removing a
   * listener per attempt costs about 1 µs on Node 20; the engine reuses signals, so one per signal is
   * nearly free, and it does nothing once the signal's attempts have settled.
   */
  private watch(signal: AbortSignal): SignalWatch {
    let watch = this.watches.get(signal);
    if (watch === undefined) {
      watch = new SignalWatch();
      this.watches.set(signal, watch);
      signal.addEventListener('abort', watch, { once: true });
    }
    return watch;
  }

  /** What an attempt will end with, drawn from (seed, task, agent, attempt) only. */
  private result(task: Task, agent: AgentProfile, skill: AgentSkill, hash: number, durationMs: number, transient: boolean): RunnerResult {
    const costUsd = this.cost(task, agent, durationMs);
    if (transient) return { ok: false, failure: { kind: 'transient', message: `Simulated rate limit for ${agent.name}; try again later.` }, costUsd };
    const successRate = skill.successRate ?? 1;
    if (successRate < 1 && unitFrom(hash, 2) >= successRate) {
      const kind = skill.failureKind ?? 'validation';
      return { ok: false, failure: { kind, message: `Simulated ${kind} failure: ${agent.name} could not finish "${task.title}".` }, costUsd };
    }
    return { ok: true, summary: `${agent.name} finished "${task.title}" (simulated).`, costUsd, filesChanged: task.files };
  }

  private duration(task: Task, agent: AgentProfile, attempt: number, skill: AgentSkill, hash: number): number {
    if (this.options.durationMs) return this.options.durationMs(task, agent, attempt);
    const base = task.estimateMs / (skill.speed ?? 1);
    const variation = this.options.variation ?? 0;
    return variation === 0 ? base : base * (1 + variation * (2 * unitFrom(hash, 3) - 1));
  }

  private cost(task: Task, agent: AgentProfile, durationMs: number): number {
    return this.options.costUsd ? this.options.costUsd(task, agent, durationMs) : durationMs / 100_000;
  }
}

/**
 * The attempts currently using one signal; the signal's single abort listener. Nearly always one attempt
 * at a time, kept in a field; a Set is made only when a caller shares a signal between attempts.
 */
class SignalWatch {
  private only: SimulatedAttempt | undefined = undefined;
  private more: Set<SimulatedAttempt> | undefined = undefined;

  add(attempt: SimulatedAttempt): void {
    if (this.only === undefined) this.only = attempt;
    else (this.more ??= new Set()).add(attempt);
  }

  delete(attempt: SimulatedAttempt): void {
    if (this.only === attempt) this.only = undefined;
    else this.more?.delete(attempt);
  }

  handleEvent(): void {
    const attempts = [...(this.only ? [this.only] : []), ...(this.more ?? [])];
    this.only = undefined;
    this.more = undefined;
    for (const attempt of attempts) attempt.abort();
  }
}

/** One attempt in flight. */
class SimulatedAttempt {
  timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly watch: SignalWatch,
    private readonly result: RunnerResult,
    private readonly resolve: (result: RunnerResult) => void,
  ) {}

  complete(): void {
    this.watch.delete(this);
    this.resolve(this.result);
  }

  abort(): void {
    this.clock.clearTimeout(this.timer);
    this.resolve(cancelled());
  }
}

function cancelled(): RunnerResult {
  return { ok: false, failure: { kind: 'cancelled', message: 'The attempt was aborted.' } };
}
