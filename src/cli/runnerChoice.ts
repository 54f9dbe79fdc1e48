import path from 'node:path';
import { DEFAULT_SIMULATED_SPEED } from '../orchestrator/index';
import type { RunnerSpec } from '../orchestrator/index';

export const RUNNER_KINDS = ['simulated', 'command', 'claude'] as const;

export { PERMISSION_MODES } from '../shared/permissionModes';

/** How many times faster than the planner's estimates the simulated agents work by default. */
export const DEFAULT_SPEED = DEFAULT_SIMULATED_SPEED;

/** The Claude Code runner's settings from the command line; anything left out takes the runner's default. */
export type ClaudeChoice = Extract<RunnerSpec, { kind: 'claude' }>;

/** The runner the person chose on the command line, as data the run records (so `resume` can build it again). */
export type RunnerChoice = RunnerSpec;

/**
 * A `--claude-path` with a folder in it means a file relative to where the command was typed; the run
 * records it absolute, so `resume` finds it from anywhere. A bare name is looked up on PATH as it is.
 */
export function absoluteClaudePath(cwd: string, claudePath: string | undefined): string | undefined {
  if (claudePath === undefined || !/[\\/]/.test(claudePath) || claudePath.startsWith('~/')) return claudePath;
  return path.resolve(cwd, claudePath);
}
