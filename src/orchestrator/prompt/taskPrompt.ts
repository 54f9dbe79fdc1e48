import type { PromptContext } from '../engine/options';
import type { Criterion, Prp, PrpSection, Task, TaskFailure, ValidationLevel } from '../model';
import { chunkSection, renderChunks, type ChunkCounter } from './chunks';
import { cutAtLine, relevance, selectChunks, taskTerms, type Candidate, type TaskTerms } from './relevance';

export interface TaskPromptOptions {
  /** Most characters of PRP context (the "All Needed Context" sections and relevant blueprint parts). Default 8000. */
  contextBudgetChars?: number;
  /** Most characters of each dependency's summary. Default 1500. */
  dependencySummaryChars?: number;
  /** Validation levels to list, by level number. Default: every level with a runnable command. */
  validationLevels?: readonly number[];
  /** Where the agent can read the whole PRP. Default `prp.source.path`; `null` leaves the pointer out. */
  prpPath?: string | null;
}

const LIMITS = { goal: 1500, why: 600, what: 1200, criteria: 6 };

/** What a prompt needs from the PRP, computed once per PRP (a run builds one prompt per attempt). */
interface PreparedPrp {
  prp: Prp;
  intro: string;
  overview: string;
  candidates: Candidate[];
  options: Required<Omit<TaskPromptOptions, 'prpPath' | 'validationLevels'>> & Pick<TaskPromptOptions, 'validationLevels'> & { prpPath?: string };
}

/**
 * The prompt for one task of a PRP, for a real agent: the PRP's goal (and why and what, briefly), the
 * parts of its context that concern the task (by the files, identifiers, tags and words they mention,
 * within a budget), what the tasks it depends on produced, the task itself, the validation commands that
 * will check it, why the previous attempt failed on a retry, and a request for a short summary. Long
 * material comes first and the task last, where a model attends to instructions best.
 */
export function buildTaskPrompt(prp: Prp, task: Task, context: PromptContext, options: TaskPromptOptions = {}): string {
  return promptFor(preparePrp(prp, options), task, context);
}

/** A `buildPrompt` for EngineOptions that prepares the PRP's shared parts once. */
export function createPromptBuilder(prp: Prp, options: TaskPromptOptions = {}): (task: Task, context: PromptContext) => string {
  const prepared = preparePrp(prp, options);
  return (task, context) => promptFor(prepared, task, context);
}

function preparePrp(prp: Prp, options: TaskPromptOptions): PreparedPrp {
  const prpPath = options.prpPath === null ? undefined : (options.prpPath ?? prp.source.path);
  const resolved = {
    contextBudgetChars: options.contextBudgetChars ?? 8000,
    dependencySummaryChars: options.dependencySummaryChars ?? 1500,
    validationLevels: options.validationLevels,
    prpPath,
  };
  const pointer = prpPath === undefined ? '' : ` The whole PRP is at ${prpPath} if you need more than this prompt gives.`;
  const intro = `You are one of several agents implementing the PRP "${prp.title}" in parallel. This prompt is your one task: work only on it, in the current directory; other agents do the other tasks.${pointer}`;
  return { prp, intro, overview: overview(prp), candidates: contextCandidates(prp.sections), options: resolved };
}

function overview(prp: Prp): string {
  const parts: string[] = [];
  if (prp.goal?.trim()) parts.push(`## Goal\n${cutAtLine(prp.goal.trim(), LIMITS.goal)}`);
  if (prp.why?.trim()) parts.push(`## Why\n${cutAtLine(prp.why.trim(), LIMITS.why)}`);
  if (prp.what?.trim()) parts.push(`## What\n${cutAtLine(prp.what.trim(), LIMITS.what)}`);
  if (parts.length === 0 && prp.description?.trim()) parts.push(`## Goal\n${cutAtLine(prp.description.trim(), LIMITS.goal)}`);
  return parts.join('\n\n');
}

/** Context sections are candidates as a whole; blueprint sections (other than the task list) only where they concern the task. */
function contextCandidates(sections: readonly PrpSection[]): Candidate[] {
  const counter: ChunkCounter = { order: 0, fence: 0 };
  const candidates: Candidate[] = [];
  const ordered = [...sections].sort((a, b) => a.range.startLine - b.range.startLine);
  for (const section of ordered) {
    if (section.kind !== 'context' && section.kind !== 'blueprint') continue;
    for (const chunk of chunkSection(section.content, section.heading.trim(), counter)) candidates.push({ chunk, requireRelevance: section.kind === 'blueprint' });
  }
  return candidates;
}

function promptFor(prepared: PreparedPrp, task: Task, context: PromptContext): string {
  const terms = taskTerms(task);
  const parts = [
    prepared.intro,
    prepared.overview,
    contextPart(prepared, terms),
    criteriaPart(prepared.prp.successCriteria, terms),
    dependenciesPart(context, prepared.options.dependencySummaryChars),
    taskPart(task),
    validationPart(prepared.prp.validation, prepared.options.validationLevels),
    failurePart(context),
    '## When you finish\nEnd with a short summary (two or three sentences) of what you did and which files you changed. It is passed on to the tasks that build on yours.',
  ];
  return parts.filter((part) => part !== '').join('\n\n');
}

function contextPart(prepared: PreparedPrp, terms: TaskTerms): string {
  const { chosen, omitted } = selectChunks(prepared.candidates, terms, prepared.options.contextBudgetChars);
  if (chosen.length === 0) return '';
  const more = omitted === 0 ? '' : `\n\n(${omitted} less relevant part${omitted === 1 ? ' was' : 's were'} left out${prepared.options.prpPath === undefined ? '' : `; see ${prepared.options.prpPath}`}.)`;
  return `## Context from the PRP\n\n${renderChunks(chosen, '###')}${more}`;
}

function criteriaPart(criteria: readonly Criterion[], terms: TaskTerms): string {
  const relevant = criteria.filter((c) => !c.done && relevance({ text: c.text, heading: '' }, terms) >= 1).slice(0, LIMITS.criteria);
  if (relevant.length === 0) return '';
  return `## Success criteria this task contributes to\n${relevant.map((c) => `- ${c.text}`).join('\n')}`;
}

function dependenciesPart(context: PromptContext, summaryChars: number): string {
  if (context.dependencies.length === 0) return '';
  const entries = context.dependencies.map((dep) => {
    const summary = dep.summary?.trim() ? cutAtLine(dep.summary.trim(), summaryChars) : '(no summary)';
    const files = dep.filesChanged.length > 0 ? `\nFiles changed: ${dep.filesChanged.join(', ')}` : '';
    return `### ${dep.taskId}: ${dep.title}\n${summary}${files}`;
  });
  return `## What the tasks before yours produced\nBuild on their work; do not redo it.\n\n${entries.join('\n\n')}`;
}

function taskPart(task: Task): string {
  let text = `## Your task: ${task.id} — ${task.title}`;
  const body = dedent(task.body).trim();
  if (body !== '') text += `\n\n${body}`;
  if (task.files.length > 0) text += `\n\nFiles to create or change:\n- ${task.files.join('\n- ')}`;
  return text;
}

/** Removes the indentation all non-blank lines share (task bodies are often indented under a list item). */
function dedent(text: string): string {
  const lines = text.split('\n');
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0].length);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return common === 0 ? text : lines.map((line) => line.slice(Math.min(common, /^[ \t]*/.exec(line)![0].length))).join('\n');
}

function validationPart(levels: readonly ValidationLevel[], only: readonly number[] | undefined): string {
  const blocks: string[] = [];
  for (const level of levels) {
    if (only !== undefined && !only.includes(level.level)) continue;
    const commands = level.commands.filter((c) => !c.placeholder).map((c) => c.command);
    if (commands.length > 0) blocks.push(`Level ${level.level}: ${level.name}\n\`\`\`bash\n${commands.join('\n')}\n\`\`\``);
  }
  if (blocks.length === 0) return '';
  return `## Validation\nAfter your task, these commands from the PRP will be run to check the work. Make sure your changes will pass them (you may run them yourself).\n\n${blocks.join('\n\n')}`;
}

const FAILURE_ADVICE: Partial<Record<TaskFailure['kind'], string>> = {
  'turn-limit': 'Work in fewer, larger steps and finish with the summary before the turn limit.',
  budget: 'Be economical: read only the files you need and avoid repeated full test runs.',
  stalled: 'Avoid commands that wait for input or never end (dev servers, watch modes); run them in the background or with a timeout.',
  timeout: 'Avoid commands that wait for input or never end (dev servers, watch modes); run them in the background or with a timeout.',
  validation: 'Fix what the validation reported before anything else.',
};

function failurePart(context: PromptContext): string {
  const failure = context.previousFailure;
  if (failure === undefined) return '';
  const advice = FAILURE_ADVICE[failure.kind];
  return `## Previous attempt\nAttempt ${context.attempt - 1} failed (${failure.kind}): ${failure.message}${advice === undefined ? '' : `\n${advice}`}\nThe working directory may hold part of that attempt's work: check it before starting over.`;
}
