/** The stream-json parser and its line splitter, against the real CLI output in ../shared/claude-cli-samples. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClaudeStreamParser, LineSplitter, parseClaudeStream, type ParsedStream } from '../../src/orchestrator/runners';

const SAMPLES = resolve(__dirname, '../../../shared/claude-cli-samples');
const haveSamples = existsSync(SAMPLES);

function sample(name: string): string {
  return readFileSync(join(SAMPLES, name), 'utf8');
}

/** What each captured file contains, read off the files themselves. */
const FACTS: Record<string, Partial<{ costUsd: number; turns: number; sessionId: string; isError: boolean; subtype: string; files: string[]; commands: string[]; denied: string[]; apiStatus: number; errors: string[]; noResult: boolean; garbage: number; unknown: number }>> = {
  '01-success-write-bash.stream.jsonl': { costUsd: 0.00396, turns: 3, sessionId: 'edfe08b4-88ae-4640-819c-678f7a8547d6', isError: false, subtype: 'success', files: ['hello.txt'], commands: ['cat hello.txt'], denied: [] },
  '02-permission-denied.stream.jsonl': { costUsd: 0.006600000000000001, turns: 3, sessionId: '97369d07-d641-4067-86d5-beb36f30353b', isError: false, files: [], commands: ['cat hello.txt'], denied: ['Write hello.txt'] },
  '03-error-max-turns.stream.jsonl': { costUsd: 0.0074, turns: 3, sessionId: 'b0f4e2b7-e4c8-420c-a35e-f28b6febaa26', isError: true, subtype: 'error_max_turns', files: [], commands: ['echo turn0', 'echo turn1'], errors: ['Reached maximum number of turns (2)'] },
  '03b-error-max-turns.output-format-json.json': { costUsd: 0.0098, turns: 3, sessionId: '722d6da3-ef21-4ad2-be37-900584e64ac2', isError: true, subtype: 'error_max_turns', errors: ['Reached maximum number of turns (2)'] },
  '04-subagent-from-claude-agents-file.stream.jsonl': { costUsd: 0.03488, turns: 2, sessionId: '2d17da03-6985-44ec-a9f9-3e3f4a15a0a9', isError: false, commands: ['echo from-subagent'], files: [] },
  '05-api-error-400.stream.jsonl': { costUsd: 0, turns: 1, isError: true, subtype: 'success', apiStatus: 400, sessionId: '1c6de736-0730-4bcb-9504-e28868a5c865' },
  '06-not-logged-in.stream.jsonl': { costUsd: 0, isError: true, subtype: 'success', sessionId: '3073e563-0cf2-426a-b5ad-eb77ca239f52' },
  '07-resume-unknown-session.stream.jsonl': { costUsd: 0, turns: 0, isError: true, subtype: 'error_during_execution', errors: ['No conversation found with session ID: 11111111-1111-1111-1111-111111111111'] },
  '08-stream-json-input-two-turns.stream.jsonl': { costUsd: 0.0302, turns: 1, sessionId: '4c28c814-5bb3-4068-8443-b9d44b39fe7e', isError: false },
  '09-success.output-format-json.json': { costUsd: 0.019200000000000002, turns: 3, sessionId: 'b2eb9f73-2d78-4619-897f-e53a2d42b826', isError: false },
  '10-cli-to-sdk.stdout.jsonl': { costUsd: 0.007200000000000001, turns: 3, sessionId: '5c97ae41-45b1-4ac3-b764-134fd71de318', isError: false, files: ['hello.txt'], commands: ['cat hello.txt'], unknown: 3 },
  '10-sdk-spawn-argv.txt': { noResult: true, garbage: 11 },
  '10-sdk-to-cli.stdin.jsonl': { noResult: true, unknown: 3 },
  '11-success-write-bash.cli-2.1.330.stream.jsonl': { costUsd: 0.03696, turns: 3, sessionId: '3ffe834f-81d8-4b16-be9b-996bd84fb540', isError: false, files: ['hello.txt'], commands: ['cat hello.txt'] },
};

function checkFacts(parsed: ParsedStream, facts: (typeof FACTS)[string]): void {
  if (facts.noResult) expect(parsed.result).toBeUndefined();
  else expect(parsed.result).toBeDefined();
  const r = parsed.result;
  if (facts.costUsd !== undefined) expect(r?.costUsd).toBe(facts.costUsd);
  if (facts.turns !== undefined) expect(r?.numTurns).toBe(facts.turns);
  if (facts.sessionId !== undefined) expect(r?.sessionId).toBe(facts.sessionId);
  if (facts.isError !== undefined) expect(r?.isError).toBe(facts.isError);
  if (facts.subtype !== undefined) expect(r?.subtype).toBe(facts.subtype);
  if (facts.apiStatus !== undefined) expect(r?.apiErrorStatus).toBe(facts.apiStatus);
  if (facts.errors !== undefined) expect(r?.errors).toEqual(facts.errors);
  if (facts.files !== undefined) expect(parsed.filesChanged).toEqual(facts.files);
  if (facts.commands !== undefined) expect(parsed.commands).toEqual(facts.commands);
  if (facts.denied !== undefined) expect(r?.permissionDenials.map((d) => `${d.toolName} ${d.target}`)).toEqual(facts.denied);
  if (facts.garbage !== undefined) expect(parsed.garbageLines).toBe(facts.garbage);
  if (facts.unknown !== undefined) expect(parsed.unknownLines).toBe(facts.unknown);
}

describe.skipIf(!haveSamples)('parsing the captured CLI samples', () => {
  const files = haveSamples ? readdirSync(SAMPLES).filter((f) => f !== 'README.md') : [];

  it('has facts for every sample file, so a new capture is not silently ignored', () => {
    expect(files.sort()).toEqual(Object.keys(FACTS).sort());
  });

  it.each(files)('%s: extracts what the file holds', (file) => {
    const progress: string[] = [];
    const parsed = parseClaudeStream(sample(file), { onProgress: (m) => progress.push(m) });
    checkFacts(parsed, FACTS[file]!);
    for (const message of progress) expect(message.length).toBeLessThanOrEqual(220);
  });

  it.each(files)('%s: gives the same result however the output is chunked', (file) => {
    const text = sample(file);
    const whole = parseClaudeStream(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length }), { maxLength: 12 }), (cuts) => {
        const parser = new ClaudeStreamParser();
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        for (let i = 1; i < points.length; i++) parser.push(text.slice(points[i - 1], points[i]));
        parser.end();
        expect(parser.snapshot()).toEqual(whole);
      }),
      { numRuns: 20 },
    );
  });

  it('reports init, text, tool uses and subagents as short progress lines', () => {
    const progress: string[] = [];
    parseClaudeStream(sample('01-success-write-bash.stream.jsonl'), { onProgress: (m) => progress.push(m) });
    expect(progress).toEqual(['Claude Code 2.1.197 started (model claude-sonnet-4-5)', "I'll create the file first.", 'write hello.txt', 'ran: cat hello.txt', 'Done. Created hello.txt and verified its contents.']);
    const sub: string[] = [];
    parseClaudeStream(sample('04-subagent-from-claude-agents-file.stream.jsonl'), { onProgress: (m) => sub.push(m) });
    expect(sub).toContain('delegated to prp-implementer: Implement task 1');
    expect(sub).toContain('subagent prp-implementer started: Implement task 1');
    expect(sub).toContain('subagent completed: Implement task 1');
  });

  it('reads the init line and the last model', () => {
    const parsed = parseClaudeStream(sample('11-success-write-bash.cli-2.1.330.stream.jsonl'));
    expect(parsed.init).toMatchObject({ version: '2.1.330', model: 'claude-opus-5-5', cwd: '/home/dev/work/proj', permissionMode: 'default' });
    expect(parsed.init?.tools).toContain('Write');
    expect(parsed.model).toBe('claude-opus-5-5');
  });
});

describe('ClaudeStreamParser on odd input', () => {
  it('ignores garbage, unknown types and fields, and reads fields in any order', () => {
    const text = [
      'plain text',
      '{"type":',
      '42',
      '{"no":"type"}',
      '{"type":"brand_new","x":1}',
      '{"type":"assistant","message":{"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"hi"}]},"extra":[1,2]}',
      '{"usage":{"output_tokens":7},"num_turns":2,"total_cost_usd":0.5,"is_error":false,"type":"result","subtype":"success","result":"ok","new_field":{}}',
    ].join('\r\n');
    const parsed = parseClaudeStream(text);
    expect(parsed).toMatchObject({ lines: 7, garbageLines: 4, unknownLines: 1, lastText: 'hi' });
    expect(parsed.result).toMatchObject({ isError: false, costUsd: 0.5, numTurns: 2, text: 'ok', usage: { outputTokens: 7, inputTokens: 0 } });
  });

  it('counts a write only once its tool call succeeded, relative to the working directory', () => {
    const use = (id: string, name: string, input: object): string => JSON.stringify({ type: 'assistant', message: { content: [{ type: 'tool_use', id, name, input }] } });
    const done = (id: string, isError: boolean): string => JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: id, is_error: isError, content: [{ type: 'text', text: 'nope' }] }] } });
    const lines = [
      use('a', 'Write', { file_path: '/w/src/a.ts' }),
      done('a', false),
      use('b', 'Edit', { file_path: '/w/src/b.ts' }),
      done('b', true),
      use('c', 'NotebookEdit', { notebook_path: '/elsewhere/n.ipynb' }),
      done('c', false),
      use('d', 'MultiEdit', { file_path: 'rel/d.ts' }),
    ];
    const progress: string[] = [];
    const parsed = parseClaudeStream(lines.join('\n'), { cwd: '/w', onProgress: (m) => progress.push(m) });
    expect(parsed.filesChanged).toEqual(['src/a.ts', '/elsewhere/n.ipynb']);
    expect(progress).toContain('Edit failed: nope');
  });

  it('reports the CLI\'s own API retries (system/api_retry, CLI 2.1.197 fields)', () => {
    const progress: string[] = [];
    const retry = (fields: object): string => JSON.stringify({ type: 'system', subtype: 'api_retry', session_id: 's', uuid: 'u', ...fields });
    parseClaudeStream([retry({ attempt: 1, max_retries: 10, retry_delay_ms: 2300, error_status: 529, error: 'overloaded' }), retry({ attempt: 2, max_retries: 10, retry_delay_ms: 500, error_status: null, error: 'unknown' })].join('\n'), { onProgress: (m) => progress.push(m) });
    expect(progress).toEqual(['API error 529 (overloaded); Claude Code retries in 2.3 s (attempt 1 of 10)', 'API error; Claude Code retries in 0.5 s (attempt 2 of 10)']);
  });

  it('takes cost from any line and tells whether it came from a result', () => {
    const costs: Array<[number, boolean]> = [];
    parseClaudeStream('{"type":"system","subtype":"status","total_cost_usd":0.1}\n{"type":"result","is_error":false,"total_cost_usd":0.3}\n', { onCost: (c, final) => costs.push([c, final]) });
    expect(costs).toEqual([
      [0.1, false],
      [0.3, true],
    ]);
  });

  it('drops a line over the limit with a note, and keeps parsing after it', () => {
    const progress: string[] = [];
    const big = JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'x'.repeat(5000) }] } });
    const parser = new ClaudeStreamParser({ maxLineChars: 1000, onProgress: (m) => progress.push(m) });
    for (let i = 0; i < big.length; i += 333) parser.push(big.slice(i, i + 333));
    parser.push('\n{"type":"result","is_error":false,"result":"fine"}\n');
    parser.end();
    expect(parser.snapshot()).toMatchObject({ droppedLines: 1, lines: 1, result: { text: 'fine' } });
    expect(progress[0]).toMatch(/^skipped an output line of 0\.0 MB \(over the 0\.0 MB line limit\)$/);
  });
});

describe('LineSplitter', () => {
  function split(chunks: string[], max = 1000): { lines: string[]; dropped: number[] } {
    const lines: string[] = [];
    const dropped: number[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), (n) => dropped.push(n), max);
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    return { lines, dropped };
  }

  it('joins partial chunks, strips CR, and flushes a last line without newline', () => {
    expect(split(['ab', 'c\nd', 'e\r\n', '\nf'])).toEqual({ lines: ['abc', 'de', '', 'f'], dropped: [] });
  });

  it('drops lines longer than the limit, whether they arrive whole or in pieces', () => {
    expect(split(['x'.repeat(12) + '\nok\n'], 10)).toEqual({ lines: ['ok'], dropped: [12] });
    expect(split(['x'.repeat(6), 'x'.repeat(6), 'x'.repeat(6), '\nok'], 10)).toEqual({ lines: ['ok'], dropped: [18] });
    expect(split(['x'.repeat(15)], 10)).toEqual({ lines: [], dropped: [15] });
  });

  it('yields the same lines as a plain split for any chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z{}":\r]{0,8}$/), { maxLength: 10 }), fc.array(fc.nat(100), { maxLength: 6 }), (lines, cuts) => {
        const text = lines.join('\n');
        const points = [0, ...cuts.map((c) => Math.min(c, text.length)).sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((p, i) => text.slice(points[i], p));
        const expected = text === '' ? [] : text.split('\n').map((l) => l.replace(/\r$/, ''));
        if (text.endsWith('\n')) expected.pop();
        expect(split(chunks).lines).toEqual(expected);
      }),
    );
  });
});
