import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { enumOption, intOption, parseCommandArgs, positiveOption, requirePrpPath } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { ORDERS } from './plan';
import { DEFAULT_SPEED, PERMISSION_MODES, RUNNER_KINDS } from './runnerChoice';
import type { ClaudeChoice, RunnerChoice } from './runnerChoice';
import { executeRun } from './runSession';
import type { RunSettings } from './runSession';
import { openWriter, storeDir, writeRecipe } from './storeAccess';
import type { RunRecipe } from './storeAccess';

export const runHelp = `Usage: prp-orchestrator run <prp.md> [options]

Run every task of a PRP with its agent, independent tasks in parallel.

Options:
  --runner KIND      simulated (default): pretend agents, for demos; command: run --command once per task;
                     claude: one Claude Code process (claude -p) per task, with the agent's prompt, model
                     and tools, in the current folder.
  --command 'CMD'    The agent command line (split like a shell would, but never run by one). It starts in
                     the current folder with the task's prompt on stdin, once per task.
  --claude-path P    claude runner: the Claude Code executable (default: claude on PATH).
  --permission-mode M  claude runner: acceptEdits (default), default, plan, auto, dontAsk or
                     bypassPermissions (as root that one needs IS_SANDBOX=1).
  --max-turns N      claude runner: an agent out of turns resumes its session once to finish; if it
                     runs out again, the task goes to the next-best agent.
  --task-budget-usd X  claude runner: the most one task attempt may spend, in US dollars.
  --stall-timeout-ms N  claude runner: end (and retry) an agent that prints nothing for N milliseconds
                     (default 300000).
  --budget-usd X     The most the whole run may spend, in US dollars, failed attempts included. Once
                     reached, running tasks finish, no task starts, and the run fails saying so.
  --workers N        Tasks that may run at the same time, 1-50 (default 4).
  --per-agent N      Tasks one agent may run at the same time, each in its own session (default: --workers),
                     so the best-fitting agent is not passed over just because it is already working.
  --agents-dir DIR   Read agent definitions (*.md) from DIR only; repeatable.
  --order ORDER      dependencies (default) or document (also keep the author's order).
  --max-attempts N   Attempts per task on one agent before moving to the next-best agent (default 3).
  --timeout-ms N     End a task attempt that runs longer than N milliseconds.
  --seed N           Seed of the simulated runner's durations and outcomes (default 1).
  --speed X          Simulated runner only: how many times faster than the estimates to run (default 1000).
  --db DIR           Record the run in DIR instead of .prp-orchestrator/ in the current folder.
  --json             Print one JSON RunEvent per line, each with its runId.
  -h, --help         Show this help.

Every event is recorded in the run database before it is printed, so 'prp-orchestrator resume <runId>'
can continue a run that was killed. Only one process may write a database at a time.

Exit status: 0 when every task succeeded; 1 when a task failed, the PRP cannot be run or another process
is writing the database; 2 on a usage error; 130 when interrupted (Ctrl-C or SIGTERM ends every running task first).`;

const spec = {
  name: 'run',
  maxPositionals: 1,
  options: {
    runner: { type: 'string' },
    command: { type: 'string' },
    workers: { type: 'string' },
    'per-agent': { type: 'string' },
    'max-attempts': { type: 'string' },
    'agents-dir': { type: 'string', multiple: true },
    order: { type: 'string' },
    'timeout-ms': { type: 'string' },
    seed: { type: 'string' },
    speed: { type: 'string' },
    'claude-path': { type: 'string' },
    'permission-mode': { type: 'string' },
    'max-turns': { type: 'string' },
    'task-budget-usd': { type: 'string' },
    'stall-timeout-ms': { type: 'string' },
    'budget-usd': { type: 'string' },
    json: { type: 'boolean' },
    db: { type: 'string' },
  },
} as const;

export type RunValues = ReturnType<typeof parseCommandArgs<typeof spec.options>>['values'];

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(runHelp);
    return EXIT_OK;
  }
  const file = requirePrpPath(positionals[0], 'run');
  const settings = runSettings(values);
  const dir = storeDir(io, values.db);
  const store = await openWriter(dir);
  try {
    const runId = `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const options = Object.fromEntries(Object.entries(values).filter(([key]) => !['json', 'db', 'help'].includes(key)));
    const recipe: RunRecipe = { runId, prpPath: path.resolve(io.cwd, file), cwd: io.cwd, options: options as RunRecipe['options'] };
    // Recorded before the run starts, so a run killed at any moment can be resumed the way it was started.
    const beforeStart = () => writeRecipe(dir, recipe);
    return await executeRun(io, file, settings, { store, runId, json: values.json === true, beforeStart });
  } finally {
    await store.close();
  }
}

/** Reads and checks the engine settings from `run`'s flags; `resume` passes the recorded ones. */
export function runSettings(values: RunValues): RunSettings {
  return {
    choice: runnerChoice(values),
    workers: intOption('run', 'workers', values.workers, 1, 50) ?? 4,
    perAgent: intOption('run', 'per-agent', values['per-agent'], 1, 50),
    maxAttempts: intOption('run', 'max-attempts', values['max-attempts'], 1, 20),
    taskTimeoutMs: intOption('run', 'timeout-ms', values['timeout-ms'], 1, 2 ** 31 - 1),
    runBudgetUsd: positiveOption('run', 'budget-usd', values['budget-usd']),
    order: enumOption('run', 'order', values.order, ORDERS),
    agentsDirs: values['agents-dir'],
  };
}

const CLAUDE_FLAGS = ['claude-path', 'permission-mode', 'max-turns', 'task-budget-usd', 'stall-timeout-ms'] as const;

function runnerChoice(values: RunValues): RunnerChoice {
  const kind = enumOption('run', 'runner', values.runner, RUNNER_KINDS) ?? (values.command !== undefined ? 'command' : 'simulated');
  if (kind === 'claude') return claudeChoice(values);
  const stray = CLAUDE_FLAGS.find((flag) => values[flag] !== undefined);
  if (stray) throw new UsageError(`--${stray} applies to --runner claude only`, 'run');
  const seed = intOption('run', 'seed', values.seed, 0, 2 ** 32 - 1);
  const speed = positiveOption('run', 'speed', values.speed);
  if (kind === 'command') {
    if (values.command === undefined) throw new UsageError("--runner command needs --command 'CMD ARGS'", 'run');
    if (speed !== undefined || seed !== undefined) throw new UsageError('--speed and --seed apply to the simulated runner only', 'run');
    return { kind, commandLine: values.command };
  }
  if (values.command !== undefined) throw new UsageError('--command needs --runner command', 'run');
  return { kind, seed: seed ?? 1, speed: speed ?? DEFAULT_SPEED };
}

function claudeChoice(values: RunValues): ClaudeChoice {
  if (values.command !== undefined) throw new UsageError('--command needs --runner command', 'run');
  if (values.speed !== undefined || values.seed !== undefined) throw new UsageError('--speed and --seed apply to the simulated runner only', 'run');
  if (values['claude-path'] === '') throw new UsageError('--claude-path is empty', 'run');
  return {
    kind: 'claude',
    claudePath: values['claude-path'],
    permissionMode: enumOption('run', 'permission-mode', values['permission-mode'], PERMISSION_MODES),
    maxTurns: intOption('run', 'max-turns', values['max-turns'], 1, 10_000),
    taskBudgetUsd: positiveOption('run', 'task-budget-usd', values['task-budget-usd']),
    stallTimeoutMs: intOption('run', 'stall-timeout-ms', values['stall-timeout-ms'], 1, 2 ** 31 - 1),
  };
}
