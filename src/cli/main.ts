import { version } from '../../package.json';
import { agentsCommand, agentsHelp } from './agents';
import { dashboardCommand, dashboardHelp } from './dashboard';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, oneLine } from './errors';
import { processIo } from './io';
import type { CliIo } from './io';
import { planCommand, planHelp } from './plan';
import { auditCommand, auditHelp, runsCommand, runsHelp, showCommand, showHelp } from './history';
import { resumeCommand, resumeHelp } from './resume';
import { routeCommand, routeHelp } from './route';
import { runCommand, runHelp } from './run';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { run: Command; help: string }> = {
  plan: { run: planCommand, help: planHelp },
  route: { run: routeCommand, help: routeHelp },
  run: { run: runCommand, help: runHelp },
  agents: { run: agentsCommand, help: agentsHelp },
  runs: { run: runsCommand, help: runsHelp },
  show: { run: showCommand, help: showHelp },
  audit: { run: auditCommand, help: auditHelp },
  resume: { run: resumeCommand, help: resumeHelp },
  dashboard: { run: dashboardCommand, help: dashboardHelp },
};

export const mainHelp = `prp-orchestrator ${version}: run a PRP (Product Requirements Prompt) with a team of agents in parallel.

Usage: prp-orchestrator <command> [options]

Commands:
  plan <prp.md>    Show the task graph, the agent for each task and why, and what can run in parallel.
  run <prp.md>     Run the tasks with agents (Claude Code, any command line, or simulated), independent
                   ones at once. Every run is recorded in .prp-orchestrator/ (or --db DIR).
  runs             List the recorded runs.
  show <runId>     Show a recorded run and each of its tasks.
  audit <runId>    Print a run's audit trail, every event in order.
  resume <runId>   Continue an interrupted run; tasks that succeeded are not run again.
  dashboard        Show a run live in your browser: with a PRP it runs it, without one it shows the
                   newest recorded run.
  route            Show which agent would take a task, with every agent's score.
  agents           List the agents found and any definition that was skipped.

Options:
  -h, --help       Show help (also 'prp-orchestrator <command> --help').
  -v, --version    Print the version.

Every command accepts --json for machine-readable output. Set PRP_DEBUG=1 to see stack traces.`;

/** Runs one CLI invocation and returns its exit code; errors are left to the caller to report. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(mainHelp);
    return EXIT_USAGE;
  }
  if (first === '-h' || first === '--help') {
    io.out(mainHelp);
    return EXIT_OK;
  }
  if (first === '-v' || first === '--version' || first === 'version') {
    io.out(version);
    return EXIT_OK;
  }
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !commands[topic]) throw unknownCommand(topic);
    io.out(topic ? commands[topic]!.help : mainHelp);
    return EXIT_OK;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${first.split('=')[0]}`);
  const command = commands[first];
  if (!command) throw unknownCommand(first);
  return command.run(rest, io);
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command '${name}'; the commands are ${Object.keys(commands).join(', ')}`);
}

/** Reports an error as one line (a stack trace only with PRP_DEBUG=1) and returns the exit code. */
export function reportError(error: unknown, io: CliIo): number {
  const debug = io.env.PRP_DEBUG === '1';
  if (error instanceof CliError) {
    io.err(`prp-orchestrator: ${error.message}`);
    if (debug && error.stack) io.err(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`prp-orchestrator: unexpected error: ${oneLine(message)}${debug ? '' : ' (set PRP_DEBUG=1 for details)'}`);
  if (debug && error instanceof Error && error.stack) io.err(error.stack);
  return EXIT_FAILURE;
}

async function entry(): Promise<void> {
  const io = processIo();
  let code: number;
  try {
    code = await main(process.argv.slice(2), io);
  } catch (error) {
    code = reportError(error, io);
  }
  process.exitCode = code;
  // Normally nothing is left running once a command returns; if a stray handle remains, do not hang.
  setTimeout(() => process.exit(code), 2000).unref();
}

void entry();
