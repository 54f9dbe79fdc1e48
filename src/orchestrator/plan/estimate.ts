/**
 * A first, explainable guess at how big a task is, before any run has been recorded. Each input adds points;
 * every two points raise the complexity by one level; each level maps to a duration. Past runs will refine
 * these from the store later; until then the numbers only need to rank tasks sensibly (the scheduler uses
 * them to find the critical path) and give a rough ETA.
 */

export interface EstimateInput {
  title: string;
  body: string;
  files: string[];
  action?: string;
  tags: string[];
}

export interface Estimate {
  /** 1 (trivial) to 5 (large). */
  complexity: number;
  /** Expected duration of one attempt in milliseconds. */
  estimateMs: number;
}

/** Minutes one attempt is expected to take, by complexity 1..5: 2, 4, 7, 12 and 20 minutes. */
export const MINUTES_BY_COMPLEXITY: readonly number[] = [2, 4, 7, 12, 20];

/** Characters of title plus body above which the task earns one more point each (so 0 to 4 points). */
export const TEXT_LENGTH_STEPS: readonly number[] = [300, 800, 2000, 5000];

/** Numbers of target files above which the task earns one more point each (so 0 to 3 points). */
export const FILE_COUNT_STEPS: readonly number[] = [1, 3, 6];

/** Writing a file from nothing is more work than changing one; deleting is less. */
const ACTION_POINTS: Readonly<Record<string, number>> = {
  CREATE: 1,
  NEW: 1,
  REFACTOR: 1,
  MIGRATE: 1,
  DELETE: -1,
  REMOVE: -1,
};

/** Roles where a mistake is costly and care takes time. */
const TAG_POINTS: Readonly<Record<string, number>> = { security: 1, database: 1, devops: 1 };

const LANGUAGES = new Set([
  'typescript', 'javascript', 'python', 'go', 'rust', 'php', 'sql', 'css', 'html', 'shell', 'java', 'kotlin', 'ruby', 'csharp',
]);

/** Points by source, so a person (or the plan preview) can see why a task got its estimate. */
export interface EstimateBreakdown {
  text: number;
  files: number;
  action: number;
  tags: number;
  total: number;
}

export function estimateBreakdown(input: EstimateInput): EstimateBreakdown {
  const length = input.title.length + input.body.length;
  const text = TEXT_LENGTH_STEPS.filter((step) => length > step).length;
  const fileCount = new Set(input.files).size;
  const files = FILE_COUNT_STEPS.filter((step) => fileCount > step).length;
  const action = ACTION_POINTS[input.action?.toUpperCase() ?? ''] ?? 0;
  const languages = input.tags.filter((t) => LANGUAGES.has(t)).length;
  const tags = input.tags.reduce((sum, t) => sum + (TAG_POINTS[t] ?? 0), 0) + (languages > 1 ? 1 : 0);
  return { text, files, action, tags, total: Math.max(0, text + files + action + tags) };
}

export function estimateTask(input: EstimateInput): Estimate {
  const { total } = estimateBreakdown(input);
  const complexity = Math.min(5, 1 + Math.floor(total / 2));
  return { complexity, estimateMs: MINUTES_BY_COMPLEXITY[complexity - 1]! * 60_000 };
}
