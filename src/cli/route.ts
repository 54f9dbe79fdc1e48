import { Router, tagTask } from '../orchestrator/index';
import type { AgentScore, Assignment, RoutableTask } from '../orchestrator/index';
import { parseCommandArgs } from './args';
import { EXIT_OK, UsageError } from './errors';
import { makeStyle, truncate } from './format';
import type { CliIo } from './io';
import { describeAgentWarning, loadAgentSet } from './prepare';
import { readTaskLines } from './taskFile';
import type { TaskLine } from './taskFile';

export const routeHelp = `Usage: prp-orchestrator route --agents-dir DIR (--task TEXT [--files a,b] | --tasks FILE.jsonl) [--json]

Show which agent would take a task, with the score of every agent and its breakdown
(0.40 specialization + 0.30 free capacity + 0.20 past success + 0.10 response time).

Options:
  --agents-dir DIR   Folder of agent definitions (*.md); repeatable. Required.
  --task TEXT        Route one task described by TEXT.
  --files a,b        Files the --task touches, comma-separated.
  --tasks FILE       Route every line of a JSONL file: {"id","title","description","files":[]} per line.
  --json             Print one JSON line per task: {"id","agent","scores":[{"agent","score","breakdown"}]}.
  -h, --help         Show this help.`;

const spec = {
  name: 'route',
  maxPositionals: 0,
  options: {
    'agents-dir': { type: 'string', multiple: true },
    task: { type: 'string' },
    files: { type: 'string' },
    tasks: { type: 'string' },
    json: { type: 'boolean' },
  },
} as const;

export async function routeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(routeHelp);
    return EXIT_OK;
  }
  if (!values['agents-dir']) throw new UsageError('--agents-dir DIR is required', 'route');
  if ((values.task === undefined) === (values.tasks === undefined)) throw new UsageError('give either --task TEXT or --tasks FILE.jsonl', 'route');
  if (values.files !== undefined && values.task === undefined) throw new UsageError('--files goes with --task', 'route');
  const lines = values.tasks !== undefined ? await readTaskLines(io.cwd, values.tasks) : [singleTask(values.task!, values.files)];
  const { agents, warnings } = await loadAgentSet(io, { agentsDirs: values['agents-dir'], workspaceDir: io.cwd });
  for (const w of warnings) io.err(`warning: ${describeAgentWarning(w)}`);
  const router = new Router(agents);
  const style = makeStyle(io.color);
  for (const line of lines) {
    const assignment = router.route(toRoutable(line));
    io.out(values.json ? JSON.stringify(routeJson(line.id, assignment)) : renderRoute(line, assignment, style));
  }
  return EXIT_OK;
}

function singleTask(text: string, files: string | undefined): TaskLine {
  const list = (files ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  return { id: 'task', title: text, description: '', files: list };
}

function toRoutable(line: TaskLine): RoutableTask {
  const input = { title: line.title, body: line.description, files: line.files };
  return { id: line.id, ...input, tags: tagTask(input) };
}

function routeJson(id: string, assignment: Assignment) {
  return {
    id,
    agent: assignment.agent,
    scores: assignment.scores.map((s) => ({ agent: s.agent, score: round(s.score), breakdown: roundAll(s.breakdown), matched: s.matched ?? [] })),
    fallbacks: assignment.fallbacks,
    reason: assignment.reason,
  };
}

function renderRoute(line: TaskLine, assignment: Assignment, style: ReturnType<typeof makeStyle>): string {
  const best = assignment.scores[0];
  const head = `${style.bold(line.id)}  ${truncate(line.title, 80)}  ${style.cyan(`→ ${assignment.agent}`)}${best ? ` (${best.score.toFixed(2)})` : ''}`;
  const others = assignment.scores.slice(0, 4).map(describeScore).map((s) => `      ${style.dim(s)}`);
  return [head, `      why: ${assignment.reason}`, ...others].join('\n');
}

function describeScore(s: AgentScore): string {
  const b = s.breakdown;
  // The load term is stored as free capacity (1 − load), so it is labelled that way.
  const parts = `specialization ${b.specialization.toFixed(2)}, free ${b.load.toFixed(2)}, history ${b.history.toFixed(2)}, response ${b.responseTime.toFixed(2)}`;
  return `${s.agent.padEnd(20)} ${s.score.toFixed(3)}  (${parts})`;
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function roundAll<T extends object>(breakdown: T): T {
  return Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
}
