import type { AgentProfile, AgentSource } from '../model';
import { FrontmatterError, parseFrontmatterYaml, splitFrontmatter } from './frontmatter';
import { agentFrontmatterSchema, describeIssues } from './schema';

/** Why a definition file was skipped, for the person who owns it. */
export interface AgentWarning {
  path: string;
  /** What is wrong and what to do about it. */
  message: string;
}

/** True for the warning branch of {@link parseAgentDefinition}'s result. */
export function isAgentWarning(value: AgentProfile | AgentWarning): value is AgentWarning {
  return !('name' in value);
}

/**
 * Reads one Claude Code subagent file: YAML frontmatter (`name`, `description`, `tools`, `model`) and a
 * markdown body that is the system prompt. Never throws: a file Claude Code would ignore gives a warning.
 */
export function parseAgentDefinition(text: string, path: string, source: AgentSource): AgentProfile | AgentWarning {
  const { yaml, body } = splitFrontmatter(text);
  if (yaml === undefined) {
    return warn(path, 'has no YAML frontmatter, so Claude Code ignores it. Start the file with `---`, a line `name: <agent-name>`, a `description:` line and a closing `---`.');
  }
  let data: unknown;
  try {
    data = parseFrontmatterYaml(yaml);
  } catch (error) {
    const detail = error instanceof FrontmatterError ? error.message : String(error);
    return warn(path, `has frontmatter that is not valid YAML (${detail}). Fix the YAML between the \`---\` lines; quote values that contain \`: \`.`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return warn(path, 'has frontmatter that is not a set of `key: value` lines. Add `name: <agent-name>` and `description: ...`.');
  }
  if (!('name' in data) || data.name === undefined || data.name === null) {
    return warn(path, 'has no `name` in its frontmatter, so Claude Code ignores it. Add `name: <agent-name>`: the name, not the file name, is the agent\'s identity.');
  }
  const parsed = agentFrontmatterSchema.safeParse(data);
  if (!parsed.success) {
    return warn(path, `has invalid frontmatter: ${describeIssues(parsed.error)}.`);
  }
  const { name, description, tools, model } = parsed.data;
  const profile: AgentProfile = { name, description: description ?? '', prompt: body.trim(), source, path };
  if (tools) profile.tools = tools;
  if (model) profile.model = model;
  return profile;
}

function warn(path: string, message: string): AgentWarning {
  return { path, message: `${path} ${message}` };
}
