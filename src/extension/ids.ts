/** The ids this part of the extension contributes in package.json; a unit test checks the two agree. */
export const RUN_COMMANDS = {
  orchestrate: 'prpOrchestrator.orchestrate',
  cancelRun: 'prpOrchestrator.cancelRun',
  resumeRun: 'prpOrchestrator.resumeRun',
  retryTask: 'prpOrchestrator.retryTask',
  cancelTask: 'prpOrchestrator.cancelTask',
  openTaskLog: 'prpOrchestrator.openTaskLog',
  refreshAgents: 'prpOrchestrator.refreshAgents',
  openAgentDefinition: 'prpOrchestrator.openAgentDefinition',
  showOutput: 'prpOrchestrator.showOutput',
} as const;

/** X2's command, opened by the status bar item and the end-of-run notification. */
export const SHOW_DASHBOARD_COMMAND = 'prpOrchestrator.showDashboard';

export const VIEW_CONTAINER = 'prpOrchestrator';
export const AGENTS_VIEW = 'prpOrchestrator.agents';
export const RUNS_VIEW = 'prpOrchestrator.runs';

/** Context key: true while a run of this window is running (shows run-only commands in the palette). */
export const RUNNING_CONTEXT = 'prpOrchestrator.running';
