import type { FailureKind } from '../model';
import type { BackoffOptions } from './options';

/** What to do after a failed attempt. */
export type RetryDecision = 'retry' | 'fallback' | 'give-up';

/**
 * The failure kinds that may pass if the same agent simply tries again later (a rate limit, a hang, a
 * crash). `cancelled` appears here only when a runner reports it without the engine having asked.
 */
const RETRY_SAME_AGENT: ReadonlySet<FailureKind> = new Set<FailureKind>(['transient', 'timeout', 'stalled', 'crash', 'cancelled']);

/**
 * The policy, in one place:
 * - `unrecoverable`: give up at once (no retry, no fallback), like BullMQ's UnrecoverableError.
 * - transient, timeout, stalled, crash: retry on the same agent with backoff until it has had
 *   `maxAttempts` attempts, then fall back to the next agent of the route (which gets `maxAttempts` too).
 * - turn-limit, budget, validation: this agent did its best and it was not enough; fall back at once.
 * - With no agent left to fall back to, give up: the task fails and its dependents are blocked.
 */
export function decideAfterFailure(kind: FailureKind, attemptsOnAgent: number, maxAttempts: number, hasFallback: boolean): RetryDecision {
  if (kind === 'unrecoverable') return 'give-up';
  if (RETRY_SAME_AGENT.has(kind) && attemptsOnAgent < maxAttempts) return 'retry';
  return hasFallback ? 'fallback' : 'give-up';
}

/**
 * Exponential backoff with jitter: `min(maxMs, baseMs × 2^(n−1)) × (1 − jitter × random())` for the n-th
 * retry on an agent.
 */
export function backoffDelay(retry: number, backoff: BackoffOptions, random: () => number): number {
  const exponential = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (1 - backoff.jitter * random()));
}
