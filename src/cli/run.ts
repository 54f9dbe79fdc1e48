import { createPromptBuilder, startRun, systemClock } from '../orchestrator/index';
import type { RunEvent, RunResult } from '../orchestrator/index';
import { enumOption, intOption, parseCommandArgs, positiveOption, requirePrpPath } from './args';
import { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError } from './errors';
import { makeStyle } from './format';
import type { CliIo } from './io';
import { ORDERS } from './plan';
import { cycleDiagnostic, describeAgentWarning, preparePlan } from './prepare';
import { progressPrinter } from './progress';
import { DEFAULT_SPEED, PERMISSION_MODES, RUNNER_KINDS, createRunner } from './runnerChoice';
import type { ClaudeChoice, RunnerChoice } from './runnerChoice';
import { renderSummary } from './summary';

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
  --json             Print one JSON RunEvent per line, each with its runId.
  -h, --help         Show this help.

Exit status: 0 when every task succeeded; 1 when a task failed or the PRP cannot be run; 2 on a usage
error; 130 when interrupted (Ctrl-C or SIGTERM ends every running task first).`;

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
  },
} as const;

type RunValues = ReturnType<typeof parseCommandArgs<typeof spec.options>>['values'];

export async function runCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(runHelp);
    return EXIT_OK;
  }
  const file = requirePrpPath(positionals[0], 'run');
  const choice = runnerChoice(values);
  const workers = intOption('run', 'workers', values.workers, 1, 50) ?? 4;
  const perAgent = intOption('run', 'per-agent', values['per-agent'], 1, 50);
  const maxAttempts = intOption('run', 'max-attempts', values['max-attempts'], 1, 20);
  const taskTimeoutMs = intOption('run', 'timeout-ms', values['timeout-ms'], 1, 2 ** 31 - 1);
  const runBudgetUsd = positiveOption('run', 'budget-usd', values['budget-usd']);
  const order = enumOption('run', 'order', values.order, ORDERS);
  const plan = await preparePlan(io, file, { agentsDirs: values['agents-dir'], order });
  const cycle = cycleDiagnostic(plan);
  if (cycle) throw new CliError('cycle', `${file}:${cycle.line}: ${cycle.message}`);
  for (const w of plan.agentWarnings) io.err(`warning: ${describeAgentWarning(w)}`);
  const handle = startRun(plan.graph, {
    runner: createRunner(choice),
    agents: plan.agents,
    router: plan.router,
    workers,
    maxConcurrencyPerAgent: perAgent,
    maxAttempts,
    taskTimeoutMs,
    runBudgetUsd,
    clock: systemClock,
    cwd: io.cwd,
    // A real agent needs the PRP's goal, context and validation commands, not only the task's own text.
    buildPrompt: choice.kind === 'claude' ? createPromptBuilder(plan.prp) : undefined,
  });
  if (!values.json && choice.kind === 'simulated') {
    io.out(makeStyle(io.color).dim(`Simulated agents, ${choice.speed}× faster than the estimates; no file is changed.`));
  }
  const print = values.json ? (event: RunEvent) => io.out(JSON.stringify(event)) : progressPrinter(io, plan.graph, plan.assignments);
  handle.onEvent(print);
  const interrupted = { signal: undefined as NodeJS.Signals | undefined };
  const stopListening = io.onInterrupt((signal) => onInterrupt(io, interrupted, signal, () => handle.cancel(`interrupted by ${signal}`)));
  let result: RunResult;
  try {
    result = await handle.done;
  } finally {
    stopListening();
  }
  if (!values.json) io.out(renderSummary(result, plan.graph, io.color, interrupted.signal !== undefined));
  // Why the run stopped early (its budget), which the per-task lines alone do not say.
  if (!values.json && result.reason !== undefined) io.out(result.reason);
  if (interrupted.signal) return EXIT_INTERRUPTED;
  return result.status === 'succeeded' ? EXIT_OK : EXIT_FAILURE;
}

/**
 * The first signal cancels the run so running agents are ended cleanly; a second one means the person
 * does not want to wait, so the process leaves at once.
 */
function onInterrupt(io: CliIo, state: { signal: NodeJS.Signals | undefined }, signal: NodeJS.Signals, cancel: () => void): void {
  if (state.signal) {
    io.err(`prp-orchestrator: ${signal} again, exiting without waiting for agents to stop`);
    io.exit(EXIT_INTERRUPTED);
  }
  state.signal = signal;
  io.err(`prp-orchestrator: ${signal} received, cancelling the run (press Ctrl-C again to exit at once)`);
  cancel();
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
