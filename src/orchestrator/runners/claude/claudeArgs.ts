import type { AgentProfile } from '../../model';

/** Permission modes of Claude Code 2.x; newer CLIs may add more, which pass through as strings. */
export type ClaudePermissionMode = 'default' | 'acceptEdits' | 'plan' | 'bypassPermissions' | 'dontAsk' | (string & {});

/** Everything that decides the argv of one `claude` process. */
export interface ClaudeArgsInput {
  agent: AgentProfile;
  /** The prompt for this process: the task prompt, or a short "continue" on a resumed session. */
  prompt: string;
  permissionMode: ClaudePermissionMode;
  maxTurns?: number;
  /** The model for an agent whose definition names none (or `inherit`). */
  defaultModel?: string;
  /** Passed as `--max-budget-usd` (the CLI stops itself and reports `error_max_budget_usd`). */
  budgetUsd?: number;
  resumeSessionId?: string;
  extraArgs?: readonly string[];
  /** Where the prompt goes: stdin (default, no size limit, not visible in `ps`) or the command line. */
  promptVia?: 'stdin' | 'argument';
}

/**
 * The argv (without the executable) and the stdin text for one `claude -p` process. Never a shell: each
 * value is one argv element, so nothing in a PRP or an agent file can inject shell syntax.
 *
 * `--allowedTools` takes a variadic list in the CLI (commander), so it would swallow a positional prompt
 * after it; the prompt therefore goes on stdin, or after a `--` that ends option parsing. Tools are joined
 * with commas in one element, as the Agent SDK passes them.
 */
export function buildClaudeArgs(input: ClaudeArgsInput): { args: string[]; stdin: string } {
  const args = ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', input.permissionMode];
  if (input.maxTurns !== undefined) args.push('--max-turns', String(input.maxTurns));
  if (input.budgetUsd !== undefined) args.push('--max-budget-usd', String(input.budgetUsd));
  const own = input.agent.model?.trim();
  // `inherit` is how a subagent definition says "the session's model": for a top-level run that is the default.
  const model = own !== undefined && own !== '' && own !== 'inherit' ? own : input.defaultModel?.trim();
  if (model !== undefined && model !== '') args.push('--model', model);
  const systemPrompt = input.agent.prompt.trim();
  if (systemPrompt !== '') args.push('--append-system-prompt', systemPrompt);
  const tools = (input.agent.tools ?? []).map((tool) => tool.trim()).filter((tool) => tool !== '');
  if (tools.length > 0) args.push('--allowedTools', tools.join(','));
  if (input.resumeSessionId !== undefined) args.push('--resume', input.resumeSessionId);
  args.push(...(input.extraArgs ?? []));
  if (input.promptVia === 'argument') {
    args.push('--', input.prompt);
    return { args, stdin: '' };
  }
  return { args, stdin: input.prompt };
}
