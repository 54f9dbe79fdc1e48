import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './errors';
import { describeFsError } from './prepare';

/** One line of a `route --tasks` JSONL file. */
export interface TaskLine {
  id: string;
  title: string;
  description: string;
  files: string[];
}

const taskLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().min(1),
  description: z.string().default(''),
  files: z.array(z.string()).default([]),
});

/**
 * Reads and validates a JSONL task file. Blank lines are skipped; the first bad line stops everything with
 * an error naming the file, the line number and what is wrong, since routing half a file would mislead.
 */
export async function readTaskLines(cwd: string, file: string): Promise<TaskLine[]> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CliError('unreadable-file', `cannot read ${file}: ${describeFsError(error)}`);
  }
  const tasks: TaskLine[] = [];
  const firstLine = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    const task = parseTaskLine(raw, `${file}:${lineNo}`);
    const seen = firstLine.get(task.id);
    if (seen !== undefined) throw new CliError('bad-input', `${file}:${lineNo}: duplicate task id "${task.id}" (first used on line ${seen})`);
    firstLine.set(task.id, lineNo);
    tasks.push(task);
  });
  if (tasks.length === 0) throw new CliError('bad-input', `${file} holds no task line (expected one JSON object per line)`);
  return tasks;
}

function parseTaskLine(raw: string, where: string): TaskLine {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new CliError('bad-input', `${where}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = taskLineSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
    throw new CliError(
      'bad-input',
      `${where}: invalid task: ${field}${issue?.message ?? 'unexpected shape'} (expected {"id","title","description","files":[]})`,
    );
  }
  return result.data;
}
