import type { Assignment, RunEvent, TaskGraph } from '../orchestrator/index';
import { formatCost, formatDuration, makeStyle, plural, truncate } from './format';
import type { Style } from './format';
import type { CliIo } from './io';

/**
 * Live progress lines for people: one line per meaningful event, prefixed with the time since the run
 * started. Progress chatter from agents is left out; `--json` has everything.
 */
export function progressPrinter(io: CliIo, graph: TaskGraph, planned: readonly Assignment[]): (event: RunEvent) => void {
  const style = makeStyle(io.color);
  const titles = new Map(graph.tasks.map((t) => [t.id, t.title]));
  const plannedAgent = new Map(planned.map((a) => [a.taskId, a.agent]));
  // A spawned agent's session can start again for a retry; people need to hear about it once.
  const announced = new Set<string>();
  let startedAt: number | undefined;
  return (event) => {
    startedAt ??= event.time;
    if (event.type === 'agent.spawned') {
      if (announced.has(event.agent)) return;
      announced.add(event.agent);
    }
    const line = describeEvent(event, style, {
      title: (id) => truncate(titles.get(id) ?? id, 60),
      planned: (id) => plannedAgent.get(id),
    });
    if (line !== undefined) io.out(`${style.dim(`[${formatDuration(event.time - startedAt).padStart(7)}]`)} ${line}`);
  };
}

interface TaskFacts {
  title(id: string): string;
  /** The agent the plan chose; the engine may pick another when that one is at its limit or failed. */
  planned(id: string): string | undefined;
}

function describeEvent(event: RunEvent, style: Style, facts: TaskFacts): string | undefined {
  const title = facts.title;
  switch (event.type) {
    case 'run.started':
      return style.bold(`Running "${event.title}": ${plural(event.taskCount, 'task')} on ${plural(event.workers, 'worker')}`);
    case 'task.started':
      return `${style.cyan('▶')} ${event.taskId} ${title(event.taskId)} ${style.dim(`· ${event.agent}${startNote(event.taskId, event.agent, event.attempt, facts)}`)}`;
    case 'task.succeeded':
      return `${style.green('✔')} ${event.taskId} done in ${formatDuration(event.durationMs)} ${style.dim(`· ${event.agent} · ${formatCost(event.costUsd)}`)}`;
    case 'task.failed':
      return `${style.red('✘')} ${event.taskId} failed on ${event.agent} (${event.failure.kind}): ${truncate(event.failure.message, 120)}${event.final ? '' : style.dim(' · will try again')}`;
    case 'task.retrying':
      return `${style.yellow('↻')} ${event.taskId} retry ${event.attempt} on ${event.agent} in ${formatDuration(event.delayMs)}: ${truncate(event.reason, 100)}`;
    case 'task.rerouted':
      return `${style.yellow('⇄')} ${event.taskId} moved from ${event.from} to ${event.to}: ${truncate(event.reason, 100)}`;
    case 'task.cancelled':
      return `${style.yellow('■')} ${event.taskId} cancelled: ${event.reason}`;
    case 'task.blocked':
      return `${style.yellow('⊘')} ${event.taskId} blocked: ${event.blockedBy} did not succeed`;
    case 'agent.spawned':
      return event.dynamic ? `${style.cyan('+')} new agent ${event.agent}: ${truncate(event.reason, 100)}` : undefined;
    default:
      return undefined;
  }
}

function startNote(taskId: string, agent: string, attempt: number, facts: TaskFacts): string {
  const planned = facts.planned(taskId);
  const notes = [];
  if (attempt > 1) notes.push(`attempt ${attempt}`);
  if (planned !== undefined && planned !== agent && attempt === 1) notes.push(`plan: ${planned}`);
  return notes.map((n) => ` · ${n}`).join('');
}
