import type { DurableStore, RunEvent, RunRecord } from '../orchestrator/index';
import { parseCommandArgs } from './args';
import { CliError, EXIT_OK, UsageError } from './errors';
import { formatCost, formatDuration, padEnd, truncate } from './format';
import type { CliIo } from './io';
import { openReader, storeDir } from './storeAccess';

const DB_HELP = `  --db DIR     Read runs from DIR instead of .prp-orchestrator/ in the current folder.
  --json       Machine-readable output.
  -h, --help   Show this help.`;

export const runsHelp = `Usage: prp-orchestrator runs [--db DIR] [--json]

List the recorded runs, newest first: id, title, status, tasks done, cost and when it started.

Options:
${DB_HELP}`;

export const showHelp = `Usage: prp-orchestrator show <runId> [--db DIR] [--json]

Show one recorded run and each of its tasks: status, agent, attempts and cost.

Options:
${DB_HELP}`;

export const auditHelp = `Usage: prp-orchestrator audit <runId> [--db DIR] [--json]

Print a run's audit trail: every event in order with its time, task, agent and reason.
With --json, one JSON event per line (JSONL), each with its runId.

Options:
${DB_HELP}`;

const spec = (name: string, maxPositionals: number) =>
  ({ name, maxPositionals, options: { db: { type: 'string' }, json: { type: 'boolean' } } }) as const;

/** Parses the shared flags, opens the store read-only (so this works while a run writes) and runs `body`. */
async function withReader(
  name: string,
  help: string,
  argv: string[],
  io: CliIo,
  body: (store: DurableStore, json: boolean, runId: string | undefined) => void,
): Promise<number> {
  const positional = name === 'runs' ? 0 : 1;
  const { values, positionals } = parseCommandArgs(spec(name, positional), argv);
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  if (positional === 1 && !positionals[0]) throw new UsageError(`missing the run id, e.g. 'prp-orchestrator ${name} run-abc123'`, name);
  const store = await openReader(storeDir(io, values.db));
  try {
    body(store, values.json === true, positionals[0]);
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

function doneCount(store: DurableStore, run: RunRecord): number {
  if (run.totals) return run.totals.succeeded;
  return store.getRun(run.runId)?.tasks.filter((t) => t.status === 'succeeded').length ?? 0;
}

function costOf(store: DurableStore, run: RunRecord): number {
  return run.totals?.costUsd ?? store.getRun(run.runId)?.tasks.reduce((sum, t) => sum + t.costUsd, 0) ?? 0;
}

export function runsCommand(argv: string[], io: CliIo): Promise<number> {
  return withReader('runs', runsHelp, argv, io, (store, json) => {
    const rows = store.listRuns().map((run) => ({
      runId: run.runId,
      title: run.title,
      status: run.status,
      tasksDone: doneCount(store, run),
      taskCount: run.taskCount,
      costUsd: costOf(store, run),
      startedAt: new Date(run.startedAt).toISOString(),
    }));
    if (json) {
      io.out(JSON.stringify(rows));
      return;
    }
    if (rows.length === 0) return io.out('No runs recorded yet.');
    for (const r of rows) {
      io.out(`${padEnd(r.runId, 24)} ${padEnd(r.status, 10)} ${padEnd(`${r.tasksDone}/${r.taskCount}`, 7)} ${padEnd(formatCost(r.costUsd), 8)} ${r.startedAt}  ${truncate(r.title, 50)}`);
    }
  });
}

function requireRun(store: DurableStore, runId: string) {
  const detail = store.getRun(runId);
  if (!detail) throw new CliError('unknown-run', `no recorded run ${runId} (see 'prp-orchestrator runs')`);
  return detail;
}

export function showCommand(argv: string[], io: CliIo): Promise<number> {
  return withReader('show', showHelp, argv, io, (store, json, runId) => {
    const { run, tasks } = requireRun(store, runId!);
    if (json) {
      io.out(JSON.stringify({ run, tasks }));
      return;
    }
    const took = run.finishedAt !== undefined ? ` in ${formatDuration(run.finishedAt - run.startedAt)}` : '';
    io.out(`${run.runId} "${run.title}": ${run.status}${took}, started ${new Date(run.startedAt).toISOString()}`);
    if (run.reason) io.out(run.reason);
    for (const t of tasks) {
      io.out(`  ${padEnd(t.taskId, 10)} ${padEnd(t.status, 10)} ${padEnd(t.agent ?? '-', 24)} ${padEnd(`${t.attempts} attempt${t.attempts === 1 ? '' : 's'}`, 11)} ${formatCost(t.costUsd)}`);
    }
  });
}

export function auditCommand(argv: string[], io: CliIo): Promise<number> {
  return withReader('audit', auditHelp, argv, io, (store, json, runId) => {
    requireRun(store, runId!);
    for (const event of store.events(runId!)) io.out(json ? JSON.stringify(event) : describeAuditEvent(event));
  });
}

/** One line per event: seq, time, type, then task, agent and why, when the event has them. */
function describeAuditEvent(event: RunEvent): string {
  const fields = event as Partial<Record<'taskId' | 'agent' | 'reason' | 'message', unknown>>;
  const failure = event.type === 'task.failed' ? `${event.failure.kind}: ${event.failure.message}` : undefined;
  const why = fields.reason ?? fields.message ?? failure;
  const parts = [
    String(event.seq).padStart(5),
    new Date(event.time).toISOString(),
    padEnd(event.type, 20),
    typeof fields.taskId === 'string' ? fields.taskId : '',
    typeof fields.agent === 'string' ? fields.agent : '',
    why === undefined ? '' : truncate(String(why), 120),
  ];
  return parts.join(' ').trimEnd();
}
