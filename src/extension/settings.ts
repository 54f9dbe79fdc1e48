/**
 * The extension's settings (contributes.configuration in package.json), read and checked without `vscode`:
 * the caller passes a getter over `workspace.getConfiguration('prpOrchestrator')`. Settings are read when a
 * run starts, so a change applies to the next run without a reload.
 */
import { PERMISSION_MODES, type PermissionMode } from '../shared/permissionModes';

export const SETTINGS_SECTION = 'prpOrchestrator';

export const RUNNER_KINDS = ['claude', 'simulated', 'command'] as const;
export type RunnerKind = (typeof RUNNER_KINDS)[number];

export { PERMISSION_MODES, type PermissionMode };

export const DEFAULT_PRP_GLOBS = ['**/PRPs/**/*.md', '**/*.prp.md', '**/.claude/PRPs/**'];

/** The same shape as the session API's RunnerSpec, so it is recorded with the run and rebuilt on resume. */
export type RunnerSpecSetting =
  | { kind: 'simulated'; speed: number; seed?: number }
  | { kind: 'command'; command: string }
  | { kind: 'claude'; claudePath?: string; permissionMode?: PermissionMode; maxTurns?: number; model?: string };

export interface RoutingWeightsSetting {
  specialization?: number;
  load?: number;
  history?: number;
  responseTime?: number;
}

export interface ExtensionSettings {
  runner: RunnerSpecSetting;
  /** Parallel slots, 1..50. Default 4. */
  workers: number;
  /** Attempts per task on one agent before falling back. Default 3. */
  maxAttempts: number;
  /** Undefined: no limit (setting 0). */
  taskTimeoutMs?: number;
  /** Undefined: no budget (setting 0). */
  runBudgetUsd?: number;
  /** Undefined: the engine's default (setting 0). */
  maxConcurrencyPerAgent?: number;
  routingWeights?: RoutingWeightsSetting;
  /** Agent folders relative to the workspace; empty means `.claude/agents` and the user's folder. */
  agentFolders: string[];
  includeUserAgents: boolean;
  prpGlobs: string[];
  /** Problems found while reading, one sentence each, so the person learns why a value was not used. */
  warnings: string[];
}

/** Reads one setting; `undefined` when unset (the caller's default applies). */
export type SettingGetter = (key: string) => unknown;

/** Reads and checks every setting; invalid values fall back to their defaults with a warning. */
export function readSettings(get: SettingGetter): ExtensionSettings {
  const warnings: string[] = [];
  const reader = new Reader(get, warnings);
  const workers = reader.integer('workers', 4, 1, 50);
  const folders = reader.stringList('agents.folders', []);
  return {
    runner: readRunner(reader, warnings),
    workers,
    maxAttempts: reader.integer('maxAttempts', 3, 1, 20),
    taskTimeoutMs: positiveOrUndefined(reader.number('taskTimeoutMinutes', 0, 0) * 60_000),
    runBudgetUsd: positiveOrUndefined(reader.number('runBudgetUsd', 0, 0)),
    maxConcurrencyPerAgent: positiveOrUndefined(reader.integer('maxConcurrencyPerAgent', 0, 0, 50)),
    routingWeights: readWeights(reader, warnings),
    agentFolders: folders,
    includeUserAgents: reader.boolean('agents.includeUserFolder', true),
    prpGlobs: reader.stringList('prpGlobs', DEFAULT_PRP_GLOBS, true),
    warnings,
  };
}

function readRunner(reader: Reader, warnings: string[]): RunnerSpecSetting {
  const kind = reader.choice('runner', RUNNER_KINDS, 'claude');
  if (kind === 'simulated') return { kind, speed: reader.number('simulated.speed', 1000, 0.001) };
  if (kind === 'command') {
    const command = reader.text('command.line', '');
    if (command !== '') return { kind, command };
    warnings.push('prpOrchestrator.runner is "command" but prpOrchestrator.command.line is empty; set the command line of your agent CLI.');
    return { kind, command };
  }
  const spec: RunnerSpecSetting = { kind: 'claude' };
  const path = reader.text('claude.path', 'claude');
  if (path !== 'claude') spec.claudePath = path;
  spec.permissionMode = reader.choice('claude.permissionMode', PERMISSION_MODES, 'acceptEdits');
  const maxTurns = reader.integer('claude.maxTurns', 0, 0, 10_000);
  if (maxTurns > 0) spec.maxTurns = maxTurns;
  const model = reader.text('claude.model', '');
  if (model !== '') spec.model = model;
  return spec;
}

const WEIGHT_KEYS = ['specialization', 'load', 'history', 'responseTime'] as const;

function readWeights(reader: Reader, warnings: string[]): RoutingWeightsSetting | undefined {
  const raw = reader.raw('routing.weights');
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warnings.push('prpOrchestrator.routing.weights must be an object such as {"specialization": 0.4}; the default weights are used.');
    return undefined;
  }
  const weights: RoutingWeightsSetting = {};
  for (const key of WEIGHT_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) weights[key] = value;
    else warnings.push(`prpOrchestrator.routing.weights.${key} must be a number of 0 or more; received ${JSON.stringify(value)}.`);
  }
  return Object.keys(weights).length > 0 ? weights : undefined;
}

function positiveOrUndefined(value: number): number | undefined {
  return value > 0 ? value : undefined;
}

/** Typed reads with fallbacks; every rejected value leaves a warning naming the setting and what it expects. */
class Reader {
  constructor(
    private readonly get: SettingGetter,
    private readonly warnings: string[],
  ) {}

  raw(key: string): unknown {
    return this.get(key);
  }

  number(key: string, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number {
    const value = this.get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    return this.reject(key, `a number from ${min}${Number.isFinite(max) ? ` to ${max}` : ' up'}`, value, fallback);
  }

  integer(key: string, fallback: number, min: number, max: number): number {
    const value = this.number(key, fallback, min, max);
    if (Number.isInteger(value)) return value;
    return this.reject(key, `a whole number from ${min} to ${max}`, value, fallback);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.get(key);
    if (value === undefined || value === null) return fallback;
    return typeof value === 'boolean' ? value : this.reject(key, 'true or false', value, fallback);
  }

  text(key: string, fallback: string): string {
    const value = this.get(key);
    if (value === undefined || value === null) return fallback;
    return typeof value === 'string' ? value.trim() : this.reject(key, 'a string', value, fallback);
  }

  choice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.get(key);
    if (value === undefined || value === null) return fallback;
    if (allowed.includes(value as T)) return value as T;
    return this.reject(key, `one of ${allowed.join(', ')}`, value, fallback);
  }

  stringList(key: string, fallback: string[], nonEmpty = false): string[] {
    const value = this.get(key);
    if (value === undefined || value === null) return [...fallback];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      const list = value.map((v: string) => v.trim()).filter((v) => v !== '');
      if (!nonEmpty || list.length > 0) return list;
    }
    return this.reject(key, nonEmpty ? 'a non-empty list of strings' : 'a list of strings', value, [...fallback]);
  }

  private reject<T>(key: string, expected: string, received: unknown, fallback: T): T {
    this.warnings.push(`${SETTINGS_SECTION}.${key} must be ${expected}; received ${JSON.stringify(received)}, so ${JSON.stringify(fallback)} is used.`);
    return fallback;
  }
}
