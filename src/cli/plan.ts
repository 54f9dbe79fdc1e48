import { existsSync } from 'node:fs';
import type { Store } from '../orchestrator/index';
import { enumOption, parseCommandArgs, requirePrpPath } from './args';
import { EXIT_FAILURE, EXIT_OK } from './errors';
import type { CliIo } from './io';
import { renderPlan } from './planText';
import { cycleDiagnostic, preparePlan } from './prepare';
import type { PreparedPlan } from './prepare';
import { openReader, storeDir } from './storeAccess';
import { computeWaves, prerequisitesOf } from './waves';

export const planHelp = `Usage: prp-orchestrator plan <prp.md> [options]

Parse a PRP, build its task graph and pick an agent for every task, without running anything.

Options:
  --agents-dir DIR   Read agent definitions (*.md) from DIR only; repeatable.
                     Default: .claude/agents next to the PRP and in its parent folders, and ~/.claude/agents.
  --order ORDER      dependencies (default): only real dependencies order tasks, so independent ones run
                     in parallel; document: also keep the author's order (one task after the other).
  --db DIR           Route and estimate with what the runs recorded in DIR did (default:
                     .prp-orchestrator/ in the current folder, when there is one).
  --json             Print the plan as one JSON object.
  -h, --help         Show this help.

Exit status: 0 on success; 1 when the file cannot be read, holds no task, or its dependencies form a cycle;
2 on a usage error.`;

const spec = {
  name: 'plan',
  maxPositionals: 1,
  options: {
    'agents-dir': { type: 'string', multiple: true },
    order: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  },
} as const;

export const ORDERS = ['dependencies', 'document'] as const;

export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(planHelp);
    return EXIT_OK;
  }
  const file = requirePrpPath(positionals[0], 'plan');
  const order = enumOption('plan', 'order', values.order, ORDERS);
  const plan = await withHistory(io, values.db, (store) => preparePlan(io, file, { agentsDirs: values['agents-dir'], order, store }));
  if (values.json) io.out(JSON.stringify(planJson(plan)));
  else io.out(renderPlan(plan, io.color));
  const cycle = cycleDiagnostic(plan);
  if (cycle) {
    io.err(`prp-orchestrator: ${file}:${cycle.line}: ${cycle.message}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * Runs `body` with the recorded runs of `--db` (or of the default folder when it exists), read-only, so
 * the plan shows the routing and estimates a run would use; without records, with none.
 */
async function withHistory<T>(io: CliIo, db: string | undefined, body: (store: Store | undefined) => Promise<T>): Promise<T> {
  const dir = storeDir(io, db);
  if (db === undefined && !existsSync(dir)) return body(undefined);
  const store = await openReader(dir);
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** The machine-readable plan; the documented fields first, helpful extras after. */
export function planJson(plan: PreparedPlan) {
  const prerequisites = prerequisitesOf(plan.graph);
  const assignment = new Map(plan.assignments.map((a) => [a.taskId, a]));
  return {
    title: plan.graph.title,
    tasks: plan.graph.tasks.map((task) => ({
      id: task.id,
      title: task.title,
      files: task.files,
      dependsOn: prerequisites.get(task.id) ?? [],
      agent: assignment.get(task.id)?.agent ?? null,
      tags: task.tags,
      estimateMs: task.estimateMs,
      agentReason: assignment.get(task.id)?.reason ?? null,
      fallbacks: assignment.get(task.id)?.fallbacks ?? [],
      complexity: task.complexity,
      action: task.action ?? null,
      line: task.range?.startLine ?? null,
    })),
    validation: plan.prp.validation.map((level) => ({
      level: level.level,
      commands: level.commands.map((c) => c.command),
      name: level.name,
    })),
    diagnostics: plan.diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.line, code: d.code })),
    dependencies: plan.graph.dependencies,
    waves: computeWaves(plan.graph) ?? null,
    source: plan.displayPath,
    agents: plan.agents.map((a) => ({ name: a.name, source: a.source })),
    agentWarnings: plan.agentWarnings,
  };
}
