import { describe, expect, it } from 'vitest';
import { DEFAULT_PRP_GLOBS, readSettings } from '../../src/extension/settings';

function getter(values: Record<string, unknown>) {
  return (key: string) => values[key];
}

describe('extension settings', () => {
  it('uses the documented defaults when nothing is set', () => {
    const s = readSettings(getter({}));
    expect(s.runner).toEqual({ kind: 'claude', permissionMode: 'acceptEdits' });
    expect(s.workers).toBe(4);
    expect(s.maxAttempts).toBe(3);
    expect(s.taskTimeoutMs).toBeUndefined();
    expect(s.runBudgetUsd).toBeUndefined();
    expect(s.maxConcurrencyPerAgent).toBeUndefined();
    expect(s.prpGlobs).toEqual(DEFAULT_PRP_GLOBS);
    expect(s.includeUserAgents).toBe(true);
    expect(s.warnings).toEqual([]);
  });

  it('builds each runner spec from its own settings', () => {
    expect(readSettings(getter({ runner: 'simulated', 'simulated.speed': 50 })).runner).toEqual({ kind: 'simulated', speed: 50 });
    expect(readSettings(getter({ runner: 'command', 'command.line': ' my-agent --json ' })).runner).toEqual({ kind: 'command', command: 'my-agent --json' });
    const claude = readSettings(getter({ 'claude.path': '~/bin/claude', 'claude.permissionMode': 'plan', 'claude.maxTurns': 40, 'claude.model': 'sonnet' }));
    expect(claude.runner).toEqual({ kind: 'claude', claudePath: '~/bin/claude', permissionMode: 'plan', maxTurns: 40, model: 'sonnet' });
  });

  it('converts minutes and leaves zero as "no limit"', () => {
    const s = readSettings(getter({ taskTimeoutMinutes: 2.5, runBudgetUsd: 3, maxConcurrencyPerAgent: 2 }));
    expect(s.taskTimeoutMs).toBe(150_000);
    expect(s.runBudgetUsd).toBe(3);
    expect(s.maxConcurrencyPerAgent).toBe(2);
  });

  it('falls back to the default with a warning naming the setting for invalid values', () => {
    const s = readSettings(getter({ workers: 99, runner: 'gpt', 'claude.permissionMode': 'yolo', prpGlobs: [], maxAttempts: 1.5 }));
    expect(s.workers).toBe(4);
    expect(s.runner.kind).toBe('claude');
    expect(s.prpGlobs).toEqual(DEFAULT_PRP_GLOBS);
    expect(s.maxAttempts).toBe(3);
    const text = s.warnings.join('\n');
    expect(text).toContain('prpOrchestrator.workers must be a number from 1 to 50; received 99');
    expect(text).toContain('prpOrchestrator.runner must be one of claude, simulated, command');
    expect(text).toContain('prpOrchestrator.claude.permissionMode');
    expect(text).toContain('prpOrchestrator.prpGlobs must be a non-empty list of strings');
    expect(text).toContain('prpOrchestrator.maxAttempts must be a whole number');
  });

  it('warns about a command runner without a command line', () => {
    const s = readSettings(getter({ runner: 'command' }));
    expect(s.warnings[0]).toMatch(/command\.line is empty/);
  });

  it('keeps valid routing weights and names the invalid ones', () => {
    const s = readSettings(getter({ 'routing.weights': { specialization: 0.7, load: -1, history: 'x' } }));
    expect(s.routingWeights).toEqual({ specialization: 0.7 });
    expect(s.warnings).toHaveLength(2);
    expect(readSettings(getter({ 'routing.weights': 3 })).routingWeights).toBeUndefined();
  });
});
