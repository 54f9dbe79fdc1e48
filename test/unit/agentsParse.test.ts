import { describe, expect, it } from 'vitest';
import { BUILTIN_AGENT, isAgentWarning, parseAgentDefinition } from '../../src/orchestrator/agents';
import { splitTools } from '../../src/orchestrator/agents/schema';

const parse = (text: string) => parseAgentDefinition(text, '/repo/.claude/agents/x.md', 'project');

describe('parseAgentDefinition', () => {
  it('reads name, description, tools, model and the body as the prompt', () => {
    const result = parse('---\nname: api\ndescription: Builds APIs.\ntools: Read, Write\nmodel: sonnet\n---\n\nYou build APIs.\n');
    expect(result).toEqual({
      name: 'api',
      description: 'Builds APIs.',
      tools: ['Read', 'Write'],
      model: 'sonnet',
      prompt: 'You build APIs.',
      source: 'project',
      path: '/repo/.claude/agents/x.md',
    });
  });

  it('takes identity from the frontmatter name, not the file name', () => {
    const result = parseAgentDefinition('---\nname: real-name\n---\nbody', '/a/file-name.md', 'user');
    expect(isAgentWarning(result) ? undefined : result.name).toBe('real-name');
  });

  it('accepts tools as a YAML list and leaves tools undefined when absent or empty', () => {
    const list = parse('---\nname: a\ntools:\n  - Read\n  - Grep\n---\n');
    const none = parse('---\nname: a\n---\n');
    const empty = parse('---\nname: a\ntools: ""\n---\n');
    expect(isAgentWarning(list) ? [] : list.tools).toEqual(['Read', 'Grep']);
    expect(isAgentWarning(none) ? 'warning' : none.tools).toBeUndefined();
    expect(isAgentWarning(empty) ? 'warning' : empty.tools).toBeUndefined();
  });

  it('keeps commas inside a tool pattern', () => {
    expect(splitTools('Read, Bash(git log:*, git diff:*), Grep')).toEqual(['Read', 'Bash(git log:*, git diff:*)', 'Grep']);
  });

  it('reads a plain description that contains ": " the way Claude Code does', () => {
    const result = parse('---\nname: planner\ndescription: Plans work: splits features. Use when: large.\n---\nbody');
    expect(isAgentWarning(result) ? result.message : result.description).toBe('Plans work: splits features. Use when: large.');
  });

  it('handles CRLF line endings and a byte-order mark', () => {
    const result = parse('\uFEFF---\r\nname: win\r\ndescription: d\r\n---\r\nline 1\r\nline 2\r\n');
    expect(isAgentWarning(result) ? result.message : result.prompt).toBe('line 1\nline 2');
  });

  it.each([
    ['no frontmatter', '# Notes\n\ntext', /no YAML frontmatter/],
    ['no name', '---\ndescription: d\n---\nbody', /no `name`/],
    ['broken YAML', '---\nname: x\ndescription: [unclosed\n---\n', /not valid YAML/],
    ['a scalar frontmatter', '---\njust text\n---\n', /not a set of `key: value` lines/],
    ['tools of the wrong type', '---\nname: x\ntools: 42\n---\n', /`tools` must be/],
    ['an unclosed fence', '---\nname: x\nbody', /no YAML frontmatter/],
  ])('gives a warning naming the file for %s', (_label, text, pattern) => {
    const result = parse(text);
    expect(isAgentWarning(result)).toBe(true);
    if (!isAgentWarning(result)) return;
    expect(result.path).toBe('/repo/.claude/agents/x.md');
    expect(result.message).toContain('/repo/.claude/agents/x.md');
    expect(result.message).toMatch(pattern);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['', '---', '---\n---', '---\n: :\n---', '\u0000\u0001---\nname: [\n---', '---\nname: 5\n---']) {
      expect(() => parse(text)).not.toThrow();
    }
  });
});

describe('BUILTIN_AGENT', () => {
  it('is a general-purpose agent with a prompt and all default tools', () => {
    expect(BUILTIN_AGENT.name).toBe('general-purpose');
    expect(BUILTIN_AGENT.source).toBe('builtin');
    expect(BUILTIN_AGENT.tools).toBeUndefined();
    expect(BUILTIN_AGENT.prompt.length).toBeGreaterThan(100);
  });
});
