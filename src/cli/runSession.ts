import { createPromptBuilder, startRun, systemClock } from '../orchestrator/index';
import type { DurableStore, PlanOptions, RunEvent, RunResult, TaskGraph } from '../orchestrator/index';
import { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from './errors';
import { makeStyle } from './format';
import type { CliIo } from './io';
import { cycleDiagnostic, describeAgentWarning, preparePlan } from './prepare';
import { progressPrinter } from './progress';
import { createRunner } from './runnerChoice';
import type { RunnerChoice } from './runnerChoice';
import { renderSummary } from './summary';

/** The engine settings `run` reads from its flags; `resume` reads the same from the recorded flags. */
export interface RunSettings {
  choice: RunnerChoice;
  workers: number;
  perAgent?: number;
  maxAttempts?: number;
  taskTimeoutMs?: number;
  runBudgetUsd?: number;
  order?: PlanOptions['order'];
  agentsDirs?: string[];
}

/** Where the run's events go and what an earlier, interrupted life of the same run already did. */
export interface RunSession {
  store: DurableStore;
  runId: string;
  json: boolean;
  /** Tasks that already succeeded in the store: marked done, so the engine never runs them again. */
  done?: ReadonlySet<string>;
  /**
   * The last recorded seq of the run: a resumed run's events are renumbered after it, so they continue the audit
   * trail instead of colliding with it (the engine numbers every run's events from 1).
   */
  seqOffset?: number;
  /** Called once the PRP is planned, just before the engine starts. */
  beforeStart?: () => Promise<void>;
}

/** Plans and runs a PRP, recording every event durably before it is printed. Returns the exit code. */
export async function executeRun(io: CliIo, file: string, settings: RunSettings, session: RunSession): Promise<number> {
  const plan = await preparePlan(io, file, { agentsDirs: settings.agentsDirs, order: settings.order });
  const cycle = cycleDiagnostic(plan);
  if (cycle) throw new CliError('cycle', `${file}:${cycle.line}: ${cycle.message}`);
  for (const w of plan.agentWarnings) io.err(`warning: ${describeAgentWarning(w)}`);
  const { choice } = settings;
  await session.beforeStart?.();
  const handle = startRun(markDone(plan.graph, session.done), {
    runner: createRunner(choice),
    agents: plan.agents,
    router: plan.router,
    workers: settings.workers,
    maxConcurrencyPerAgent: settings.perAgent,
    maxAttempts: settings.maxAttempts,
    taskTimeoutMs: settings.taskTimeoutMs,
    runBudgetUsd: settings.runBudgetUsd,
    clock: systemClock,
    cwd: io.cwd,
    runId: session.runId,
    // A real agent needs the PRP's goal, context and validation commands, not only the task's own text.
    buildPrompt: choice.kind === 'claude' ? createPromptBuilder(plan.prp) : undefined,
  });
  if (!session.json && choice.kind === 'simulated') {
    io.out(makeStyle(io.color).dim(`Simulated agents, ${choice.speed}× faster than the estimates; no file is changed.`));
  }
  const print = session.json ? (event: RunEvent) => io.out(JSON.stringify(event)) : progressPrinter(io, plan.graph, plan.assignments);
  const recorder = recordThenPrint(session, print, (why) => handle.cancel(why));
  handle.onEvent(recorder.accept);
  const interrupted = { signal: undefined as NodeJS.Signals | undefined };
  const stopListening = io.onInterrupt((signal) => onInterrupt(io, interrupted, signal, () => handle.cancel(`interrupted by ${signal}`)));
  let result: RunResult;
  try {
    result = await handle.done;
  } finally {
    stopListening();
    await recorder.finish();
  }
  if (!session.json) io.out(renderSummary(result, plan.graph, io.color, interrupted.signal !== undefined));
  // Why the run stopped early (its budget), which the per-task lines alone do not say.
  if (!session.json && result.reason !== undefined) io.out(result.reason);
  if (interrupted.signal) return EXIT_INTERRUPTED;
  return result.status === 'succeeded' ? EXIT_OK : EXIT_FAILURE;
}

function markDone(graph: TaskGraph, done: ReadonlySet<string> | undefined): TaskGraph {
  if (!done || done.size === 0) return graph;
  return { ...graph, tasks: graph.tasks.map((t) => (done.has(t.id) ? { ...t, marker: 'done' as const } : t)) };
}

/**
 * Publishes each event to the store and prints it only once it is durable, one after another so the output
 * keeps the engine's order. A resumed run shifts seq past what is recorded, and leaves out the engine's
 * synthetic successes of tasks already done (they succeeded, and were recorded, in the earlier life).
 */
function recordThenPrint(session: RunSession, print: (event: RunEvent) => void, cancel: (why: string) => void) {
  const offset = session.seqOffset ?? 0;
  // Numbered here rather than shifted, so the left-out synthetic successes leave no gap in the audit trail.
  let kept = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const accept = (event: RunEvent): void => {
    if (event.type === 'task.succeeded' && session.done?.has(event.taskId)) return;
    kept += 1;
    const shifted: RunEvent = offset === 0 ? event : { ...event, seq: offset + kept };
    chain = chain.then(async () => {
      if (failure !== undefined) return;
      try {
        await session.store.publish(shifted);
      } catch (error) {
        failure = error;
        cancel('the run database cannot be written');
        return;
      }
      print(shifted);
    });
  };
  const finish = async (): Promise<void> => {
    await chain;
    await session.store.flush().catch((error: unknown) => (failure ??= error));
    if (failure !== undefined) {
      const message = failure instanceof Error ? failure.message : String(failure);
      throw new CliError('store-write', `cannot record the run: ${message}`);
    }
  };
  return { accept, finish };
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
