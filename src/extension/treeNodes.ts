/**
 * What each row of the Agents and Runs trees shows, as plain data: the tree providers only turn these into
 * `vscode.TreeItem`s. Everything here derives from a DashboardState (or the store's records), never from the
 * engine directly.
 */
import { meanAttemptMs, statusCounts, successRate } from '../shared/dashboardState';
import type { DashboardAgent, DashboardState, DashboardTask } from '../shared/dashboardState';
import type { AgentProfile, AgentStats, RunStatus, TaskStatus } from '../orchestrator/model';
import type { RunRecord } from '../orchestrator/index';
import { clockTime, formatCost, formatDuration, formatPercent, shorten } from './format';
import { RUN_COMMANDS } from './ids';

const OPEN_TASK_LOG_COMMAND = RUN_COMMANDS.openTaskLog;

export interface NodeView {
  /** Stable across refreshes, so VS Code keeps expansion and selection. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id for ThemeIcon, e.g. 'sync~spin'. */
  icon: string;
  /** A theme colour id for the icon, when its status deserves one. */
  color?: string;
  /** Drives the `view/item/context` menus in package.json. */
  contextValue: string;
  collapsible: boolean;
  command?: { command: string; title: string; arguments: unknown[] };
}

// ---------------------------------------------------------------------------------------------------------
// Agents
// ---------------------------------------------------------------------------------------------------------

const AGENT_ICONS: Record<DashboardAgent['status'], { icon: string; color?: string }> = {
  idle: { icon: 'circle-outline' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  failing: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  'circuit-open': { icon: 'circle-slash', color: 'problemsErrorIcon.foreground' },
  ended: { icon: 'circle-large-outline', color: 'disabledForeground' },
};

/** Agents known before any run: their definitions, with what past runs recorded about them. */
export function agentsFromProfiles(profiles: readonly AgentProfile[], stats: readonly AgentStats[]): DashboardAgent[] {
  const byName = new Map(stats.map((s) => [s.agent, s]));
  return profiles.map((p) => {
    const s = byName.get(p.name);
    const attempts = s?.attempts ?? 0;
    const succeeded = s?.successes ?? 0;
    return {
      name: p.name,
      description: p.description,
      source: p.source,
      model: p.model,
      status: 'idle',
      currentTaskIds: [],
      attempts,
      succeeded,
      failed: Math.max(0, attempts - succeeded),
      failingStreak: 0,
      busyMs: (s?.meanDurationMs ?? 0) * attempts,
      costUsd: 0,
      spawned: p.source === 'spawned',
    };
  });
}

/** One agent row: its status (and current task), success rate, mean duration and cost. */
export function agentNode(agent: DashboardAgent, state: DashboardState | undefined, hasDefinition: boolean): NodeView {
  const look = AGENT_ICONS[agent.status];
  const current = agent.currentTaskIds.map((id) => taskOf(state, id)?.title ?? id);
  const parts = [agentStatusText(agent, current), formatPercent(successRate(agent))];
  const mean = meanAttemptMs(agent);
  if (mean !== undefined) parts.push(`avg ${formatDuration(mean)}`);
  if (agent.costUsd > 0) parts.push(formatCost(agent.costUsd));
  const tooltip = [
    `${agent.name}${agent.model ? ` (${agent.model})` : ''} — ${agent.source}${agent.spawned ? ', created for this run' : ''}`,
    agent.description,
    `${agent.succeeded} succeeded, ${agent.failed} failed of ${agent.attempts} attempts`,
  ].filter((line) => line !== '');
  return {
    id: `agent:${agent.name}`,
    label: agent.name,
    description: parts.join(' · '),
    tooltip: tooltip.join('\n'),
    icon: look.icon,
    color: look.color,
    contextValue: hasDefinition ? 'agent.withFile' : 'agent',
    collapsible: agent.currentTaskIds.length > 0,
  };
}

function agentStatusText(agent: DashboardAgent, current: string[]): string {
  switch (agent.status) {
    case 'running':
      return current.length > 0 ? `running “${shorten(current.join('”, “'), 40)}”` : 'running';
    case 'failing':
      return `failing (${agent.failingStreak} in a row)`;
    case 'circuit-open':
      return 'circuit open';
    default:
      return agent.status;
  }
}

/** The task an agent works on, as a child of the agent row. */
export function agentTaskNode(runId: string, agentName: string, task: DashboardTask): NodeView {
  const attempt = task.attempts.length;
  return {
    id: `agent:${agentName}/${runId}/${task.id}`,
    label: task.title,
    description: `${task.id}${attempt > 1 ? ` · attempt ${attempt}` : ''}`,
    tooltip: task.body ? shorten(task.body, 400) : task.title,
    icon: 'sync~spin',
    color: 'charts.blue',
    contextValue: 'task.active',
    collapsible: false,
    command: openLog(runId, task.id),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------------------

/** A run as the Runs tree lists it, from a live state or from the store's record. */
export interface RunListing {
  runId: string;
  title: string;
  /** 'interrupted': recorded as running, but no process runs it any more (resumable). */
  status: RunStatus | 'planned' | 'interrupted';
  succeeded: number;
  total: number;
  running: number;
  costUsd: number;
  startedAt?: number;
  finishedAt?: number;
  /** Driven by this window right now. */
  live: boolean;
}

export function listingFromState(state: DashboardState, runId: string, live: boolean): RunListing {
  const counts = statusCounts(state);
  const status = state.run.status === 'running' && !live ? 'interrupted' : state.run.status;
  return {
    runId,
    title: state.run.title,
    status,
    succeeded: counts.succeeded,
    total: state.tasks.length,
    running: counts.running + counts.retrying,
    costUsd: state.run.costUsd,
    startedAt: state.run.startedAt,
    finishedAt: state.run.finishedAt,
    live,
  };
}

const RUN_ICONS: Record<RunListing['status'], { icon: string; color?: string }> = {
  planned: { icon: 'circle-outline' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  succeeded: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  interrupted: { icon: 'debug-pause', color: 'problemsWarningIcon.foreground' },
};

export function runNode(run: RunListing): NodeView {
  const parts = [run.status, `${run.succeeded}/${run.total}`];
  if (run.startedAt !== undefined) parts.unshift(clockTime(run.startedAt));
  if (run.status === 'running' && run.running > 0) parts.push(`${run.running} running`);
  if (run.startedAt !== undefined && run.finishedAt !== undefined) parts.push(formatDuration(run.finishedAt - run.startedAt));
  parts.push(formatCost(run.costUsd));
  const when = run.startedAt !== undefined ? `started ${new Date(run.startedAt).toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'not started';
  return {
    id: `run:${run.runId}`,
    label: run.title,
    description: parts.join(' · '),
    tooltip: `${run.title}\n${run.runId} · ${when}${run.status === 'interrupted' ? '\nInterrupted: use Resume Run to finish it.' : ''}`,
    icon: RUN_ICONS[run.status].icon,
    color: RUN_ICONS[run.status].color,
    contextValue: run.live ? 'run.live' : run.status === 'interrupted' ? 'run.interrupted' : 'run.finished',
    collapsible: true,
  };
}

const TASK_ICONS: Record<TaskStatus, { icon: string; color?: string }> = {
  pending: { icon: 'circle-outline' },
  ready: { icon: 'circle-outline', color: 'charts.blue' },
  running: { icon: 'sync~spin', color: 'charts.blue' },
  retrying: { icon: 'debug-restart', color: 'problemsWarningIcon.foreground' },
  succeeded: { icon: 'pass', color: 'testing.iconPassed' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
  blocked: { icon: 'lock', color: 'disabledForeground' },
};

/** Which inline actions a task row offers: cancel while it may still run, retry once it ended badly. */
export function taskContextValue(status: TaskStatus, live: boolean): string {
  if (status === 'failed' || status === 'cancelled' || status === 'blocked') return 'task.retryable';
  if (live && status !== 'succeeded') return 'task.active';
  return 'task.done';
}

export function runTaskNode(runId: string, task: DashboardTask, live: boolean): NodeView {
  const parts = [task.id];
  if (task.agent) parts.push(task.agent);
  if (task.durationMs > 0) parts.push(formatDuration(task.durationMs));
  if (task.costUsd > 0) parts.push(formatCost(task.costUsd));
  const tooltip = [`${task.id} ${task.title} — ${task.status}`];
  if (task.failure) tooltip.push(`${task.failure.kind}: ${task.failure.message}`);
  if (task.blockedBy) tooltip.push(`Waiting on ${task.blockedBy}, which did not succeed.`);
  if (task.summary) tooltip.push(shorten(task.summary, 300));
  return {
    id: `run:${runId}/${task.id}`,
    label: task.title,
    description: parts.join(' · '),
    tooltip: tooltip.join('\n'),
    icon: TASK_ICONS[task.status].icon,
    color: TASK_ICONS[task.status].color,
    contextValue: taskContextValue(task.status, live),
    collapsible: false,
    command: openLog(runId, task.id),
  };
}

function openLog(runId: string, taskId: string): NodeView['command'] {
  return { command: OPEN_TASK_LOG_COMMAND, title: 'Open Task Log', arguments: [{ runId, taskId }] };
}

function taskOf(state: DashboardState | undefined, id: string): DashboardTask | undefined {
  const index = state?.taskIndex[id];
  return index === undefined ? undefined : state!.tasks[index];
}

/** A recorded run before its tasks are loaded; `interrupted` when it says running but nobody runs it. */
export function listingFromRecord(record: RunRecord, interrupted: boolean): RunListing {
  const status = record.status === 'running' && interrupted ? 'interrupted' : record.status;
  return {
    runId: record.runId,
    title: record.title,
    status,
    succeeded: record.totals?.succeeded ?? 0,
    total: record.taskCount,
    running: 0,
    costUsd: record.totals?.costUsd ?? 0,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    live: false,
  };
}
