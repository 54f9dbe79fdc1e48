/**
 * The pure reducer behind `applyRunEvent` (re-exported by dashboardState.ts, which every caller imports).
 *
 * Invariants: the input state is never mutated (the touched tasks, agents and the run are copied first, the
 * rest is shared); the version rises by exactly one per event, also for events that change nothing; an event
 * whose seq is not above `lastSeq` was already applied (a replay) and changes nothing but the version.
 */
import type { AgentSource, RunEvent, TaskFailure } from '../orchestrator/model';
import type { AttemptView, DashboardAgent, DashboardState, DashboardTask, LogLine } from './dashboardState';

/** At most this many log lines are kept per task; older ones drop off the front. */
export const MAX_LOG_LINES = 200;

/** What an attempt that was running when its run stopped (crash, reload) is recorded as. */
const INTERRUPTED: TaskFailure = { kind: 'cancelled', message: 'Interrupted: the run stopped before this attempt ended.' };

export function newAgent(name: string, description: string, source: AgentSource, model?: string): DashboardAgent {
  return { name, description, source, model, status: 'idle', currentTaskIds: [], attempts: 0, succeeded: 0, failed: 0, failingStreak: 0, busyMs: 0, costUsd: 0, spawned: source === 'spawned' };
}

/** Applies many events in order. */
export function applyRunEvents(state: DashboardState, events: readonly RunEvent[]): DashboardState {
  let next = state;
  for (const event of events) next = applyRunEvent(next, event);
  return next;
}

/** The state after `event`. Events of another run, and replays of applied ones, only raise the version. */
export function applyRunEvent(state: DashboardState, event: RunEvent): DashboardState {
  const base: DashboardState = { ...state, version: state.version + 1 };
  if (state.run.runId !== undefined && event.runId !== state.run.runId) return base;
  if (event.seq <= state.lastSeq) return base;
  base.lastSeq = event.seq;
  base.run = { ...state.run, runId: event.runId, now: Math.max(state.run.now ?? event.time, event.time) };
  const draft = new Draft(base);
  applyTo(draft, event);
  return draft.state;
}

/** Copy-on-write access to the tasks and agents one event touches. */
class Draft {
  private tasksCopied = false;
  private agentsCopied = false;
  private readonly copiedTasks = new Set<string>();
  private readonly copiedAgents = new Set<string>();
  constructor(readonly state: DashboardState) {}

  task(id: string): DashboardTask | undefined {
    const index = this.state.taskIndex[id];
    if (index === undefined) return undefined;
    if (!this.tasksCopied) {
      this.state.tasks = [...this.state.tasks];
      this.tasksCopied = true;
    }
    if (this.copiedTasks.has(id)) return this.state.tasks[index];
    const copy = { ...this.state.tasks[index]! };
    this.state.tasks[index] = copy;
    this.copiedTasks.add(id);
    return copy;
  }

  /** The agent, added when the run uses one the plan did not list (a spawned agent, or a recorded run's). */
  agent(name: string, created: { spawned: boolean } = { spawned: true }): DashboardAgent {
    if (!this.agentsCopied) {
      this.state.agents = [...this.state.agents];
      this.agentsCopied = true;
    }
    let index = this.state.agents.findIndex((a) => a.name === name);
    if (index < 0) {
      this.state.agents.push({ ...newAgent(name, '', 'spawned'), spawned: created.spawned });
      index = this.state.agents.length - 1;
    }
    if (this.copiedAgents.has(name)) return this.state.agents[index]!;
    const copy = { ...this.state.agents[index]! };
    this.state.agents[index] = copy;
    this.copiedAgents.add(name);
    return copy;
  }
}

function log(task: DashboardTask, time: number, text: string, level: LogLine['level'] = 'info'): void {
  const lines = task.log.length >= MAX_LOG_LINES ? task.log.slice(task.log.length - MAX_LOG_LINES + 1) : [...task.log];
  lines.push({ time, text, level });
  task.log = lines;
}

function applyTo(draft: Draft, event: RunEvent): void {
  const run = draft.state.run;
  switch (event.type) {
    case 'run.started':
      interruptRunningAttempts(draft, event.time);
      Object.assign(run, { status: 'running', title: event.title, workers: event.workers, startedAt: run.startedAt ?? event.time, finishedAt: undefined, reason: undefined });
      return;
    case 'run.finished':
      Object.assign(run, { status: event.status, finishedAt: event.time, costUsd: event.totals.costUsd, reason: event.reason });
      return;
    case 'agent.spawned': {
      const agent = draft.agent(event.agent, { spawned: event.dynamic });
      agent.status = 'idle';
      if (event.dynamic) agent.spawned = true;
      if (agent.description === '') agent.description = event.reason;
      return;
    }
    case 'agent.idle':
      draft.agent(event.agent).status = 'idle';
      return;
    case 'agent.ended':
      draft.agent(event.agent).status = 'ended';
      return;
    case 'agent.circuit-opened':
      draft.agent(event.agent).status = 'circuit-open';
      return;
    case 'agent.circuit-closed': {
      const agent = draft.agent(event.agent);
      agent.status = agent.currentTaskIds.length > 0 ? 'running' : 'idle';
      agent.failingStreak = 0;
      return;
    }
    case 'task.retry-requested':
      applyRetryRequest(draft, event);
      return;
    default:
      applyTaskEvent(draft, event);
  }
}

/**
 * A run starts (or resumes after its process ended): nothing runs at that moment, so attempts recorded as
 * running were cut off. They end as interrupted and their tasks wait to be scheduled again.
 */
function interruptRunningAttempts(draft: Draft, time: number): void {
  for (const snapshot of draft.state.tasks) {
    if (snapshot.status !== 'running') continue;
    const task = draft.task(snapshot.id)!;
    const agent = lastRunningAttempt(task)?.agent ?? task.agent;
    finishAttempt(draft, task, agent, time, 'cancelled', INTERRUPTED);
    task.status = 'pending';
    log(task, time, INTERRUPTED.message, 'warning');
  }
}

function applyRetryRequest(draft: Draft, event: Extract<RunEvent, { type: 'task.retry-requested' }>): void {
  for (const id of event.retried) {
    const task = draft.task(id);
    if (!task) continue;
    Object.assign(task, { status: 'pending', blockedBy: undefined });
    log(task, event.time, id === event.taskId ? 'retry requested' : `runs again: retry of ${event.taskId} requested`);
  }
  for (const id of event.unblocked) {
    const task = draft.task(id);
    if (!task) continue;
    Object.assign(task, { status: 'pending', blockedBy: undefined });
    log(task, event.time, `no longer blocked: retry of ${event.taskId} requested`);
  }
}

type TaskEvent = Extract<RunEvent, { taskId: string }>;

function applyTaskEvent(draft: Draft, event: RunEvent): void {
  if (!('taskId' in event)) return;
  const task = draft.task(event.taskId);
  if (!task) return;
  const e = event as TaskEvent;
  switch (e.type) {
    case 'task.ready':
      Object.assign(task, { status: 'ready', blockedBy: undefined });
      return;
    case 'task.assigned':
      task.agent = e.agent;
      task.routing = { scores: task.routing?.scores ?? [], reason: e.reason, fallbacks: e.fallbacks };
      log(task, e.time, `assigned to ${e.agent}: ${e.reason}`);
      return;
    case 'task.started':
      startAttempt(draft, task, e);
      return;
    case 'task.progress':
      log(task, e.time, e.message);
      return;
    case 'task.succeeded':
      finishAttempt(draft, task, e.agent, e.time, 'succeeded', undefined, e.durationMs);
      Object.assign(task, { status: 'succeeded', summary: e.summary, failure: undefined, filesChanged: e.filesChanged ?? task.filesChanged });
      addCost(draft, task, e.agent, e.costUsd);
      log(task, e.time, `succeeded${e.summary ? `: ${e.summary}` : ''}`);
      return;
    case 'task.failed':
      finishAttempt(draft, task, e.agent, e.time, 'failed', e.failure);
      task.failure = e.failure;
      task.status = e.final ? 'failed' : 'retrying';
      log(task, e.time, `attempt ${e.attempt} failed (${e.failure.kind}): ${e.failure.message}`, 'error');
      return;
    case 'task.retrying':
      task.status = 'retrying';
      log(task, e.time, `retrying in ${Math.round(e.delayMs)} ms: ${e.reason}`, 'warning');
      return;
    case 'task.rerouted':
      task.agent = e.to;
      log(task, e.time, `moved from ${e.from} to ${e.to}: ${e.reason}`, 'warning');
      return;
    case 'task.cancelled': {
      const running = lastRunningAttempt(task);
      if (running) finishAttempt(draft, task, running.agent, e.time, 'cancelled');
      Object.assign(task, { status: 'cancelled', finishedAt: e.time });
      log(task, e.time, `cancelled: ${e.reason}`, 'warning');
      return;
    }
    case 'task.blocked':
      Object.assign(task, { status: 'blocked', blockedBy: e.blockedBy });
      log(task, e.time, `blocked: ${e.blockedBy} did not succeed`, 'warning');
      return;
  }
}

function lastRunningAttempt(task: DashboardTask): AttemptView | undefined {
  const last = task.attempts[task.attempts.length - 1];
  return last?.outcome === 'running' ? last : undefined;
}

function startAttempt(draft: Draft, task: DashboardTask, e: Extract<RunEvent, { type: 'task.started' }>): void {
  // An attempt still open here lost its end event (the run was cut off between two events): close it first.
  const open = lastRunningAttempt(task);
  if (open) finishAttempt(draft, task, open.agent, e.time, 'cancelled', INTERRUPTED);
  Object.assign(task, { status: 'running', agent: e.agent, startedAt: task.startedAt ?? e.time, finishedAt: undefined, blockedBy: undefined });
  task.attempts = [...task.attempts, { attempt: e.attempt, agent: e.agent, startedAt: e.time, outcome: 'running' }];
  const agent = draft.agent(e.agent);
  agent.currentTaskIds = [...agent.currentTaskIds.filter((id) => id !== task.id), task.id];
  if (agent.status !== 'circuit-open') agent.status = 'running';
  agent.attempts += 1;
  log(task, e.time, `attempt ${e.attempt} started on ${e.agent}`);
}

/**
 * Ends the task's running attempt, if any, and books its time on the task and the agent. `measuredMs` is the
 * engine's own measurement (succeeded attempts carry one); otherwise the time between the two events counts.
 * An empty agent name is a failure before any agent ran (nothing could take the task): no agent is charged.
 */
function finishAttempt(draft: Draft, task: DashboardTask, agentName: string | undefined, time: number, outcome: AttemptView['outcome'], failure?: TaskFailure, measuredMs?: number): void {
  const attempts = [...task.attempts];
  const last = attempts.length - 1;
  let elapsed = 0;
  if (last >= 0 && attempts[last]!.outcome === 'running') {
    elapsed = Math.max(0, time - attempts[last]!.startedAt);
    attempts[last] = { ...attempts[last]!, finishedAt: time, outcome, failure };
  }
  const spent = measuredMs ?? elapsed;
  task.attempts = attempts;
  task.finishedAt = time;
  task.durationMs += spent;
  if (!agentName) return;
  const agent = draft.agent(agentName);
  agent.currentTaskIds = agent.currentTaskIds.filter((id) => id !== task.id);
  agent.busyMs += elapsed;
  if (outcome === 'succeeded') {
    agent.succeeded += 1;
    agent.failingStreak = 0;
  } else if (outcome === 'failed') {
    agent.failed += 1;
    agent.failingStreak += 1;
  }
  if (agent.status !== 'circuit-open' && agent.status !== 'ended') {
    agent.status = agent.currentTaskIds.length > 0 ? 'running' : agent.failingStreak > 0 ? 'failing' : 'idle';
  }
}

function addCost(draft: Draft, task: DashboardTask, agentName: string, costUsd: number): void {
  if (!(costUsd > 0)) return;
  task.costUsd += costUsd;
  if (agentName) draft.agent(agentName).costUsd += costUsd;
  draft.state.run.costUsd += costUsd;
}
