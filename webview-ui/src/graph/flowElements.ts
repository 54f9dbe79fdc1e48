/**
 * React Flow nodes and edges from the dashboard state and its layout.
 *
 * Invariant that keeps live updates cheap: a node object is reused as long as nothing it shows changed, so
 * after a status change only that task's node is new and only its memoised component renders again. Tasks
 * are copy-on-write in DashboardState, so "nothing changed" is one reference comparison.
 */
import { Position } from '@xyflow/react';
import type { Edge, Node, NodeHandle } from '@xyflow/react';
import type { Dependency } from '../../../src/orchestrator/model';
import type { DashboardState, DashboardTask } from '../../../src/shared/dashboardState';
import type { GraphLayout } from './layout';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 76;

export type TaskNodeData = {
  task: DashboardTask;
  /** Whole seconds the running attempt has taken, so a running node renders at most once a second. */
  runningSeconds?: number;
  dimmed: boolean;
};

export type TaskFlowNode = Node<TaskNodeData, 'task'>;

const MEASURED = { width: NODE_WIDTH, height: NODE_HEIGHT };
const HANDLES_LR: NodeHandle[] = [
  { type: 'target', position: Position.Left, x: 0, y: NODE_HEIGHT / 2, width: 1, height: 1 },
  { type: 'source', position: Position.Right, x: NODE_WIDTH, y: NODE_HEIGHT / 2, width: 1, height: 1 },
];
const HANDLES_TB: NodeHandle[] = [
  { type: 'target', position: Position.Top, x: NODE_WIDTH / 2, y: 0, width: 1, height: 1 },
  { type: 'source', position: Position.Bottom, x: NODE_WIDTH / 2, y: NODE_HEIGHT, width: 1, height: 1 },
];

interface CachedNode {
  task: DashboardTask;
  runningSeconds: number | undefined;
  dimmed: boolean;
  selected: boolean;
  layout: GraphLayout;
  node: TaskFlowNode;
}

export interface NodeInput {
  state: DashboardState;
  layout: GraphLayout;
  direction: 'LR' | 'TB';
  selectedId: string | undefined;
  /** Undefined when no filter is active: nothing is dimmed. */
  matches: ((task: DashboardTask) => boolean) | undefined;
}

function runningSeconds(state: DashboardState, task: DashboardTask): number | undefined {
  const last = task.attempts[task.attempts.length - 1];
  if (task.status !== 'running' || last?.outcome !== 'running') return undefined;
  return Math.floor(Math.max(0, (state.run.now ?? last.startedAt) - last.startedAt) / 1000);
}

/** Builds node arrays, reusing the node objects of tasks whose view did not change since the last call. */
export class FlowNodeCache {
  private cache = new Map<string, CachedNode>();
  /** Events share the task index; a new one means a new snapshot, maybe of other tasks. */
  private taskIndex: Record<string, number> | undefined;

  build(input: NodeInput): TaskFlowNode[] {
    const tasks = input.state.tasks;
    // A snapshot starts a new map (its tasks may differ); otherwise the map is updated in place, so a live
    // update allocates nothing but the changed nodes and the array.
    if (input.state.taskIndex !== this.taskIndex) {
      this.cache = new Map();
      this.taskIndex = input.state.taskIndex;
    }
    const nodes: TaskFlowNode[] = new Array(tasks.length);
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i]!;
      const entry = this.entry(input, task);
      if (entry !== this.cache.get(task.id)) this.cache.set(task.id, entry);
      nodes[i] = entry.node;
    }
    return nodes;
  }

  private entry(input: NodeInput, task: DashboardTask): CachedNode {
    const seconds = runningSeconds(input.state, task);
    const dimmed = input.matches ? !input.matches(task) : false;
    const selected = task.id === input.selectedId;
    const old = this.cache.get(task.id);
    if (old && old.task === task && old.runningSeconds === seconds && old.dimmed === dimmed && old.selected === selected && old.layout === input.layout) return old;
    const position = input.layout.positions[task.id] ?? { x: 0, y: 0 };
    const horizontal = input.direction === 'LR';
    const node: TaskFlowNode = {
      id: task.id,
      type: 'task',
      position,
      data: seconds === undefined ? { task, dimmed } : { task, dimmed, runningSeconds: seconds },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      // Known size and handle places: React Flow then never measures a node again after a status change,
      // and edges are drawn without waiting for a measurement.
      measured: MEASURED,
      handles: horizontal ? HANDLES_LR : HANDLES_TB,
      selected,
      draggable: false,
      connectable: false,
      sourcePosition: horizontal ? Position.Right : Position.Bottom,
      targetPosition: horizontal ? Position.Left : Position.Top,
      ariaLabel: `${task.id} ${task.title}: ${task.status}${task.agent ? `, ${task.agent}` : ''}. Press Enter for details.`,
    };
    return { task, runningSeconds: seconds, dimmed, selected, layout: input.layout, node };
  }
}

/** Consecutive pairs of the critical path, as `from->to` keys. */
export function criticalPairs(criticalPath: readonly string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < criticalPath.length; i++) pairs.add(`${criticalPath[i - 1]}->${criticalPath[i]}`);
  return pairs;
}

/** One edge per dependency (repeats merged); those on the critical path carry the `critical` class. */
export function buildEdges(dependencies: readonly Dependency[], criticalPath: readonly string[]): Edge[] {
  const critical = criticalPairs(criticalPath);
  const edges: Edge[] = [];
  const seen = new Set<string>();
  for (const d of dependencies) {
    const id = `${d.from}->${d.to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const onPath = critical.has(id);
    edges.push({
      id,
      source: d.from,
      target: d.to,
      className: onPath ? 'prp-edge prp-edge--critical' : 'prp-edge',
      focusable: false,
      selectable: false,
      zIndex: onPath ? 1 : 0,
      ariaLabel: `${d.to} waits for ${d.from} (${d.reason})${onPath ? ', on the critical path' : ''}`,
    });
  }
  return edges;
}
