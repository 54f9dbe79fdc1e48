/**
 * One state for every view of a run: the webview and browser dashboards, and in the extension the agent and run
 * trees, the CodeLens and the status bar. It is built once from the plan and then follows the run's events
 * through the pure `applyRunEvent`, so every view shows the same thing and a late view needs only a snapshot.
 *
 * Invariants: values are plain JSON (they travel in `snapshot` messages); `applyRunEvent` never mutates its
 * input and returns a new state whose `version` is one higher, also for events it has no use for, so versions
 * count events one to one.
 */
import type {
  AgentProfile,
  AgentScore,
  AgentSource,
  Assignment,
  Dependency,
  Diagnostic,
  RunEvent,
  RunStatus,
  TaskFailure,
  TaskGraph,
  TaskStatus,
} from '../orchestrator/model';

/** At most this many log lines are kept per task; older ones drop off the front. */
export const MAX_LOG_LINES = 200;

export interface LogLine {
  time: number;
  text: string;
  level: 'info' | 'warning' | 'error';
}

export interface AttemptView {
  attempt: number;
  agent: string;
  startedAt: number;
  finishedAt?: number;
  outcome: 'running' | 'succeeded' | 'failed' | 'cancelled';
  failure?: TaskFailure;
}

export interface DashboardTask {
  id: string;
  title: string;
  body: string;
  files: string[];
  tags: string[];
  estimateMs: number;
  /** First line of the task in the PRP file, when known. */
  line?: number;
  status: TaskStatus;
  /** The agent running or last to run it; before that, the routed one. */
  agent?: string;
  /** Why the router chose `agent` (one sentence), with every candidate's score breakdown and the fallbacks. */
  routing?: { reason: string; scores: AgentScore[]; fallbacks: string[] };
  attempts: AttemptView[];
  startedAt?: number;
  finishedAt?: number;
  durationMs: number;
  costUsd: number;
  summary?: string;
  failure?: TaskFailure;
  filesChanged: string[];
  blockedBy?: string;
  critical: boolean;
  log: LogLine[];
}

export type AgentActivity = 'idle' | 'running' | 'failing' | 'circuit-open' | 'ended';

export interface DashboardAgent {
  name: string;
  description: string;
  source: AgentSource;
  model?: string;
  status: AgentActivity;
  currentTaskIds: string[];
  attempts: number;
  succeeded: number;
  failed: number;
  /** Failed attempts in a row since the last success. */
  failingStreak: number;
  /** Milliseconds spent on attempts that ended; with the running ones it gives utilisation. */
  busyMs: number;
  costUsd: number;
  /** Agent created by the run for a task no defined agent fits. */
  spawned: boolean;
}

export interface DashboardRun {
  runId?: string;
  title: string;
  prpPath?: string;
  /** 'planned' before the run starts (a plan preview never leaves it). */
  status: RunStatus | 'planned';
  workers: number;
  startedAt?: number;
  finishedAt?: number;
  /** Time of the newest event, so views can compute elapsed time without a clock of their own. */
  now?: number;
  costUsd: number;
  reason?: string;
}

export interface DashboardState {
  /** Number of events applied since the state was created; increments continue from it. */
  version: number;
  /** The highest event seq applied (seqs can start above 1 for a resumed run). */
  lastSeq: number;
  run: DashboardRun;
  tasks: DashboardTask[];
  /** Task id -> index into `tasks`. */
  taskIndex: Record<string, number>;
  dependencies: Dependency[];
  criticalPath: string[];
  /** Task id -> estimated time from the task's start to the end of the graph (its bottom level). */
  bottomLevels: Record<string, number>;
  agents: DashboardAgent[];
  diagnostics: Diagnostic[];
}

export interface DashboardInput {
  graph: TaskGraph;
  assignments?: readonly Assignment[];
  agents?: readonly AgentProfile[];
  /** From the engine's graph utilities (criticalPath, bottomLevels): the shared code cannot compute them. */
  criticalPath?: readonly string[];
  bottomLevels?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  runId?: string;
  prpPath?: string;
  workers?: number;
  diagnostics?: readonly Diagnostic[];
}

/** The state of a planned run before any event. */
export function createDashboardState(input: DashboardInput): DashboardState {
  const routed = new Map((input.assignments ?? []).map((a) => [a.taskId, a]));
  const critical = new Set(input.criticalPath ?? []);
  const tasks = input.graph.tasks.map((task): DashboardTask => {
    const a = routed.get(task.id);
    return {
      id: task.id,
      title: task.title,
      body: task.body,
      files: [...task.files],
      tags: [...task.tags],
      estimateMs: task.estimateMs,
      line: task.range?.startLine,
      status: task.marker === 'done' ? 'succeeded' : 'pending',
      agent: a?.agent,
      routing: a ? { reason: a.reason, scores: a.scores, fallbacks: a.fallbacks } : undefined,
      attempts: [],
      durationMs: 0,
      costUsd: 0,
      filesChanged: [],
      critical: critical.has(task.id),
      log: [],
    };
  });
  return {
    version: 0,
    lastSeq: 0,
    run: { runId: input.runId, title: input.graph.title, prpPath: input.prpPath, status: 'planned', workers: input.workers ?? 0, costUsd: 0 },
    tasks,
    taskIndex: Object.fromEntries(tasks.map((t, i) => [t.id, i])),
    dependencies: input.graph.dependencies.map((d) => ({ ...d })),
    criticalPath: [...(input.criticalPath ?? [])],
    bottomLevels: toRecord(input.bottomLevels),
    agents: (input.agents ?? []).map((p) => newAgent(p.name, p.description, p.source, p.model)),
    diagnostics: [...(input.diagnostics ?? [])],
  };
}

function toRecord(levels: DashboardInput['bottomLevels']): Record<string, number> {
  if (!levels) return {};
  if (levels instanceof Map) return Object.fromEntries(levels);
  return { ...(levels as Record<string, number>) };
}

function newAgent(name: string, description: string, source: AgentSource, model?: string): DashboardAgent {
  return { name, description, source, model, status: 'idle', currentTaskIds: [], attempts: 0, succeeded: 0, failed: 0, failingStreak: 0, busyMs: 0, costUsd: 0, spawned: source === 'spawned' };
}

/** Applies many events in order. */
export function applyRunEvents(state: DashboardState, events: readonly RunEvent[]): DashboardState {
  let next = state;
  for (const event of events) next = applyRunEvent(next, event);
  return next;
}

/** The state after `event`. Events of another run only raise the version. */
export function applyRunEvent(state: DashboardState, event: RunEvent): DashboardState {
  const base: DashboardState = { ...state, version: state.version + 1 };
  if (state.run.runId !== undefined && event.runId !== state.run.runId) return base;
  base.lastSeq = Math.max(state.lastSeq, event.seq);
  base.run = { ...state.run, runId: event.runId, now: event.time };
  const draft = new Draft(base);
  applyTo(draft, event);
  return draft.state;
}

/** Copy-on-write access to the tasks and agents one event touches. */
class Draft {
  private tasksCopied = false;
  private agentsCopied = false;
  constructor(readonly state: DashboardState) {}

  task(id: string): DashboardTask | undefined {
    const index = this.state.taskIndex[id];
    if (index === undefined) return undefined;
    if (!this.tasksCopied) {
      this.state.tasks = [...this.state.tasks];
      this.tasksCopied = true;
    }
    const copy = { ...this.state.tasks[index]! };
    this.state.tasks[index] = copy;
    return copy;
  }

  agent(name: string): DashboardAgent {
    if (!this.agentsCopied) {
      this.state.agents = [...this.state.agents];
      this.agentsCopied = true;
    }
    let index = this.state.agents.findIndex((a) => a.name === name);
    if (index < 0) {
      this.state.agents.push(newAgent(name, '', 'spawned'));
      index = this.state.agents.length - 1;
    }
    const copy = { ...this.state.agents[index]! };
    this.state.agents[index] = copy;
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
      Object.assign(run, { status: 'running', title: event.title, workers: event.workers, startedAt: run.startedAt ?? event.time, finishedAt: undefined, reason: undefined });
      return;
    case 'run.finished':
      Object.assign(run, { status: event.status, finishedAt: event.time, costUsd: event.totals.costUsd, reason: event.reason });
      return;
    case 'agent.spawned': {
      const agent = draft.agent(event.agent);
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
    default:
      applyTaskEvent(draft, event);
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
      task.status = 'ready';
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
      finishAttempt(draft, task, e.agent, e.time, 'succeeded');
      Object.assign(task, { status: 'succeeded', summary: e.summary, failure: undefined, filesChanged: e.filesChanged ?? task.filesChanged });
      task.durationMs += e.durationMs;
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
    case 'task.cancelled':
      if (task.agent && task.status === 'running') finishAttempt(draft, task, task.agent, e.time, 'cancelled');
      Object.assign(task, { status: 'cancelled', finishedAt: e.time });
      log(task, e.time, `cancelled: ${e.reason}`, 'warning');
      return;
    case 'task.blocked':
      Object.assign(task, { status: 'blocked', blockedBy: e.blockedBy });
      log(task, e.time, `blocked: ${e.blockedBy} did not succeed`, 'warning');
      return;
  }
}

function startAttempt(draft: Draft, task: DashboardTask, e: Extract<RunEvent, { type: 'task.started' }>): void {
  Object.assign(task, { status: 'running', agent: e.agent, startedAt: task.startedAt ?? e.time, finishedAt: undefined, blockedBy: undefined });
  task.attempts = [...task.attempts, { attempt: e.attempt, agent: e.agent, startedAt: e.time, outcome: 'running' }];
  const agent = draft.agent(e.agent);
  agent.currentTaskIds = [...agent.currentTaskIds.filter((id) => id !== task.id), task.id];
  if (agent.status !== 'circuit-open') agent.status = 'running';
  agent.attempts += 1;
  log(task, e.time, `attempt ${e.attempt} started on ${e.agent}`);
}

function finishAttempt(draft: Draft, task: DashboardTask, agentName: string, time: number, outcome: AttemptView['outcome'], failure?: TaskFailure): void {
  const attempts = [...task.attempts];
  const last = attempts.length - 1;
  let startedAt = time;
  if (last >= 0 && attempts[last]!.outcome === 'running') {
    startedAt = attempts[last]!.startedAt;
    attempts[last] = { ...attempts[last]!, finishedAt: time, outcome, failure };
  }
  task.attempts = attempts;
  task.finishedAt = time;
  const agent = draft.agent(agentName);
  agent.currentTaskIds = agent.currentTaskIds.filter((id) => id !== task.id);
  agent.busyMs += Math.max(0, time - startedAt);
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
  draft.agent(agentName).costUsd += costUsd;
  draft.state.run.costUsd += costUsd;
}

// ---------------------------------------------------------------------------------------------------------
// Derived values every view needs
// ---------------------------------------------------------------------------------------------------------

export type StatusCounts = Record<TaskStatus, number>;

export function statusCounts(state: DashboardState): StatusCounts {
  const counts: StatusCounts = { pending: 0, ready: 0, running: 0, retrying: 0, succeeded: 0, failed: 0, cancelled: 0, blocked: 0 };
  for (const task of state.tasks) counts[task.status] += 1;
  return counts;
}

/** Share of attempts that succeeded, or undefined before the first finished attempt. */
export function successRate(agent: DashboardAgent): number | undefined {
  const finished = agent.succeeded + agent.failed;
  return finished === 0 ? undefined : agent.succeeded / finished;
}

/** Mean duration of the agent's finished attempts, or undefined before the first. */
export function meanAttemptMs(agent: DashboardAgent): number | undefined {
  const finished = agent.succeeded + agent.failed;
  return finished === 0 ? undefined : agent.busyMs / finished;
}

/**
 * Estimated time left, from the plan's estimates: the longest remaining chain (a running task's chain minus
 * what it has already run) or the remaining work spread over the workers, whichever is longer. Undefined
 * when the run is not running or nothing is left.
 */
export function estimateRemainingMs(state: DashboardState): number | undefined {
  if (state.run.status !== 'running') return undefined;
  const now = state.run.now ?? 0;
  let chain = 0;
  let work = 0;
  for (const task of state.tasks) {
    if (task.status === 'succeeded' || task.status === 'failed' || task.status === 'cancelled' || task.status === 'blocked') continue;
    const elapsed = task.status === 'running' && task.startedAt !== undefined ? Math.max(0, now - task.startedAt) : 0;
    chain = Math.max(chain, (state.bottomLevels[task.id] ?? task.estimateMs) - elapsed);
    work += Math.max(0, task.estimateMs - elapsed);
  }
  if (chain === 0 && work === 0) return undefined;
  return Math.max(chain, work / Math.max(1, state.run.workers));
}
