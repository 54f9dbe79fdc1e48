/**
 * Command ids of the PRP-file features and the dashboard. The `lens.*` ones are internal (called from CodeLens
 * with arguments, so they are not declared for the command palette).
 */
import type { LensAction } from './lenses';

export const COMMANDS = {
  previewPlan: 'prpOrchestrator.previewPlan',
  showDashboard: 'prpOrchestrator.showDashboard',
  lensOrchestrate: 'prpOrchestrator.lens.orchestrate',
  lensCancelRun: 'prpOrchestrator.lens.cancelRun',
  lensRetryTask: 'prpOrchestrator.lens.retryTask',
  lensRunTask: 'prpOrchestrator.lens.runTask',
  lensOpenTaskLog: 'prpOrchestrator.lens.openTaskLog',
} as const;

/** The command a lens action runs, with its arguments; undefined for a lens that only informs. */
export function lensCommand(
  action: LensAction,
  documentUri: unknown,
): { command: string; arguments: unknown[] } | undefined {
  switch (action.kind) {
    case 'orchestrate':
      return { command: COMMANDS.lensOrchestrate, arguments: [documentUri] };
    case 'previewPlan':
      return { command: COMMANDS.previewPlan, arguments: [documentUri] };
    case 'showDashboard':
      return { command: COMMANDS.showDashboard, arguments: action.runId === undefined ? [] : [action.runId] };
    case 'cancelRun':
      return { command: COMMANDS.lensCancelRun, arguments: [action.runId] };
    case 'retryTask':
      return { command: COMMANDS.lensRetryTask, arguments: [action.runId, action.taskId] };
    case 'runTask':
      return { command: COMMANDS.lensRunTask, arguments: [documentUri, action.taskId] };
    case 'openTaskLog':
      return { command: COMMANDS.lensOpenTaskLog, arguments: [action.runId, action.taskId] };
    case 'none':
      return undefined;
  }
}
