/**
 * Which files are PRPs: the `prpOrchestrator.prpGlobs` setting, checked, with the documented defaults when it
 * is unset or unusable. Free of `vscode`.
 */

/** The setting that lists PRP file globs, under the `prpOrchestrator` section. */
export const PRP_GLOBS_SETTING = 'prpGlobs';

/** Globs used when the setting is unset, empty or not a list of strings. */
export const DEFAULT_PRP_GLOBS: readonly string[] = ['**/PRPs/**/*.md', '**/*.prp.md', '**/.claude/PRPs/**'];

/** The usable globs in a setting value: non-empty strings, trimmed, without repeats; the defaults otherwise. */
export function normalizeGlobs(value: unknown): string[] {
  if (!Array.isArray(value)) return [...DEFAULT_PRP_GLOBS];
  const globs = [...new Set(value.filter((g): g is string => typeof g === 'string').map((g) => g.trim()).filter((g) => g.length > 0))];
  return globs.length > 0 ? globs : [...DEFAULT_PRP_GLOBS];
}

/**
 * One glob that matches any of `globs`, for a file search (`workspace.findFiles` takes a single pattern;
 * brace groups cannot nest, so a glob that holds braces itself is dropped with the others kept).
 */
export function combinedGlob(globs: readonly string[]): string {
  const flat = globs.filter((g) => !g.includes('{') && !g.includes('}'));
  const usable = flat.length > 0 ? flat : [...DEFAULT_PRP_GLOBS];
  return usable.length === 1 ? usable[0]! : `{${usable.join(',')}}`;
}
