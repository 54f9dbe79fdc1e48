import type { CompletedTask, InterruptedTask } from '../engine';
import type { RunEvent, RunRecipe, RunStatus } from '../model';

/** What a run's audit trail says a new life of the run needs. */
export interface RunTrail {
  /** How the run was started; undefined for a run the session did not start. */
  recipe: RunRecipe | undefined;
  /** The highest seq recorded: the next life numbers its events after it. */
  lastSeq: number;
  /** Tasks that succeeded, with what they produced: they never run again. */
  completed: Map<string, CompletedTask>;
  /** Tasks that did not succeed but made attempts: their numbering goes on, and an unfinished session resumes. */
  interrupted: Map<string, InterruptedTask>;
  /** The status of the last `run.finished`, when the trail ends with one (the last life finished). */
  finished: RunStatus | undefined;
}

interface TaskTrail {
  attempts: number;
  /** An attempt has started and not ended. */
  open: boolean;
  agent?: string;
  sessionId?: string;
}

/**
 * Reads a run's events, in seq order, into what resuming it needs. A session id counts only while the
 * attempt that reported it is unfinished: an attempt that failed starts its retry afresh.
 */
export function readTrail(events: readonly RunEvent[]): RunTrail {
  const trail: RunTrail = { recipe: undefined, lastSeq: 0, completed: new Map(), interrupted: new Map(), finished: undefined };
  const tasks = new Map<string, TaskTrail>();
  for (const e of events) {
    trail.lastSeq = Math.max(trail.lastSeq, e.seq);
    trail.finished = e.type === 'run.finished' ? e.status : undefined;
    if (e.type === 'run.started') trail.recipe ??= e.recipe;
    else if ('taskId' in e) follow(taskOf(tasks, e.taskId), e, trail);
  }
  for (const [id, t] of tasks) {
    if (trail.completed.has(id) || t.attempts === 0) continue;
    trail.interrupted.set(id, t.open && t.sessionId !== undefined ? { attempts: t.attempts, sessionId: t.sessionId, agent: t.agent } : { attempts: t.attempts });
  }
  return trail;
}

function taskOf(tasks: Map<string, TaskTrail>, id: string): TaskTrail {
  let t = tasks.get(id);
  if (t === undefined) tasks.set(id, (t = { attempts: 0, open: false }));
  return t;
}

/** One task event's mark on the task's trail. */
function follow(t: TaskTrail, e: RunEvent, trail: RunTrail): void {
  switch (e.type) {
    case 'task.started':
      t.attempts = Math.max(t.attempts, e.attempt);
      t.open = true;
      t.agent = e.agent;
      t.sessionId = undefined;
      return;
    case 'task.progress':
      if (t.open && e.sessionId !== undefined) t.sessionId = e.sessionId;
      return;
    case 'task.succeeded':
      t.open = false;
      trail.completed.set(e.taskId, { agent: e.agent, summary: e.summary, filesChanged: e.filesChanged, attempts: e.attempt, costUsd: e.costUsd, durationMs: e.durationMs });
      return;
    case 'task.failed':
    case 'task.cancelled':
      t.open = false;
      return;
    default:
      return;
  }
}
