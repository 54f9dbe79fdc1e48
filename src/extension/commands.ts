import * as vscode from 'vscode';
import { choosePrp, runIdFrom, taskTargetFrom } from './commandLogic';
import type { TaskTarget } from './commandLogic';
import { RUN_COMMANDS } from './ids';
import { combinedGlob } from './prpFiles/globs';
import { pickFile } from './prompts';
import type { RunController } from './runController';
import type { AgentsTreeProvider } from './views/agentsTree';

const RETRYABLE = new Set(['failed', 'cancelled', 'blocked']);
const CANCELLABLE = new Set(['pending', 'ready', 'running', 'retrying']);

export function registerRunCommands(controller: RunController, agents: AgentsTreeProvider, output: vscode.OutputChannel): vscode.Disposable[] {
  const register = (id: string, handler: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, handler);
  return [
    register(RUN_COMMANDS.orchestrate, async (arg) => {
      const path = await choosePrpPath(controller, arg);
      if (path) await controller.orchestrate(vscode.Uri.file(path));
    }),
    register(RUN_COMMANDS.cancelRun, (...args) => controller.cancelRun(runIdFrom(args))),
    register(RUN_COMMANDS.resumeRun, (...args) => controller.resumeRun(runIdFrom(args))),
    register(RUN_COMMANDS.retryTask, async (...args) => {
      const target = await taskTarget(controller, args, 'Retry Task', (s) => RETRYABLE.has(s));
      return target ? controller.retryTask(target.runId, target.taskId) : false;
    }),
    register(RUN_COMMANDS.cancelTask, async (...args) => {
      const target = await taskTarget(controller, args, 'Cancel Task', (s) => CANCELLABLE.has(s));
      if (target) await controller.cancelTask(target.runId, target.taskId);
    }),
    register(RUN_COMMANDS.openTaskLog, async (...args) => {
      const target = await taskTarget(controller, args, 'Open Task Log', () => true);
      if (target) await controller.openTaskLog(target.runId, target.taskId);
    }),
    register(RUN_COMMANDS.refreshAgents, () => agents.refresh()),
    register(RUN_COMMANDS.openAgentDefinition, async (arg) => {
      const file = typeof arg === 'object' && arg !== null ? (arg as { path?: unknown }).path : undefined;
      if (typeof file === 'string') await vscode.window.showTextDocument(vscode.Uri.file(file));
      else void vscode.window.showInformationMessage('This agent has no definition file (it is built in or was created for a run).');
    }),
    register(RUN_COMMANDS.showOutput, () => output.show(true)),
  ];
}

/** The PRP file to orchestrate: the argument, the active PRP editor, or the person's pick. */
async function choosePrpPath(controller: RunController, arg: unknown): Promise<string | undefined> {
  const globs = controller.settings().prpGlobs;
  const explicit = arg instanceof vscode.Uri ? arg.fsPath : undefined;
  const document = vscode.window.activeTextEditor?.document;
  const selector = globs.map((pattern) => ({ scheme: 'file', pattern }));
  const activeIsPrp = document !== undefined && vscode.languages.match(selector, document) > 0;
  const needSearch = !explicit && !activeIsPrp;
  const found = needSearch ? await vscode.workspace.findFiles(combinedGlob(globs), '**/node_modules/**', 500) : [];
  const choice = choosePrp({ explicit, active: document?.uri.fsPath, activeIsPrp, workspacePrps: found.map((u) => u.fsPath), globs });
  if (choice.kind === 'run') return choice.path;
  if (choice.kind === 'pick') return pickFile(choice.paths, 'Orchestrate PRP');
  void vscode.window.showWarningMessage(choice.message);
  return undefined;
}

/** A task from the command's arguments; from the palette, a pick among the active run's tasks. */
async function taskTarget(controller: RunController, args: unknown[], title: string, filter: (status: string) => boolean): Promise<Required<TaskTarget> | undefined> {
  const given = taskTargetFrom(args);
  if (given) {
    const runId = given.runId ?? controller.activeRun()?.runId;
    if (runId) return { runId, taskId: given.taskId };
  }
  return controller.pickTaskOfActiveRun(title, filter);
}
