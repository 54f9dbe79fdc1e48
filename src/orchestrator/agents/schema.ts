import { z } from 'zod';

/** Splits `Read, Grep, Bash(git diff:*)` on commas that are not inside a tool's parentheses. */
export function splitTools(value: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      tools.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  tools.push(current);
  return tools.map((t) => t.trim()).filter((t) => t.length > 0);
}

const optionalText = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The frontmatter fields Claude Code reads from a subagent file. Other keys (`color`, `category`, ...) are
 * allowed and ignored, because definitions written for other tools carry them too.
 */
export const agentFrontmatterSchema = z.object({
  name: z.string().trim().min(1),
  description: optionalText,
  tools: z
    .union([z.string(), z.array(z.string()), z.null()])
    .optional()
    .transform((v) => {
      if (v === null || v === undefined) return undefined;
      const list = typeof v === 'string' ? splitTools(v) : v.flatMap(splitTools);
      // An empty `tools:` means the same as no `tools:` to Claude Code: inherit every tool.
      return list.length > 0 ? list : undefined;
    }),
  model: optionalText,
});

export type AgentFrontmatter = z.infer<typeof agentFrontmatterSchema>;

const FIELD_HINTS: Record<string, string> = {
  name: 'a non-empty text such as `name: code-reviewer`',
  description: 'text',
  tools: 'a comma-separated text such as `tools: Read, Grep` or a list of tool names',
  model: 'text such as `model: sonnet`',
};

/** Turns zod's issues into one sentence naming the fields and what each should hold. */
export function describeIssues(error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((issue) => String(issue.path[0] ?? 'frontmatter')))];
  return fields
    .map((field) => `\`${field}\` must be ${FIELD_HINTS[field] ?? 'valid'}`)
    .join('; ');
}
