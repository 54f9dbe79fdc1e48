import type { AgentProfile } from '../orchestrator/index';
import { parseCommandArgs } from './args';
import { EXIT_OK } from './errors';
import { makeStyle, plural, truncate } from './format';
import type { CliIo } from './io';
import { describeAgentWarning, loadAgentSet } from './prepare';
import type { LoadedAgents } from './prepare';

export const agentsHelp = `Usage: prp-orchestrator agents [options]

List the agents a run would use, and any definition files that were skipped and why.

Options:
  --agents-dir DIR   Read agent definitions (*.md) from DIR only; repeatable.
                     Default: .claude/agents in the current folder and its parents, and ~/.claude/agents.
  --json             Print {"agents":[...],"warnings":[...]} as one JSON object.
  -h, --help         Show this help.`;

const spec = {
  name: 'agents',
  maxPositionals: 0,
  options: {
    'agents-dir': { type: 'string', multiple: true },
    json: { type: 'boolean' },
  },
} as const;

export async function agentsCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(spec, argv);
  if (values.help) {
    io.out(agentsHelp);
    return EXIT_OK;
  }
  const loaded = await loadAgentSet(io, { agentsDirs: values['agents-dir'], workspaceDir: io.cwd });
  if (values.json) io.out(JSON.stringify({ agents: loaded.agents.map(agentJson), warnings: loaded.warnings }));
  else io.out(renderAgents(loaded, io.color));
  return EXIT_OK;
}

function agentJson(agent: AgentProfile) {
  return {
    name: agent.name,
    source: agent.source,
    model: agent.model ?? null,
    tools: agent.tools ?? null,
    description: agent.description,
    path: agent.path ?? null,
  };
}

function renderAgents(loaded: LoadedAgents, color: boolean): string {
  const style = makeStyle(color);
  const width = Math.max(4, ...loaded.agents.map((a) => a.name.length));
  const lines = [style.bold(plural(loaded.agents.length, 'agent'))];
  for (const agent of loaded.agents) {
    const facts = [agent.source, agent.model ?? 'default model', agent.tools ? `tools: ${agent.tools.join(', ')}` : 'all tools'];
    lines.push(`  ${style.cyan(agent.name.padEnd(width))}  ${style.dim(facts.join(' · '))}`);
    lines.push(`  ${' '.repeat(width)}  ${truncate(agent.description, 110)}`);
    if (agent.path) lines.push(`  ${' '.repeat(width)}  ${style.dim(agent.path)}`);
  }
  if (loaded.warnings.length > 0) {
    lines.push('', style.bold(plural(loaded.warnings.length, 'warning')));
    for (const w of loaded.warnings) lines.push(`  ${style.yellow(describeAgentWarning(w))}`);
  }
  return lines.join('\n');
}
