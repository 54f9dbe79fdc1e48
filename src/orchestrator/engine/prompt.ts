import type { Task } from '../model';
import type { PromptContext } from './options';

const CLOSING = '## When you finish\nEnd with a short summary (two or three sentences) of what you did and which files you changed.';

/**
 * The default prompt: the task itself, the files it targets, what the tasks it depends on produced (so an
 * agent builds on their work instead of rediscovering it), why the last attempt failed when this is a
 * retry, and a request for a short summary, which becomes the task's summary for the tasks after it.
 * Built by plain concatenation: it runs once per attempt, 100k times in the large benchmarks.
 */
export function defaultBuildPrompt(task: Task, context: PromptContext): string {
  let prompt = `# Task ${task.id}: ${task.title}\n\n`;
  const body = task.body.trim();
  if (body !== '') prompt += `${body}\n\n`;
  if (task.files.length > 0) prompt += `## Files\n- ${task.files.join('\n- ')}\n\n`;
  const dependencies = context.dependencies;
  if (dependencies.length > 0) {
    prompt += '## What earlier tasks produced\n';
    for (const dep of dependencies) {
      prompt += `### ${dep.taskId}: ${dep.title}\n${dep.summary?.trim() || '(no summary)'}\n`;
      if (dep.filesChanged.length > 0) prompt += `Files changed: ${dep.filesChanged.join(', ')}\n`;
    }
    prompt += '\n';
  }
  const failure = context.previousFailure;
  if (failure) prompt += `## Previous attempt\nAttempt ${context.attempt - 1} failed (${failure.kind}): ${failure.message}\n\n`;
  return prompt + CLOSING;
}
