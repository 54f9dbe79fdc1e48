import type { Orchestration, RunEvent, RunnerSpec, RunResult } from '../orchestrator/index';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from './errors';
import { makeStyle } from './format';
import type { CliIo } from './io';
import { cliErrors, describeAgentWarning } from './prepare';
import { progressPrinter } from './progress';
import { renderSummary } from './summary';

/** How a run's progress is shown. */
export interface FollowOptions {
  /** One JSON event per line instead of progress lines and a summary. */
  json: boolean;
  /** The runner the run uses, when known, for a note on simulated agents. */
  runner?: RunnerSpec;
}

/**
 * Shows a run to the end: every event once the session has recorded it (JSONL or progress lines), then
 * the summary. Ctrl-C cancels the run (a second one leaves at once). Returns the exit code.
 */
export async function followRun(io: CliIo, orchestration: Orchestration, options: FollowOptions): Promise<number> {
  const { plan } = orchestration;
  for (const w of plan.agentWarnings) io.err(`warning: ${describeAgentWarning(w)}`);
  if (!options.json && options.runner?.kind === 'simulated') {
    io.out(makeStyle(io.color).dim(`Simulated agents, ${options.runner.speed}× faster than the estimates; no file is changed.`));
  }
  const print = options.json ? (event: RunEvent) => io.out(JSON.stringify(event)) : progressPrinter(io, plan.graph, plan.assignments);
  orchestration.onEvent(print);
  const interrupted = { signal: undefined as NodeJS.Signals | undefined };
  const stopListening = io.onInterrupt((signal) => onInterrupt(io, interrupted, signal, () => orchestration.cancel(`interrupted by ${signal}`)));
  let result: RunResult;
  try {
    result = await cliErrors(() => orchestration.done);
  } finally {
    stopListening();
  }
  if (!options.json) io.out(renderSummary(result, plan.graph, io.color, interrupted.signal !== undefined));
  // Why the run stopped early (its budget), which the per-task lines alone do not say.
  if (!options.json && result.reason !== undefined) io.out(result.reason);
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
