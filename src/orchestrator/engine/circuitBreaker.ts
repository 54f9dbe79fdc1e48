import type { FailureKind, TaskFailure } from '../model';
import type { AgentSlot } from './agentPool';
import type { Clock } from './clock';
import type { EventBody } from './events';

export interface CircuitBreakerOptions {
  /** Consecutive failed attempts of one agent that open its circuit. Default 3. */
  failureThreshold: number;
  /** How long an open circuit stays open before one probe attempt may go through, in ms. Default 30000. */
  cooldownMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 3, cooldownMs: 30_000 };

/**
 * The failures that say something about the agent's health. `cancelled` is the engine's (or the person's)
 * doing; turn-limit, budget and validation mean the agent worked but the task was too much for it, which
 * the retry policy already handles by moving the task on.
 */
const COUNTED: ReadonlySet<FailureKind> = new Set<FailureKind>(['crash', 'stalled', 'timeout', 'transient', 'unrecoverable']);

type CircuitState = 'open' | 'half-open';

/** The breaker's record of one agent whose circuit is not closed. */
interface Circuit {
  state: CircuitState;
  timer: unknown;
  /** The token (task attempt count) and task of the probe in flight, while half-open. */
  probe: { taskId: string; attempt: number } | undefined;
}

/**
 * A circuit breaker per agent. After `failureThreshold` consecutive failed attempts an agent's circuit
 * opens: the agent takes no new task (its slot's `open` flag makes `AgentPool.canTake` say no, so the
 * assigner routes around it) until `cooldownMs` have passed on the engine's clock. It then half-opens and
 * lets one probe attempt through: success closes the circuit, failure opens it again for another cooldown.
 *
 * The slot carries the two fields the scheduler reads on every attempt (`open`, `failures`); everything
 * else lives here and exists only for agents that have failed, so a healthy run pays two field reads per
 * attempt and nothing more.
 */
export class CircuitBreaker {
  private readonly circuits = new Map<AgentSlot, Circuit>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly clock: Clock,
    private readonly emit: (body: EventBody) => void,
    /** Called when a circuit half-opens on its timer, so the engine can start the probe. */
    private readonly onHalfOpen: () => void,
  ) {}

  /** True while some agent's circuit is open or half-open. */
  get anyOpen(): boolean {
    return this.circuits.size > 0;
  }

  /** An attempt starts on the agent: while half-open, the first one is the probe and closes the door behind it. */
  started(slot: AgentSlot, taskId: string, attempt: number): void {
    const circuit = this.circuits.get(slot);
    if (circuit === undefined || circuit.state !== 'half-open' || circuit.probe !== undefined) return;
    circuit.probe = { taskId, attempt };
    slot.open = true;
  }

  /** Any success shows the agent works: its failure count resets and an open circuit closes. */
  succeeded(slot: AgentSlot): void {
    slot.failures = 0;
    const circuit = this.circuits.get(slot);
    if (circuit === undefined) return;
    this.close(slot, circuit);
  }

  /** An attempt failed or was cancelled. Only the kinds that speak of the agent's health count. */
  failed(slot: AgentSlot, taskId: string, attempt: number, failure: TaskFailure): void {
    const circuit = this.circuits.get(slot);
    if (!COUNTED.has(failure.kind)) {
      // A probe that ended without a verdict (cancelled, or the task was too hard) lets the next one through.
      if (circuit !== undefined && isProbe(circuit, taskId, attempt)) this.halfOpen(slot, circuit);
      return;
    }
    if (circuit === undefined) {
      slot.failures += 1;
      if (slot.failures >= this.options.failureThreshold) this.open(slot, `${slot.failures} attempts in a row failed, the last with ${describe(failure)}`);
      return;
    }
    // While open, late results of attempts started before it opened say nothing new; half-open, only the probe decides.
    if (!isProbe(circuit, taskId, attempt)) return;
    slot.failures += 1;
    this.clock.clearTimeout(circuit.timer);
    this.circuits.delete(slot);
    this.open(slot, `the probe attempt failed with ${describe(failure)}`);
  }

  /**
   * The no-deadlock rule: when ready tasks wait only because every agent they could go to is open and
   * nothing is running (so no result can close a circuit), every open circuit half-opens now rather than
   * at the end of its cooldown. Returns whether any did.
   */
  releaseAll(): boolean {
    let released = false;
    for (const [slot, circuit] of this.circuits) {
      if (circuit.state !== 'open') continue;
      this.clock.clearTimeout(circuit.timer);
      this.halfOpen(slot, circuit);
      released = true;
    }
    return released;
  }

  /** Stops every cooldown timer, when the run finishes. */
  dispose(): void {
    for (const circuit of this.circuits.values()) this.clock.clearTimeout(circuit.timer);
    this.circuits.clear();
  }

  private open(slot: AgentSlot, why: string): void {
    const cooldownMs = this.options.cooldownMs;
    const circuit: Circuit = { state: 'open', timer: undefined, probe: undefined };
    circuit.timer = this.clock.setTimeout(() => this.onCooldownOver(slot, circuit), cooldownMs);
    this.circuits.set(slot, circuit);
    slot.open = true;
    const reason = `${slot.name} is paused: ${why}. New tasks go to other agents; one task will try it again in ${seconds(cooldownMs)}.`;
    this.emit({ type: 'agent.circuit-opened', agent: slot.name, failures: slot.failures, reason });
  }

  private onCooldownOver(slot: AgentSlot, circuit: Circuit): void {
    if (this.circuits.get(slot) !== circuit || circuit.state !== 'open') return;
    this.halfOpen(slot, circuit);
    this.onHalfOpen();
  }

  private halfOpen(slot: AgentSlot, circuit: Circuit): void {
    circuit.state = 'half-open';
    circuit.timer = undefined;
    circuit.probe = undefined;
    slot.open = false;
  }

  private close(slot: AgentSlot, circuit: Circuit): void {
    this.clock.clearTimeout(circuit.timer);
    this.circuits.delete(slot);
    slot.open = false;
    this.emit({ type: 'agent.circuit-closed', agent: slot.name });
  }
}

function isProbe(circuit: Circuit, taskId: string, attempt: number): boolean {
  const probe = circuit.probe;
  return circuit.state === 'half-open' && probe !== undefined && probe.taskId === taskId && probe.attempt === attempt;
}

function describe(failure: TaskFailure): string {
  const message = failure.message.length > 200 ? `${failure.message.slice(0, 199)}…` : failure.message;
  return `${failure.kind}: ${message}`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
