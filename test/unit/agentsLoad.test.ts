import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_AGENT, loadAgents } from '../../src/orchestrator/agents';

const fixtures = path.resolve(__dirname, '../fixtures/agents');
const project = path.join(fixtures, 'tree/project');
const userHome = path.join(fixtures, 'user-home');
const names = (agents: Array<{ name: string }>) => agents.map((a) => a.name);

describe('loadAgents', () => {
  const temps: string[] = [];
  afterEach(async () => {
    await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('loads the workspace, its ancestors and the user folder, sorted by name', async () => {
    const { agents } = await loadAgents({ workspaceDir: project, userAgentsDir: userHome });
    const found = names(agents);
    expect(found).toEqual([...found].sort());
    for (const name of ['nested-agent', 'personal-assistant', 'planner', 'reviewer', 'shared-helper', 'ui-builder', 'windows-agent']) {
      expect(found).toContain(name);
    }
    expect(found).not.toContain('not-an-agent');
  });

  it('lets the nearest project definition win over ancestors and the user folder', async () => {
    const { agents } = await loadAgents({ workspaceDir: project, userAgentsDir: userHome });
    const reviewer = agents.find((a) => a.name === 'reviewer');
    expect(reviewer?.description).toBe('Project reviewer.');
    expect(reviewer?.source).toBe('project');
    expect(reviewer?.tools).toEqual(['Read', 'Grep', 'Glob']);
    expect(reviewer?.model).toBe('opus');
    expect(agents.find((a) => a.name === 'personal-assistant')?.source).toBe('user');
  });

  it('skips bad files with a warning that names the file, the problem and the fix', async () => {
    const { agents, warnings } = await loadAgents({ workspaceDir: project, userAgentsDir: null, includeAncestors: false });
    const byFile = new Map(warnings.map((w) => [path.basename(w.path), w.message]));
    expect(byFile.get('broken-yaml.md')).toMatch(/not valid YAML.*Fix the YAML/);
    expect(byFile.get('no-name.md')).toMatch(/no `name`.*Add `name:/);
    expect(byFile.get('no-frontmatter.md')).toMatch(/no YAML frontmatter/);
    expect(byFile.get('bad-tools.md')).toMatch(/`tools` must be/);
    expect(byFile.get('zz-ui-copy.md')).toMatch(/again.*ui\.md/);
    expect(names(agents)).not.toContain('broken');
    expect(agents.find((a) => a.name === 'ui-builder')?.description).toBe('Builds UI: components and styles.');
  });

  it('stays inside the workspace when includeAncestors is false', async () => {
    const { agents } = await loadAgents({ workspaceDir: project, userAgentsDir: null, includeAncestors: false });
    expect(names(agents)).not.toContain('shared-helper');
  });

  it('reads agentsDirs instead of the default search, first folder winning', async () => {
    const { agents } = await loadAgents({ workspaceDir: fixtures, agentsDirs: ['user-home', 'tree/.claude/agents'], userAgentsDir: null });
    expect(names(agents)).toEqual(['personal-assistant', 'reviewer', 'shared-helper']);
    expect(agents.find((a) => a.name === 'reviewer')?.description).toMatch(/user's reviewer/);
  });

  it('falls back to the built-in agent when nothing is found', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'agents-empty-'));
    temps.push(empty);
    const result = await loadAgents({ workspaceDir: empty, userAgentsDir: null, includeAncestors: false });
    expect(result.agents).toEqual([BUILTIN_AGENT]);
    expect(result.warnings).toEqual([]);
  });

  it('warns about a definition that cannot be read', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'agents-unreadable-'));
    temps.push(dir);
    await writeFile(path.join(dir, 'ok.md'), '---\nname: ok\n---\nbody');
    await symlink(path.join(dir, 'missing-target.md'), path.join(dir, 'dangling.md'));
    const { agents, warnings } = await loadAgents({ workspaceDir: dir, agentsDirs: [dir], userAgentsDir: null });
    expect(names(agents)).toEqual(['ok']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/dangling\.md could not be read \(ENOENT\)/);
  });

  it('gives the same result on every call', async () => {
    const a = await loadAgents({ workspaceDir: project, userAgentsDir: userHome });
    const b = await loadAgents({ workspaceDir: project, userAgentsDir: userHome });
    expect(b).toEqual(a);
  });
});
