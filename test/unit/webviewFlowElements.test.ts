import { describe, expect, it } from 'vitest';
import { applyRunEvent } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import type { RunEvent } from '../../src/orchestrator/model';
import { SAMPLE_RUN_ID, sampleState } from '../../webview-ui/src/dev/sampleRun';
import { taskMatcher } from '../../webview-ui/src/graph/filter';
import { buildEdges, FlowNodeCache } from '../../webview-ui/src/graph/flowElements';
import { layoutGraph } from '../../webview-ui/src/graph/layout';

let seq = 0;
function apply(state: DashboardState, body: Record<string, unknown>, time: number): DashboardState {
  seq += 1;
  return applyRunEvent(state, { runId: SAMPLE_RUN_ID, seq, time, ...body } as unknown as RunEvent);
}

describe('FlowNodeCache', () => {
  const start = sampleState(50);
  const layout = layoutGraph(start.tasks.map((t) => t.id), start.dependencies);
  const input = (state: DashboardState, selectedId?: string) => ({ state, layout, direction: 'LR' as const, selectedId, matches: undefined });

  it('builds a new node object only for the task a status change touched', () => {
    const cache = new FlowNodeCache();
    const first = cache.build(input(start));
    expect(first.map((n) => n.position)).toEqual(start.tasks.map((t) => layout.positions[t.id]));
    const next = apply(start, { type: 'task.started', taskId: 'T7', agent: 'backend', attempt: 1 }, 1000);
    const second = cache.build(input(next));
    const changed = second.filter((node, i) => node !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['T7']);
    expect(second[6]?.data.task.status).toBe('running');
  });

  it('renders a running node again at most once per second of its attempt', () => {
    const cache = new FlowNodeCache();
    let state = apply(start, { type: 'task.started', taskId: 'T1', agent: 'backend', attempt: 1 }, 10_000);
    const a = cache.build(input(state))[0];
    state = apply(state, { type: 'task.progress', taskId: 'T2', agent: 'x', message: 'tick' }, 10_400);
    const b = cache.build(input(state))[0];
    state = apply(state, { type: 'task.progress', taskId: 'T2', agent: 'x', message: 'tick' }, 11_200);
    const c = cache.build(input(state))[0];
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(c?.data.runningSeconds).toBe(1);
  });

  it('marks the selected node and dims the ones a filter does not match', () => {
    const cache = new FlowNodeCache();
    const nodes = cache.build({ ...input(start, 'T3'), matches: taskMatcher({ text: 'T3', status: 'all', agent: 'all' }) });
    expect(nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(['T3']);
    expect(nodes.filter((n) => !n.data.dimmed).map((n) => n.id)).toEqual(['T3', 'T30', 'T31', 'T32', 'T33', 'T34', 'T35', 'T36', 'T37', 'T38', 'T39']);
  });
});

describe('buildEdges', () => {
  it('makes one edge per dependency and highlights consecutive critical-path pairs', () => {
    const edges = buildEdges(
      [
        { from: 'A', to: 'B', reason: 'explicit' },
        { from: 'A', to: 'B', reason: 'same-file' },
        { from: 'B', to: 'C', reason: 'explicit' },
        { from: 'A', to: 'C', reason: 'explicit' },
      ],
      ['A', 'B', 'C'],
    );
    expect(edges.map((e) => [e.id, e.className])).toEqual([
      ['A->B', 'prp-edge prp-edge--critical'],
      ['B->C', 'prp-edge prp-edge--critical'],
      ['A->C', 'prp-edge'],
    ]);
  });
});
