import type { RunnerSpec } from '../model';
import { systemClock } from '../engine';
import { ClaudeCodeRunner } from '../runners/claude';
import { CommandRunner } from '../runners/commandRunner';
import { SimulatedRunner } from '../runners/simulatedRunner';
import { splitCommandLine } from '../runners/splitCommandLine';
import type { AgentRunner } from '../runners/types';
import { SessionError } from './types';

/** How many times faster than the planner's estimates simulated agents work unless told otherwise. */
export const DEFAULT_SIMULATED_SPEED = 1000;

/** What a simulated agent charges per second of the work it pretends to do (not of the sped-up wait). */
const SIMULATED_USD_PER_WORK_SECOND = 0.001;

/** Builds a built-in runner from its description; throws SessionError `bad-runner` for one that cannot run. */
export function createRunner(spec: RunnerSpec): AgentRunner {
  if (spec.kind === 'command') return new CommandRunner({ argv: commandArgv(spec.command) });
  if (spec.kind === 'claude') {
    const { kind: _kind, ...settings } = spec;
    // Only the settings given, so the runner's own defaults stay the single source of them.
    return new ClaudeCodeRunner(Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)));
  }
  const speed = spec.speed ?? DEFAULT_SIMULATED_SPEED;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new SessionError('bad-runner', `The simulated runner's speed must be a number above 0; received ${String(spec.speed)}.`);
  // Estimates are minutes of real agent work; a demo should take seconds, on the real clock. A little
  // seeded spread keeps tasks of equal estimate from finishing in lock-step.
  return new SimulatedRunner({
    clock: systemClock,
    seed: spec.seed ?? 1,
    defaultSkill: { speed },
    variation: 0.3,
    costUsd: (_task, _agent, durationMs) => ((durationMs * speed) / 1000) * SIMULATED_USD_PER_WORK_SECOND,
  });
}

/** Resolves a runner given as an object or as a spec. */
export function runnerOf(runner: AgentRunner | RunnerSpec): AgentRunner {
  return 'run' in runner ? runner : createRunner(runner);
}

function commandArgv(command: string | string[]): string[] {
  let argv: string[];
  try {
    argv = typeof command === 'string' ? splitCommandLine(command) : [...command];
  } catch (error) {
    throw new SessionError('bad-runner', `The agent command cannot be split into arguments: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (argv.length === 0 || argv[0] === '') throw new SessionError('bad-runner', 'The agent command is empty; give the program to run, e.g. "my-agent --quiet".');
  return argv;
}
