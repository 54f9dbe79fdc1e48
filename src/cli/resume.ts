import { existsSync } from 'node:fs';
import { resumeOrchestration, SessionError } from '../orchestrator/index';
import { parseCommandArgs } from './args';
import { CliError, EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { asCliError } from './prepare';
import { followRun } from './runSession';
import { openWriter, storeDir } from './storeAccess';

export const resumeHelp = `Usage: prp-orchestrator resume <runId> [--db DIR] [--json]

Continue a recorded run that was interrupted (killed, crashed, cancelled) or failed: plan the same PRP
with the same options and runner, keep every task that already succeeded (it never runs again), and run
the rest under the same run id, its events numbered after the recorded ones. A task whose Claude Code
session was cut off resumes that session.

Options:
  --db DIR     The run database (default .prp-orchestrator/ in the current folder).
  --json       Print one JSON RunEvent per line, each with its runId.
  -h, --help   Show this help.

Exit status: as 'prp-orchestrator run'; 0 with a note when the run already succeeded.`;

const spec = { name: 'resume', maxPositionals: 1, options: { db: { type: 'string' }, json: { type: 'boolean' } } } as const;

export async function resumeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(resumeHelp);
    return EXIT_OK;
  }
  const runId = positionals[0];
  if (!runId) throw new UsageError("missing the run id, e.g. 'prp-orchestrator resume run-abc123'", 'resume');
  const dir = storeDir(io, values.db);
  // Opening a writer creates the folder; a mistyped --db must not leave an empty database behind.
  if (!existsSync(dir)) throw new CliError('unknown-run', `no recorded run ${runId}: ${dir} holds no run database (see 'prp-orchestrator runs', or pass --db)`);
  const store = await openWriter(dir);
  try {
    let orchestration;
    try {
      orchestration = await resumeOrchestration({ store, runId });
    } catch (error) {
      if (!(error instanceof SessionError && error.reason === 'already-succeeded')) throw asCliError(error);
      io.err(`prp-orchestrator: run ${runId} already succeeded; nothing to resume`);
      return EXIT_OK;
    }
    return await followRun(io, orchestration, { json: values.json === true, runner: orchestration.recipe.runnerSpec });
  } finally {
    await store.close();
  }
}
