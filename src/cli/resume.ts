import { parseCommandArgs } from './args';
import { CliError, EXIT_OK, UsageError } from './errors';
import type { CliIo } from './io';
import { runSettings } from './run';
import type { RunValues } from './run';
import { executeRun } from './runSession';
import { openWriter, readRecipe, storeDir } from './storeAccess';

export const resumeHelp = `Usage: prp-orchestrator resume <runId> [--db DIR] [--json]

Continue a recorded run that was interrupted (killed, crashed, cancelled): plan the same PRP with the same
options, keep every task that already succeeded (it never runs again), and run the rest under the same run
id. Tasks that were running when the run stopped start again.

Options:
  --db DIR     The run database (default .prp-orchestrator/ in the current folder).
  --json       Print one JSON RunEvent per line, each with its runId.
  -h, --help   Show this help.

Exit status: as 'prp-orchestrator run'.`;

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
  const recipe = await readRecipe(dir, runId);
  const store = await openWriter(dir);
  try {
    const detail = store.getRun(runId);
    if (!detail) throw new CliError('unknown-run', `run ${runId} has no recorded event in ${dir}; start it again with 'prp-orchestrator run'`);
    const events = store.events(runId);
    const done = new Set(events.flatMap((e) => (e.type === 'task.succeeded' ? [e.taskId] : [])));
    // The engine numbers a run's events from 1; the resumed life continues after the last recorded one.
    const seqOffset = events.reduce((max, e) => Math.max(max, e.seq), detail.run.lastSeq);
    // Relative paths in the recorded options (agents folders, the command) mean what they meant then.
    const runIo: CliIo = { ...io, cwd: recipe.cwd };
    const settings = runSettings(recipe.options as RunValues);
    return await executeRun(runIo, recipe.prpPath, settings, { store, runId, json: values.json === true, done, seqOffset });
  } finally {
    await store.close();
  }
}
