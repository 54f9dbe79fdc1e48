import type { AgentStats, RunEvent, RunStatus, RunTotals, TaskFailure, TaskStatus } from '../model';

/** One run as the `runs` list shows it. */
export interface RunRecord {
  runId: string;
  title: string;
  status: RunStatus;
  taskCount: number;
  workers: number;
  startedAt: number;
  finishedAt?: number;
  totals?: RunTotals;
  reason?: string;
  /** The highest event seq recorded for the run. */
  lastSeq: number;
}

/** One task of a run, projected from its events. */
export interface TaskRecord {
  taskId: string;
  status: TaskStatus;
  agent?: string;
  attempts: number;
  costUsd: number;
  durationMs: number;
  summary?: string;
  failure?: TaskFailure;
  updatedAt: number;
}

export interface RunDetail {
  run: RunRecord;
  /** In the order the run first mentioned them. */
  tasks: TaskRecord[];
}

/**
 * The store port: what the engine, the CLI and the extension need from durable state. Implementations keep the
 * projections (runs, tasks, attempts, agent statistics) consistent with the event log.
 */
export interface Store {
  /** Records events and projects them; an event already recorded (same runId and seq) is ignored. */
  appendEvents(events: readonly RunEvent[]): void;
  /** Newest first. */
  listRuns(): RunRecord[];
  getRun(runId: string): RunDetail | undefined;
  /** The run's audit trail in seq order, after `afterSeq` when given. */
  events(runId: string, afterSeq?: number): RunEvent[];
  agentStats(): AgentStats[];
  close(): void | Promise<void>;
}
