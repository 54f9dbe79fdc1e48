import * as vscode from 'vscode';
import type { DashboardAgent, DashboardState } from '../../shared/dashboardState';
import type { AgentProfile, AgentStats } from '../../orchestrator/index';
import type { RunController } from '../runController';
import { KeyedThrottle } from '../throttle';
import { agentNode, agentsFromProfiles, agentTaskNode } from '../treeNodes';
import { toTreeItem, TREE_REFRESH_MS } from './treeItems';

/** Tree elements carry only keys; rows are rebuilt from the current state each time. */
export type AgentElement = { kind: 'agent'; name: string; path?: string } | { kind: 'task'; runId: string; taskId: string; agent: string };

/**
 * The Agents view: during a run, the run's agents with their status and current task; before any run, the
 * workspace's agent definitions with what past runs recorded about them.
 */
export class AgentsTreeProvider implements vscode.TreeDataProvider<AgentElement>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<AgentElement | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly throttle = new KeyedThrottle(TREE_REFRESH_MS);
  private readonly subscription: vscode.Disposable;
  private loading: Promise<void> | undefined;
  private known: { agents: AgentProfile[]; stats: AgentStats[] } = { agents: [], stats: [] };

  constructor(private readonly controller: RunController) {
    this.subscription = controller.onDidChange(() => this.throttle.schedule('all', () => this.emitter.fire(undefined)));
  }

  /** Reads the agent definitions again (Refresh Agents). */
  refresh(): void {
    this.loading = undefined;
    this.emitter.fire(undefined);
  }

  getTreeItem(element: AgentElement): vscode.TreeItem {
    const state = this.state();
    if (element.kind === 'task') {
      const task = state?.tasks[state.taskIndex[element.taskId] ?? -1];
      return task ? toTreeItem(agentTaskNode(element.runId, element.agent, task)) : new vscode.TreeItem(element.taskId);
    }
    const agent = this.agents(state).find((a) => a.name === element.name);
    return agent ? toTreeItem(agentNode(agent, state, element.path !== undefined)) : new vscode.TreeItem(element.name);
  }

  async getChildren(element?: AgentElement): Promise<AgentElement[]> {
    const active = this.controller.activeRun();
    if (element?.kind === 'task') return [];
    if (element) {
      const agent = active?.state.agents.find((a) => a.name === element.name);
      return (agent?.currentTaskIds ?? []).map((taskId) => ({ kind: 'task', runId: active!.runId, taskId, agent: element.name }));
    }
    await this.loadDefinitions();
    const paths = new Map(this.known.agents.map((a) => [a.name, a.path]));
    return this.agents(active?.state).map((a) => ({ kind: 'agent', name: a.name, path: paths.get(a.name) }));
  }

  dispose(): void {
    this.throttle.dispose();
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private state(): DashboardState | undefined {
    return this.controller.activeRun()?.state;
  }

  private agents(state: DashboardState | undefined): DashboardAgent[] {
    if (state && state.agents.length > 0) return state.agents;
    return agentsFromProfiles(this.known.agents, this.known.stats);
  }

  /** Reads the definitions once (again after Refresh Agents); a failure leaves the list empty, not broken. */
  private loadDefinitions(): Promise<void> {
    this.loading ??= this.controller.workspaceAgents().then(
      (loaded) => {
        this.known = loaded;
      },
      () => {
        this.known = { agents: [], stats: [] };
      },
    );
    return this.loading;
  }
}
