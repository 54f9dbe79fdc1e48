import { ClaudeCodeRunner, CommandRunner, SimulatedRunner, splitCommandLine, systemClock } from '../orchestrator/index';
import type { AgentRunner } from '../orchestrator/index';
import { UsageError } from './errors';

export const RUNNER_KINDS = ['simulated', 'command', 'claude'] as const;

/** The permission modes `claude --permission-mode` accepts (CLI 2.1). */
export const PERMISSION_MODES = ['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan'] as const;

/** How many times faster than the planner's estimates the simulated agents work by default. */
export const DEFAULT_SPEED = 1000;

/** What a simulated agent charges per second of the work it pretends to do (not of the sped-up wait). */
const SIMULATED_USD_PER_WORK_SECOND = 0.001;

/** The Claude Code runner's settings from the command line; anything left out takes the runner's default. */
export interface ClaudeChoice {
  kind: 'claude';
  claudePath?: string;
  permissionMode?: (typeof PERMISSION_MODES)[number];
  maxTurns?: number;
  taskBudgetUsd?: number;
  stallTimeoutMs?: number;
}

export type RunnerChoice =
  | { kind: 'simulated'; seed: number; speed: number }
  | { kind: 'command'; commandLine: string }
  | ClaudeChoice;

/** Builds the runner the person chose on the command line. */
export function createRunner(choice: RunnerChoice): AgentRunner {
  if (choice.kind === 'command') return new CommandRunner({ argv: commandArgv(choice.commandLine) });
  if (choice.kind === 'claude') return createClaudeRunner(choice);
  // Estimates are minutes of real agent work; a demo should take seconds, on the real clock. A little
  // seeded spread keeps tasks of equal estimate from finishing in lock-step.
  return new SimulatedRunner({
    clock: systemClock,
    seed: choice.seed,
    defaultSkill: { speed: choice.speed },
    variation: 0.3,
    costUsd: (_task, _agent, durationMs) => ((durationMs * choice.speed) / 1000) * SIMULATED_USD_PER_WORK_SECOND,
  });
}

/** Passes only the settings the person gave, so the runner's own defaults stay the single source of them. */
function createClaudeRunner(choice: ClaudeChoice): AgentRunner {
  const { kind: _kind, ...settings } = choice;
  const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
  return new ClaudeCodeRunner(given);
}

/** Splits `--command` like a shell would (quotes honoured) without ever running a shell. */
function commandArgv(line: string): string[] {
  let argv: string[];
  try {
    argv = splitCommandLine(line);
  } catch (error) {
    throw new UsageError(`--command cannot be split into arguments: ${error instanceof Error ? error.message : String(error)}`, 'run');
  }
  if (argv.length === 0) throw new UsageError('--command is empty', 'run');
  return argv;
}
