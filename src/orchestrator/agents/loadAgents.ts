import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AgentProfile, AgentSource } from '../model';
import { BUILTIN_AGENT } from './builtin';
import { compareText, listMarkdownFiles, projectAgentDirs } from './discover';
import type { AgentWarning } from './parseAgentDefinition';
import { isAgentWarning, parseAgentDefinition } from './parseAgentDefinition';

export interface LoadAgentsOptions {
  /** The workspace whose `.claude/agents` folder is searched first. */
  workspaceDir: string;
  /**
   * Folders to read instead of the default `.claude/agents` search, highest precedence first; relative
   * paths are resolved against `workspaceDir`. Default: the workspace's `.claude/agents` and, when
   * `includeAncestors` is true, those of its ancestors, nearest first.
   */
  agentsDirs?: string[];
  /** The user's own agents, which lose every name clash with project agents. Default `~/.claude/agents`; `null` disables. */
  userAgentsDir?: string | null;
  /** Also search the `.claude/agents` of every ancestor of `workspaceDir`. Default `true`. */
  includeAncestors?: boolean;
}

export interface LoadedAgents {
  /** Sorted by name; `[BUILTIN_AGENT]` when no definition was found. */
  agents: AgentProfile[];
  /** Files and folders that were skipped, each with what to do about it. */
  warnings: AgentWarning[];
}

/**
 * Loads Claude Code subagent definitions with Claude Code's precedence: project folders (nearest first) over
 * the user folder. Never throws for bad files; they become warnings.
 */
export async function loadAgents(options: LoadAgentsOptions): Promise<LoadedAgents> {
  const warnings: AgentWarning[] = [];
  const byName = new Map<string, AgentProfile>();
  for (const { dir, source } of searchOrder(options)) {
    for (const agent of await loadFolder(dir, source, warnings)) {
      // Folders come highest precedence first, so the first definition of a name is the one that counts.
      if (!byName.has(agent.name)) byName.set(agent.name, agent);
    }
  }
  const agents = [...byName.values()].sort((a, b) => compareText(a.name, b.name));
  return { agents: agents.length > 0 ? agents : [BUILTIN_AGENT], warnings };
}

function searchOrder(options: LoadAgentsOptions): Array<{ dir: string; source: AgentSource }> {
  const workspace = path.resolve(options.workspaceDir);
  const projectDirs = options.agentsDirs
    ? options.agentsDirs.map((dir) => path.resolve(workspace, dir))
    : projectAgentDirs(workspace, options.includeAncestors ?? true);
  const userDir = options.userAgentsDir === undefined ? path.join(os.homedir(), '.claude', 'agents') : options.userAgentsDir;
  const resolvedUser = userDir === null ? undefined : path.resolve(userDir);
  // A workspace inside the home folder has the user folder among its ancestors: read it once, as the user's.
  const order = [...new Set(projectDirs)]
    .filter((dir) => dir !== resolvedUser)
    .map((dir) => ({ dir, source: 'project' as AgentSource }));
  if (resolvedUser) order.push({ dir: resolvedUser, source: 'user' });
  return order;
}

async function loadFolder(dir: string, source: AgentSource, warnings: AgentWarning[]): Promise<AgentProfile[]> {
  const agents: AgentProfile[] = [];
  const seen = new Map<string, string>();
  for (const file of await listMarkdownFiles(dir, warnings)) {
    const parsed = await readDefinition(file, source);
    if (isAgentWarning(parsed)) {
      warnings.push(parsed);
      continue;
    }
    const first = seen.get(parsed.name);
    if (first !== undefined) {
      warnings.push({ path: file, message: `${file} defines the agent "${parsed.name}" again (first defined in ${first}); it was skipped. Rename one of them or delete the copy.` });
      continue;
    }
    seen.set(parsed.name, file);
    agents.push(parsed);
  }
  return agents;
}

async function readDefinition(file: string, source: AgentSource): Promise<AgentProfile | AgentWarning> {
  try {
    return parseAgentDefinition(await fs.readFile(file, 'utf8'), file, source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { path: file, message: `${file} could not be read (${code}); the agent was skipped. Check the file's permissions.` };
  }
}
