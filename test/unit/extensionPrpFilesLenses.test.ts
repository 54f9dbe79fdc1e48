import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/orchestrator/model';
import { applyRunEvents, createDashboardState } from '../../src/shared/dashboardState';
import type { DashboardState } from '../../src/shared/dashboardState';
import { parsePrp, planPrp } from '../../src/orchestrator/index';
import { analyzePrp } from '../../src/extension/prpFiles/analysis';
import { lensCommand, COMMANDS } from '../../src/extension/prpFiles/commandIds';
import { formatCost, formatDuration, formatEstimate } from '../../src/extension/prpFiles/format';
import { buildLenses, matchTask, progressText } from '../../src/extension/prpFiles/lenses';
import type { LensSpec } from '../../src/extension/prpFiles/lenses';

const ENGINE = { parsePrp, planPrp };

const PRP = [
  '# Add a greeting', // line 1
  '',
  '## Implementation Blueprint',
  '',
  '### Task 1: CREATE src/greet.ts', // line 5
  'Write the greet function.',
  '',
  '### Task 2: CREATE src/farewell.ts', // line 8
  'Write the farewell function.',
  '',
  '### Task 3: MODIFY src/main.ts', // line 11
  '**Dependencies**: Task 1, Task 2',
  'Call greet and farewell from main.',
].join('\n');

const RUN_ID = 'run-1';

function runState(events: (Partial<RunEvent> & { type: RunEvent['type'] })[]): DashboardState {
  const { graph } = analyzePrp(ENGINE, PRP, '/ws/PRPs/greet.md');
  const base = createDashboardState({ graph, runId: RUN_ID, prpPath: '/ws/PRPs/greet.md', workers: 2 });
  const full = events.map((e, i) => ({ runId: RUN_ID, seq: i + 1, time: 1000 * (i + 1), ...e }) as RunEvent);
  return applyRunEvents(base, full);
}

function titlesOnLine(lenses: LensSpec[], line: number): string[] {
  return lenses.filter((l) => l.line === line).map((l) => l.title);
}

describe('PRP CodeLens', () => {
  it('puts Orchestrate, Preview plan and the task count at the top, and each task on its own line', () => {
    const { graph } = analyzePrp(ENGINE, PRP, '/ws/PRPs/greet.md');
    const lenses = buildLenses(graph, undefined);
    expect(titlesOnLine(lenses, 0)).toEqual(['$(play) Orchestrate PRP', '$(type-hierarchy) Preview plan', '3 tasks']);
    expect(lenses.filter((l) => l.line === 0).map((l) => l.action.kind)).toEqual(['orchestrate', 'previewPlan', 'none']);
    // Task headings sit on lines 5, 8 and 11 (1-based); lenses use 0-based lines.
    expect(titlesOnLine(lenses, 4)[0]).toMatch(/^T1 · starts first/);
    expect(titlesOnLine(lenses, 7)[0]).toMatch(/^T2 · starts first/);
    expect(titlesOnLine(lenses, 10)[0]).toMatch(/^T3 · after T1, T2/);
  });

  it('says when a file has no tasks instead of offering to orchestrate it', () => {
    const { graph } = analyzePrp(ENGINE, 'Just some notes.\n', '/ws/notes.md');
    const top = buildLenses(graph, undefined).filter((l) => l.line === 0);
    expect(top.map((l) => l.title)).toEqual(['$(warning) No tasks found', '$(type-hierarchy) Preview plan', '0 tasks']);
    expect(top.some((l) => l.action.kind === 'orchestrate')).toBe(false);
  });

  it('shows live status, agent, duration and cost on task lines while a run goes on', () => {
    const state = runState([
      { type: 'run.started', title: 'Add a greeting', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend-dev', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend-dev', attempt: 1, durationMs: 83_000, costUsd: 0.125 },
      { type: 'task.started', taskId: 'T2', agent: 'writer', attempt: 1 },
    ]);
    const { graph } = analyzePrp(ENGINE, PRP, '/ws/PRPs/greet.md');
    const lenses = buildLenses(graph, { runId: RUN_ID, state });
    expect(titlesOnLine(lenses, 0)[0]).toBe('$(sync~spin) Running · 1/3 done · 1 running · $0.13');
    expect(lenses.find((l) => l.line === 0 && l.action.kind === 'cancelRun')?.action).toEqual({ kind: 'cancelRun', runId: RUN_ID });
    expect(titlesOnLine(lenses, 4)).toEqual(['$(pass) Succeeded · backend-dev · 1m 23s · $0.13']);
    expect(titlesOnLine(lenses, 7)).toEqual(['$(sync~spin) Running · writer']);
    expect(titlesOnLine(lenses, 10)).toEqual(['$(circle-outline) Waiting']);
    expect(lenses.find((l) => l.line === 4)?.action).toEqual({ kind: 'openTaskLog', runId: RUN_ID, taskId: 'T1' });
    expect(lenses.find((l) => l.line === 10)?.action).toEqual({ kind: 'none' });
  });

  it('offers Retry on failed and blocked tasks, with the failure as tooltip, once the run ended', () => {
    const state = runState([
      { type: 'run.started', title: 'Add a greeting', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend-dev', attempt: 1 },
      { type: 'task.failed', taskId: 'T1', agent: 'backend-dev', attempt: 1, failure: { kind: 'validation', message: 'npm test failed' }, final: true },
      { type: 'task.blocked', taskId: 'T3', blockedBy: 'T1' },
      { type: 'run.finished', status: 'failed', totals: { tasks: 3, succeeded: 0, failed: 1, cancelled: 0, blocked: 1, durationMs: 5000, costUsd: 0 } },
    ]);
    const { graph } = analyzePrp(ENGINE, PRP, '/ws/PRPs/greet.md');
    const lenses = buildLenses(graph, { runId: RUN_ID, state });
    const top = titlesOnLine(lenses, 0);
    expect(top.slice(0, 3)).toEqual(['$(play) Orchestrate PRP', '$(type-hierarchy) Preview plan', '3 tasks']);
    expect(top[3]).toBe('$(error) Last run failed · 0/3 done · 1 failed');
    const failed = lenses.filter((l) => l.line === 4);
    expect(failed).toHaveLength(3);
    expect(failed[0]!.title).toMatch(/^\$\(error\) Failed · backend-dev/);
    expect(failed[1]!.title).toBe('$(refresh) Retry');
    expect(failed[0]!.tooltip).toContain('validation: npm test failed');
    expect(failed[1]!.action).toEqual({ kind: 'retryTask', runId: RUN_ID, taskId: 'T1' });
    // Once no run goes on, any task can also be run on its own (with what it waits for).
    expect(failed[2]!).toMatchObject({ title: '$(play) Run task', action: { kind: 'runTask', taskId: 'T1' } });
    expect(titlesOnLine(lenses, 10)).toEqual(['$(debug-pause) Blocked', '$(refresh) Retry', '$(play) Run task']);
    expect(lenses.some((l) => l.line === 7 && l.action.kind === 'retryTask')).toBe(false);
  });

  it('follows a task by its title when an edit above shifts the ids', () => {
    const state = runState([
      { type: 'run.started', title: 'Add a greeting', taskCount: 3, workers: 2 },
      { type: 'task.started', taskId: 'T1', agent: 'backend-dev', attempt: 1 },
      { type: 'task.succeeded', taskId: 'T1', agent: 'backend-dev', attempt: 1, durationMs: 1000, costUsd: 0 },
    ]);
    expect(matchTask(state, { id: 'T2', title: 'CREATE src/greet.ts' })?.id).toBe('T1');
    expect(matchTask(state, { id: 'T1', title: 'Something new' })).toBeUndefined();
    const edited = PRP.replace('### Task 1:', '### Task 0: CREATE src/setup.ts\nSet up.\n\n### Task 1:');
    const { graph } = analyzePrp(ENGINE, edited, '/ws/PRPs/greet.md');
    const lenses = buildLenses(graph, { runId: RUN_ID, state });
    const greetLine = edited.split('\n').indexOf('### Task 1: CREATE src/greet.ts');
    expect(titlesOnLine(lenses, greetLine)[0]).toMatch(/^\$\(pass\) Succeeded · backend-dev/);
    expect(titlesOnLine(lenses, 4)[0]).toMatch(/^T1 · /);
  });

  it('maps lens actions to commands with their arguments', () => {
    const uri = { fsPath: '/ws/PRPs/greet.md' };
    expect(lensCommand({ kind: 'orchestrate' }, uri)).toEqual({ command: COMMANDS.lensOrchestrate, arguments: [uri] });
    expect(lensCommand({ kind: 'previewPlan' }, uri)).toEqual({ command: 'prpOrchestrator.previewPlan', arguments: [uri] });
    expect(lensCommand({ kind: 'showDashboard', runId: 'r' }, uri)).toEqual({ command: 'prpOrchestrator.showDashboard', arguments: ['r'] });
    expect(lensCommand({ kind: 'runTask', taskId: 'T2' }, uri)).toEqual({ command: COMMANDS.lensRunTask, arguments: [uri, 'T2'] });
    expect(lensCommand({ kind: 'retryTask', runId: 'r', taskId: 'T2' }, uri)).toEqual({ command: COMMANDS.lensRetryTask, arguments: ['r', 'T2'] });
    expect(lensCommand({ kind: 'none' }, uri)).toBeUndefined();
  });

  it('formats progress, durations and costs compactly', () => {
    const state = runState([{ type: 'run.started', title: 'Add a greeting', taskCount: 3, workers: 2 }]);
    expect(progressText(state)).toBe('Running · 0/3 done');
    expect(formatDuration(400)).toBe('400 ms');
    expect(formatDuration(59_000)).toBe('59 s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(4_800_000)).toBe('1h 20m');
    expect(formatEstimate(240_000)).toBe('~4m');
    expect(formatEstimate(30_000)).toBe('~30 s');
    expect(formatEstimate(4_830_000)).toBe('~1h 21m');
    expect(formatCost(0.004)).toBe('$0.004');
    expect(formatCost(1.2)).toBe('$1.20');
  });
});
