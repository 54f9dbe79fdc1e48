/**
 * The decisions behind the commands, without `vscode`: which PRP to orchestrate, what a task action may do,
 * which words to use when refusing. The command handlers only ask VS Code and act on the answer.
 */
import type { TaskStatus } from '../orchestrator/model';

export type PrpChoice =
  | { kind: 'run'; path: string }
  | { kind: 'pick'; paths: string[] }
  | { kind: 'none'; message: string };

/**
 * The PRP to orchestrate: an explicit one (CodeLens, explorer), else the active editor's when it is a PRP,
 * else a pick among the workspace's PRP files (also when there is just one: starting agents costs money, so
 * the person confirms which file).
 */
export function choosePrp(input: { explicit?: string; active?: string; activeIsPrp: boolean; workspacePrps: readonly string[]; globs: readonly string[] }): PrpChoice {
  if (input.explicit) return { kind: 'run', path: input.explicit };
  if (input.active && input.activeIsPrp) return { kind: 'run', path: input.active };
  const paths = [...new Set(input.workspacePrps)].sort((a, b) => a.localeCompare(b));
  if (paths.length > 0) return { kind: 'pick', paths };
  return {
    kind: 'none',
    message: `No PRP file found in this workspace (looked for ${input.globs.join(', ')}). Open a PRP markdown file, or change the "prpOrchestrator.prpGlobs" setting.`,
  };
}

/** A quick-pick row for a file: its name, and the folder it sits in relative to the workspace. */
export function filePickItem(path: string, workspaceRoot: string | undefined): { label: string; description: string; path: string } {
  const normalized = path.replace(/\\/g, '/');
  const slash = normalized.lastIndexOf('/');
  const label = normalized.slice(slash + 1);
  let folder = slash > 0 ? normalized.slice(0, slash) : '';
  const root = workspaceRoot?.replace(/\\/g, '/').replace(/\/$/, '');
  if (root && (folder === root || folder.startsWith(`${root}/`))) folder = folder.slice(root.length + 1);
  return { label, description: folder, path };
}

/** Why a run needs trust, and how to give it. */
export function trustRefusal(action: string): string {
  return (
    `${action} needs a trusted workspace: it starts AI agents and the PRP's validation commands, which change files and run programs here. ` +
    'Trust this folder (Manage Workspace Trust) to run it; Preview Plan and the dashboard work without trust.'
  );
}

/** The question asked when the workspace opens with a run that a closed window left unfinished. */
export function resumeQuestion(name: string, done: number, total: number): string {
  return `Resume run '${name}' (${done}/${total} done)?`;
}

/** A PRP's short name for messages: its file name without `.prp.md` / `.md`. */
export function prpName(path: string | undefined, fallbackTitle: string): string {
  if (!path) return fallbackTitle;
  const file = path.replace(/\\/g, '/').split('/').pop() ?? path;
  return file.replace(/\.prp\.md$/i, '').replace(/\.md$/i, '') || fallbackTitle;
}

export interface TaskTarget {
  runId?: string;
  taskId: string;
}

/**
 * Command arguments for task actions arrive as a tree node or CodeLens argument `{runId, taskId}`, as
 * positional `(runId, taskId)` strings, or not at all (from the palette).
 */
export function taskTargetFrom(args: readonly unknown[]): TaskTarget | undefined {
  const [first, second] = args;
  if (typeof first === 'string' && typeof second === 'string') return { runId: first, taskId: second };
  if (typeof first === 'object' && first !== null) {
    const record = first as Record<string, unknown>;
    if (typeof record.taskId === 'string') {
      return { taskId: record.taskId, runId: typeof record.runId === 'string' ? record.runId : undefined };
    }
  }
  return undefined;
}

/** A run id from a tree node `{runId}`, a string, or nothing. */
export function runIdFrom(args: readonly unknown[]): string | undefined {
  const [first] = args;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as Record<string, unknown>).runId === 'string') {
    return (first as Record<string, string>).runId;
  }
  return undefined;
}

export type RetryDecision = { kind: 'retry-live' } | { kind: 'resume'; message: string } | { kind: 'refuse'; message: string };

/**
 * A failed, cancelled or blocked task of a running run goes again in that run. In a run that already ended,
 * resuming is what runs its unfinished tasks again; anything else has nothing to retry.
 */
export function retryDecision(status: TaskStatus, taskId: string, runLive: boolean): RetryDecision {
  const retryable = status === 'failed' || status === 'cancelled' || status === 'blocked';
  if (!retryable) {
    const why = status === 'succeeded' ? 'it already succeeded' : `it is ${status}, not failed, cancelled or blocked`;
    return { kind: 'refuse', message: `Task ${taskId} cannot be retried: ${why}.` };
  }
  if (runLive) return { kind: 'retry-live' };
  return { kind: 'resume', message: `The run of task ${taskId} has ended; resuming it runs ${taskId} and every other unfinished task again.` };
}
