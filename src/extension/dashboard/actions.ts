/**
 * The actions a dashboard asks the host for (retry, cancel, open a file or a log), checked against the run on
 * screen and carried out through the controller. Free of `vscode`.
 */
import type { RunChange } from '../controllerApi';
import type { DashboardMessage } from '../../shared/protocol';
import type { DashboardController, DashboardPort } from './session';
import { isInside, resolveInsideWorkspace } from './workspacePaths';

export interface ActionOutcome {
  ok: boolean;
  message?: string;
}

type Action = Exclude<DashboardMessage, { type: 'ready' } | { type: 'requestHistory' }>;

const PREVIEW_REFUSAL = 'This is a plan preview: nothing runs yet. Start it with "PRP: Orchestrate PRP".';

/** Carries out `action` for the run on screen; never throws (a failure is an outcome with its reason). */
export async function handleAction(action: Action, shown: RunChange | undefined, controller: DashboardController, port: DashboardPort): Promise<ActionOutcome> {
  try {
    if (action.type === 'openFile') return await openFile(action.path, action.line, shown, port);
    if (!shown) return { ok: false, message: 'No run is shown, so there is nothing to act on.' };
    const runId = shown.runId;
    const isPreview = shown.state.run.status === 'planned';
    if (action.type !== 'cancelRun' && shown.state.taskIndex[action.taskId] === undefined) {
      return { ok: false, message: `Task ${action.taskId} is not part of the run shown.` };
    }
    if (isPreview) return { ok: false, message: PREVIEW_REFUSAL };
    switch (action.type) {
      case 'retryTask': {
        const retried = await controller.retryTask(runId, action.taskId);
        return retried ? { ok: true, message: `${action.taskId} will run again.` } : { ok: false, message: `${action.taskId} cannot run again now; only failed, cancelled or blocked tasks can.` };
      }
      case 'cancelTask':
        await controller.cancelTask(runId, action.taskId);
        return { ok: true, message: `${action.taskId} is being cancelled.` };
      case 'cancelRun':
        await controller.cancelRun(runId);
        return { ok: true, message: 'The run is being cancelled.' };
      case 'openTaskLog':
        await controller.openTaskLog(runId, action.taskId);
        return { ok: true };
    }
  } catch (error) {
    return { ok: false, message: `${action.type} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function openFile(requested: string, line: number | undefined, shown: RunChange | undefined, port: DashboardPort): Promise<ActionOutcome> {
  const roots = port.workspaceRoots();
  const prpPath = shown?.prpPath;
  const preferred = prpPath ? roots.find((root) => isInside(prpPath, root)) : undefined;
  const resolved = resolveInsideWorkspace(requested, roots, preferred);
  if (!resolved.ok) return resolved;
  await port.openFile(resolved.path, line);
  return { ok: true };
}
