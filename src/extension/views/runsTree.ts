import * as vscode from 'vscode';
import type { RunRecord } from '../../orchestrator/index';
import type { RunChange } from '../controllerApi';
import type { RunController } from '../runController';
import { KeyedThrottle } from '../throttle';
import { listingFromRecord, listingFromState, runNode, runTaskNode } from '../treeNodes';
import type { RunListing } from '../treeNodes';
import { toTreeItem, TREE_REFRESH_MS } from './treeItems';

/** Elements carry keys; `runId` also lets the run and task commands take a tree row as their argument. */
export type RunElement = { kind: 'run'; runId: string } | { kind: 'task'; runId: string; taskId: string };

/**
 * The Runs view: this window's runs and the store's recorded ones, newest first; each run's tasks with
 * status, agent, duration and cost. Recorded runs are read when the view is first shown, and a run's tasks
 * when it is expanded.
 */
export class RunsTreeProvider implements vscode.TreeDataProvider<RunElement>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunElement | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly throttle = new KeyedThrottle(TREE_REFRESH_MS);
  private readonly subscription: vscode.Disposable;
  /** The same element object per run, so one run can be refreshed on its own. */
  private readonly runElements = new Map<string, RunElement>();
  private records = new Map<string, { record: RunRecord; interrupted: boolean }>();

  constructor(private readonly controller: RunController) {
    this.subscription = controller.onDidChange((change) => this.onChange(change));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  getTreeItem(element: RunElement): vscode.TreeItem {
    if (element.kind === 'run') {
      const item = toTreeItem(runNode(this.listing(element.runId)));
      return item;
    }
    const change = this.controller.runState(element.runId);
    const task = change?.state.tasks[change.state.taskIndex[element.taskId] ?? -1];
    if (!task) return new vscode.TreeItem(element.taskId);
    return toTreeItem(runTaskNode(element.runId, task, this.controller.isLive(element.runId)));
  }

  async getChildren(element?: RunElement): Promise<RunElement[]> {
    if (!element) return this.roots();
    if (element.kind === 'task') return [];
    const change = this.controller.runState(element.runId) ?? (await this.controller.loadRecorded(element.runId));
    return (change?.state.tasks ?? []).map((t) => ({ kind: 'task', runId: element.runId, taskId: t.id }));
  }

  dispose(): void {
    this.throttle.dispose();
    this.subscription.dispose();
    this.emitter.dispose();
  }

  private async roots(): Promise<RunElement[]> {
    const recorded = await this.controller.recordedRuns().catch(() => []);
    this.records = new Map(recorded.map((r) => [r.record.runId, r]));
    const ids = new Set<string>();
    for (const entry of this.controller.registry.list()) ids.add(entry.runId);
    for (const r of recorded) ids.add(r.record.runId);
    return [...ids]
      .map((runId) => this.listing(runId))
      .sort((a, b) => (b.startedAt ?? Number.MAX_SAFE_INTEGER) - (a.startedAt ?? Number.MAX_SAFE_INTEGER))
      .map((l) => this.runElement(l.runId));
  }

  private listing(runId: string): RunListing {
    const entry = this.controller.registry.entry(runId);
    const record = this.records.get(runId);
    if (entry) {
      const live = this.controller.isLive(runId);
      // A loaded recorded run that says running is interrupted only when the store says so (not another window's).
      const listing = listingFromState(entry.state, runId, live);
      if (listing.status === 'interrupted' && record && !record.interrupted) listing.status = 'running';
      return listing;
    }
    if (record) return listingFromRecord(record.record, record.interrupted);
    return { runId, title: runId, status: 'planned', succeeded: 0, total: 0, running: 0, costUsd: 0, live: false };
  }

  private runElement(runId: string): RunElement {
    let element = this.runElements.get(runId);
    if (!element) {
      element = { kind: 'run', runId };
      this.runElements.set(runId, element);
    }
    return element;
  }

  private onChange(change: RunChange): void {
    if (change.runId.startsWith('preview:')) return;
    const known = this.runElements.get(change.runId);
    // A run the tree has not listed yet needs the whole list; a known one only its own row and tasks.
    if (known) this.throttle.schedule(change.runId, () => this.emitter.fire(known));
    else this.throttle.schedule('', () => this.emitter.fire(undefined));
  }
}
