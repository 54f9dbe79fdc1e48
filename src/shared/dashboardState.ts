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
  RunStatus,
  TaskFailure,
  TaskGraph,
  TaskStatus,
} from '../orchestrator/model';
import { newAgent } from './dashboardReducer';

export { MAX_LOG_LINES, applyRunEvent, applyRunEvents } from './dashboardReducer';
export * from './dashboardDerived';

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
  /** Time spent in finished attempts (a running attempt's time is `taskElapsedMs`). */
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
