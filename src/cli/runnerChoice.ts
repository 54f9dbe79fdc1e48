import { CommandRunner, SimulatedRunner, splitCommandLine, systemClock } from '../orchestrator/index';
import type { AgentRunner } from '../orchestrator/index';
import { UsageError } from './errors';

export const RUNNER_KINDS = ['simulated', 'command'] as const;

/** How many times faster than the planner's estimates the simulated agents work by default. */
export const DEFAULT_SPEED = 1000;

/** What a simulated agent charges per second of the work it pretends to do (not of the sped-up wait). */
const SIMULATED_USD_PER_WORK_SECOND = 0.001;

export type RunnerChoice =
  | { kind: 'simulated'; seed: number; speed: number }
  | { kind: 'command'; commandLine: string };

/** Builds the runner the person chose on the command line. */
export function createRunner(choice: RunnerChoice): AgentRunner {
  if (choice.kind === 'command') return new CommandRunner({ argv: commandArgv(choice.commandLine) });
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
