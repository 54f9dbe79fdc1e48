import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunEvent, RunResult, TaskGraph } from '../orchestrator/index';
import { createDashboardState } from '../shared/dashboardState';
import type { DashboardState } from '../shared/dashboardState';
import { intOption, parseCommandArgs } from './args';
import { startDashboardServer } from './dashboard/httpServer';
import type { DashboardActions } from './dashboard/connection';
import { DashboardHub } from './dashboard/hub';
import { openBrowser } from './dashboard/openBrowser';
import { liveRun, recordedRun } from './dashboard/sources';
import type { ServedRun, SourceContext } from './dashboard/sources';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from './errors';
import type { CliIo } from './io';
import { progressPrinter } from './progress';
import { RUN_FLAGS } from './run';
import type { RunValues } from './run';
import { renderSummary } from './summary';
import { storeDir } from './storeAccess';

export const dashboardHelp = `Usage: prp-orchestrator dashboard [<prp.md>] [options]

Show a run in your browser: the task graph, each task's details and log, the agents, and metrics across
runs. The dashboard listens on 127.0.0.1 only and prints its URL, with a random token that every request
needs; share it with no one. It keeps serving until Ctrl-C.

With a PRP, it runs the PRP as 'prp-orchestrator run' does (and takes the same options) and shows it live.
Without one, it shows the newest run recorded in the database, following it while another process runs it;
retrying a task there resumes the run in the dashboard's process.

Options:
  --port P       Listen on port P (default: a free port).
  --open         Open the URL in the default browser.
  --db DIR       The run database (default .prp-orchestrator/ in the current folder).
  --json         Print one JSON RunEvent per line for the runs it drives; the URL goes to stderr.
  -h, --help     Show this help.
  Run options (with a PRP): --runner, --command, --workers, --per-agent, --agents-dir, --order,
  --max-attempts, --timeout-ms, --budget-usd, --seed, --speed and the claude runner's options, as in
  'prp-orchestrator run --help'.

Exit status: 0 when the last run it drove succeeded (or it drove none); 1 when that run failed or the
dashboard cannot start; 2 on a usage error; 130 when Ctrl-C cancelled a running run.`;

const spec = {
  name: 'dashboard',
  maxPositionals: 1,
  options: { ...RUN_FLAGS, port: { type: 'string' }, open: { type: 'boolean' } },
} as const;

/** The folder of the built webview bundle: next to the bundled CLI (dist/webview). */
export function defaultAssetsDir(): string {
  const beside = path.join(__dirname, 'webview');
  return existsSync(beside) ? beside : path.resolve(__dirname, '../../dist/webview');
}

export async function dashboardCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(dashboardHelp);
    return EXIT_OK;
  }
  const port = intOption('dashboard', 'port', values.port, 0, 65535) ?? 0;
  const { port: _port, open: _open, ...runValues } = values;
  const json = values.json === true;
  const stopping = { now: false };
  const context: SourceContext = { io, dir: storeDir(io, values.db), print: eventPrinter(io, json), finished: summaryPrinter(io, json, stopping) };
  // The port is taken before anything runs, so a busy port costs no run; the page shows the run once it is known.
  const hub = new DashboardHub(createDashboardState({ graph: { title: '', tasks: [], dependencies: [] } }));
  let served: ServedRun | undefined;
  const server = await startDashboardServer({ hub, actions: lateActions(() => served), assetsDir: defaultAssetsDir(), port });
  try {
    const file = positionals[0];
    served = file !== undefined ? await liveRun(context, hub, file, runValues as RunValues) : await recordedRun(context, hub);
    announce(io, server.url, json);
    if (values.open) {
      const problem = await openBrowser(server.url);
      if (problem) io.err(`prp-orchestrator: ${problem}`);
    }
    if (await untilInterrupted(io, served, stopping)) return EXIT_INTERRUPTED;
    const result = served.control.lastResult;
    return result === undefined || result.status === 'succeeded' ? EXIT_OK : EXIT_FAILURE;
  } finally {
    // On an error a run may still be going: it stops before the store closes under it.
    await served?.control.stop('the dashboard stopped');
    await server.close();
    await served?.close();
  }
}

/** The actions of the run once it is served; before that, a polite refusal. */
function lateActions(served: () => ServedRun | undefined): DashboardActions {
  return {
    perform: async (message) => served()?.control.perform(message) ?? { ok: false, message: 'The dashboard is still starting; try again in a moment.' },
    history: async () => served()?.control.history() ?? { type: 'history', runs: [], agents: [] },
  };
}

function announce(io: CliIo, url: string, json: boolean): void {
  const line = `Dashboard: ${url}`;
  if (json) io.err(line);
  else io.out(`${line}\nPress Ctrl-C to stop it.`);
}

/**
 * Serves until the first Ctrl-C (or SIGTERM). A run going in this process is then cancelled and awaited, so
 * its agents stop cleanly; a second signal leaves at once. Resolves true when a running run was cancelled.
 */
function untilInterrupted(io: CliIo, served: ServedRun, stopping: { now: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    let signalled = false;
    const stopListening = io.onInterrupt((signal) => {
      if (signalled) {
        io.err(`prp-orchestrator: ${signal} again, exiting without waiting for agents to stop`);
        io.exit(EXIT_INTERRUPTED);
      }
      signalled = true;
      stopping.now = true;
      const running = served.control.running;
      io.err(`prp-orchestrator: ${signal} received, ${running ? 'cancelling the run (press Ctrl-C again to exit at once)' : 'closing the dashboard'}`);
      void served.control.stop(`interrupted by ${signal}`).then((cancelled) => {
        stopListening();
        resolve(cancelled);
      });
    });
  });
}

/** Terminal output for the runs the dashboard drives: JSON lines, or the progress lines of `run`. */
function eventPrinter(io: CliIo, json: boolean): (event: RunEvent, state: DashboardState) => void {
  if (json) return (event) => io.out(JSON.stringify(event));
  let print: ((event: RunEvent) => void) | undefined;
  return (event, state) => {
    print ??= progressPrinter(io, graphOf(state), []);
    print(event);
  };
}

/** The closing lines of `run` when a run ends, and a reminder that the dashboard still serves it. */
function summaryPrinter(io: CliIo, json: boolean, stopping: { now: boolean }): (result: RunResult, state: DashboardState) => void {
  return (result, state) => {
    if (json) return;
    io.out(renderSummary(result, graphOf(state), io.color, stopping.now));
    if (result.reason !== undefined) io.out(result.reason);
    if (!stopping.now) io.out('The dashboard still shows the run: retry a task there, or press Ctrl-C to stop.');
  };
}

/** The task titles the progress lines need, from the dashboard state. */
function graphOf(state: DashboardState): TaskGraph {
  return {
    title: state.run.title,
    tasks: state.tasks.map((t) => ({ id: t.id, title: t.title, body: '', files: [], tags: [], complexity: 1, estimateMs: t.estimateMs })),
    dependencies: state.dependencies,
  };
}
