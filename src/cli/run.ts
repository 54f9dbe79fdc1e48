import path from 'node:path';
import { splitCommandLine, startOrchestration } from '../orchestrator/index';
import type { OrchestrationOptions, RunnerSpec } from '../orchestrator/index';
import { enumOption, intOption, parseCommandArgs, positiveOption, requirePrpPath } from './args';
import { EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { ORDERS } from './plan';
import { absoluteDirs, cliErrors } from './prepare';
import { absoluteClaudePath, DEFAULT_SPEED, PERMISSION_MODES, RUNNER_KINDS } from './runnerChoice';
import type { ClaudeChoice, RunnerChoice } from './runnerChoice';
import { followRun } from './runSession';
import { openWriter, storeDir } from './storeAccess';

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
  --model M          claude runner: the model for agents whose definition names none (e.g. sonnet);
                     an agent's own model always wins.
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

/** The flags `run` takes; `dashboard` takes the same to run a PRP. */
export const RUN_FLAGS = {
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
  model: { type: 'string' },
  'task-budget-usd': { type: 'string' },
  'stall-timeout-ms': { type: 'string' },
  'budget-usd': { type: 'string' },
  json: { type: 'boolean' },
  db: { type: 'string' },
} as const;

const spec = { name: 'run', maxPositionals: 1, options: RUN_FLAGS } as const;

export type RunValues = ReturnType<typeof parseCommandArgs<typeof spec.options>>['values'];

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(runHelp);
    return EXIT_OK;
  }
  const file = requirePrpPath(positionals[0], 'run');
  const options = runOptionsFromFlags(io, values);
  const store = await openWriter(storeDir(io, values.db));
  try {
    const prpPath = path.resolve(io.cwd, file);
    const orchestration = await cliErrors(() => startOrchestration({ ...options, prpPath, workspaceDir: io.cwd, store }));
    return await followRun(io, orchestration, { json: values.json === true, runner: options.runner });
  } finally {
    await store.close();
  }
}

/** The run options `run`'s flags give, checked; what the session needs besides the PRP, the workspace and the store. */
export type RunFlagOptions = Omit<OrchestrationOptions, 'prpPath' | 'workspaceDir' | 'store' | 'runId' | 'runner'> & { runner: RunnerSpec };

/**
 * Reads and checks the run options from `run`'s flags (usage errors name the flag). Folders are resolved
 * against the current folder; the flags as typed are recorded with the run for people to read back.
 */
export function runOptionsFromFlags(io: CliIo, values: RunValues): RunFlagOptions {
  const agentsDirs = absoluteDirs(io, values['agents-dir']);
  const flags = Object.fromEntries(Object.entries(values).filter(([key, value]) => !['json', 'db', 'help'].includes(key) && value !== undefined));
  return {
    runner: runnerChoice(io, values),
    workers: intOption('run', 'workers', values.workers, 1, 50) ?? 4,
    maxConcurrencyPerAgent: intOption('run', 'per-agent', values['per-agent'], 1, 50),
    maxAttempts: intOption('run', 'max-attempts', values['max-attempts'], 1, 20),
    taskTimeoutMs: intOption('run', 'timeout-ms', values['timeout-ms'], 1, 2 ** 31 - 1),
    runBudgetUsd: positiveOption('run', 'budget-usd', values['budget-usd']),
    order: enumOption('run', 'order', values.order, ORDERS),
    agentsDirs,
    // `--agents-dir` means those folders only, as in `plan` and `agents`.
    userAgentsDir: agentsDirs === undefined ? undefined : null,
    recipe: { cwd: io.cwd, flags },
  };
}

const CLAUDE_FLAGS = ['claude-path', 'permission-mode', 'max-turns', 'model', 'task-budget-usd', 'stall-timeout-ms'] as const;

function runnerChoice(io: CliIo, values: RunValues): RunnerChoice {
  const kind = enumOption('run', 'runner', values.runner, RUNNER_KINDS) ?? (values.command !== undefined ? 'command' : 'simulated');
  if (kind === 'claude') return claudeChoice(io, values);
  const stray = CLAUDE_FLAGS.find((flag) => values[flag] !== undefined);
  if (stray) throw new UsageError(`--${stray} applies to --runner claude only`, 'run');
  const seed = intOption('run', 'seed', values.seed, 0, 2 ** 32 - 1);
  const speed = positiveOption('run', 'speed', values.speed);
  if (kind === 'command') {
    if (values.command === undefined) throw new UsageError("--runner command needs --command 'CMD ARGS'", 'run');
    if (speed !== undefined || seed !== undefined) throw new UsageError('--speed and --seed apply to the simulated runner only', 'run');
    return { kind, command: commandArgv(values.command) };
  }
  if (values.command !== undefined) throw new UsageError('--command needs --runner command', 'run');
  return { kind, seed: seed ?? 1, speed: speed ?? DEFAULT_SPEED };
}

function claudeChoice(io: CliIo, values: RunValues): ClaudeChoice {
  if (values.command !== undefined) throw new UsageError('--command needs --runner command', 'run');
  if (values.speed !== undefined || values.seed !== undefined) throw new UsageError('--speed and --seed apply to the simulated runner only', 'run');
  if (values['claude-path'] === '') throw new UsageError('--claude-path is empty', 'run');
  const choice: ClaudeChoice = {
    kind: 'claude',
    claudePath: absoluteClaudePath(io.cwd, values['claude-path']),
    permissionMode: enumOption('run', 'permission-mode', values['permission-mode'], PERMISSION_MODES),
    maxTurns: intOption('run', 'max-turns', values['max-turns'], 1, 10_000),
    model: values.model === undefined ? undefined : nonEmpty('model', values.model),
    taskBudgetUsd: positiveOption('run', 'task-budget-usd', values['task-budget-usd']),
    stallTimeoutMs: intOption('run', 'stall-timeout-ms', values['stall-timeout-ms'], 1, 2 ** 31 - 1),
  };
  // Only the settings given are recorded, so the runner's own defaults stay the single source of them.
  return Object.fromEntries(Object.entries(choice).filter(([, value]) => value !== undefined)) as ClaudeChoice;
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

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`--${flag} is empty`, 'run');
  return value.trim();
}
