import type { RunEvent } from '../orchestrator/model';
import { formatCost, formatDuration } from './format';

/**
 * The output channel's line for an event worth a line (run start and end, failures, retries, reroutes,
 * circuit breaker, finished tasks); undefined for the chatter that the task logs already hold.
 */
export function eventLine(event: RunEvent): { level: 'info' | 'warn' | 'error'; text: string } | undefined {
  const run = event.runId;
  switch (event.type) {
    case 'run.started':
      return { level: 'info', text: `[${run}] started "${event.title}": ${event.taskCount} tasks on ${event.workers} workers` };
    case 'run.finished': {
      const t = event.totals;
      const text = `[${run}] ${event.status}: ${t.succeeded}/${t.tasks} succeeded, ${t.failed} failed, ${t.blocked} blocked, ${t.cancelled} cancelled · ${formatCost(t.costUsd)} · ${formatDuration(t.durationMs)}${event.reason ? ` · ${event.reason}` : ''}`;
      return { level: event.status === 'succeeded' ? 'info' : 'warn', text };
    }
    case 'task.succeeded':
      return { level: 'info', text: `[${run}] ${event.taskId} succeeded on ${event.agent} in ${formatDuration(event.durationMs)} (${formatCost(event.costUsd)})` };
    case 'task.failed':
      return {
        level: event.final ? 'error' : 'warn',
        text: `[${run}] ${event.taskId} attempt ${event.attempt} on ${event.agent} failed (${event.failure.kind}): ${event.failure.message}${event.final ? ' — giving up' : ''}`,
      };
    case 'task.retrying':
      return { level: 'warn', text: `[${run}] ${event.taskId} retrying on ${event.agent} in ${formatDuration(event.delayMs)}: ${event.reason}` };
    case 'task.rerouted':
      return { level: 'warn', text: `[${run}] ${event.taskId} moved from ${event.from} to ${event.to}: ${event.reason}` };
    case 'task.cancelled':
      return { level: 'warn', text: `[${run}] ${event.taskId} cancelled: ${event.reason}` };
    case 'task.blocked':
      return { level: 'warn', text: `[${run}] ${event.taskId} blocked: ${event.blockedBy} did not succeed` };
    case 'agent.circuit-opened':
      return { level: 'warn', text: `[${run}] ${event.agent} paused after ${event.failures} failures in a row: ${event.reason}` };
    case 'agent.circuit-closed':
      return { level: 'info', text: `[${run}] ${event.agent} takes tasks again` };
    default:
      return undefined;
  }
}
