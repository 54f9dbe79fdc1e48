import type { Dependency, Diagnostic, Task } from '../orchestrator/index';
import { formatDuration, makeStyle, plural } from './format';
import type { Style } from './format';
import { describeAgentWarning } from './prepare';
import type { PreparedPlan } from './prepare';
import { computeWaves, longestChain } from './waves';

/** The plan for people: tasks with their agent and why, waves of parallel work, validation, diagnostics. */
export function renderPlan(plan: PreparedPlan, color: boolean): string {
  const style = makeStyle(color);
  const waves = computeWaves(plan.graph);
  const lines = [
    style.bold(plan.graph.title),
    style.dim(
      [plan.displayPath, plural(plan.graph.tasks.length, 'task'), waves ? plural(waves.length, 'wave') : 'dependency cycle', plural(plan.agents.length, 'agent')].join(' · '),
    ),
    '',
    style.bold('Tasks'),
    ...plan.graph.tasks.flatMap((task) => taskLines(plan, task, style)),
    ...waveLines(plan, waves, style),
    ...validationLines(plan, style),
    ...diagnosticLines(plan.diagnostics, style),
    ...agentWarningLines(plan, style),
  ];
  return lines.join('\n');
}

function taskLines(plan: PreparedPlan, task: Task, style: Style): string[] {
  const assignment = plan.assignments.find((a) => a.taskId === task.id);
  const facts = [
    task.files.length > 0 ? `files: ${task.files.join(', ')}` : 'no files named',
    task.tags.length > 0 ? `tags: ${task.tags.join(', ')}` : undefined,
    `~${formatDuration(task.estimateMs)}`,
    task.range ? `line ${task.range.startLine}` : undefined,
  ].filter(Boolean);
  const lines = [`  ${style.bold(task.id.padEnd(4))}${task.title}  ${style.cyan(`→ ${assignment?.agent ?? '?'}`)}`, `      ${style.dim(facts.join(' · '))}`];
  const after = plan.graph.dependencies.filter((d) => d.to === task.id);
  if (after.length > 0) lines.push(`      after ${after.map(describeDependency).join(', ')}`);
  if (assignment) lines.push(`      ${style.dim(`why: ${assignment.reason}`)}`);
  return lines;
}

function describeDependency(dep: Dependency): string {
  const why = dep.detail ? `${dep.reason}: ${dep.detail}` : dep.reason;
  return `${dep.from} (${why})`;
}

function waveLines(plan: PreparedPlan, waves: string[][] | undefined, style: Style): string[] {
  if (!waves) return [];
  const lines = ['', style.bold('Waves') + style.dim(' (tasks in one wave can run at the same time)')];
  waves.forEach((ids, i) => lines.push(`  ${String(i + 1).padStart(2)}  ${ids.join(', ')}`));
  const chain = longestChain(plan.graph);
  if (chain && chain.ids.length > 0) {
    lines.push(`  critical path: ${chain.ids.join(' → ')} · ~${formatDuration(chain.estimateMs)}`);
  }
  return lines;
}

function validationLines(plan: PreparedPlan, style: Style): string[] {
  if (plan.prp.validation.length === 0) return ['', style.bold('Validation') + style.dim(' (none found in the PRP)')];
  const lines = ['', style.bold('Validation')];
  for (const level of plan.prp.validation) {
    lines.push(`  Level ${level.level}: ${level.name}`);
    for (const c of level.commands) lines.push(`    ${style.dim('$')} ${c.command}${c.placeholder ? style.yellow('  (placeholder)') : ''}`);
  }
  return lines;
}

function diagnosticLines(diagnostics: Diagnostic[], style: Style): string[] {
  if (diagnostics.length === 0) return [];
  const paint = { error: style.red, warning: style.yellow, info: style.dim };
  const lines = ['', style.bold('Diagnostics')];
  for (const d of diagnostics) lines.push(`  line ${String(d.line).padEnd(5)} ${paint[d.severity](d.severity.padEnd(7))} ${d.message}`);
  return lines;
}

function agentWarningLines(plan: PreparedPlan, style: Style): string[] {
  if (plan.agentWarnings.length === 0) return [];
  return ['', style.bold('Agent warnings'), ...plan.agentWarnings.map((w) => `  ${style.yellow(describeAgentWarning(w))}`)];
}
