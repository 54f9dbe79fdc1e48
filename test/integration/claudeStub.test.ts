import { afterEach, describe, expect, it } from 'vitest';
import { apiError, byTurn, reply, text, toolUse } from '../fixtures/anthropic-stub/script';
import type { StubScript } from '../fixtures/anthropic-stub/script';
import { startAnthropicStub } from '../fixtures/anthropic-stub/server';
import type { AnthropicStub } from '../fixtures/anthropic-stub/server';

// The stand-in Messages API itself, over plain HTTP: the real-CLI tests rely on its framing being the
// API's, so a regression here should show as a clear failure, not as a CLI that hangs.

let stub: AnthropicStub | undefined;

afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

async function start(script: StubScript): Promise<AnthropicStub> {
  stub = await startAnthropicStub({ script });
  return stub;
}

const TOOLS = [{ name: 'Write', input_schema: { type: 'object' } }];

function post(url: string, body: unknown): Promise<Response> {
  return fetch(`${url}/v1/messages?beta=true`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Parses server-sent events into `[event, data]` pairs, checking that each `event:` matches its data's type. */
function parseSse(body: string): Array<{ event: string; data: Record<string, unknown> }> {
  return body
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? 'null') as Record<string, unknown>;
      return { event, data };
    });
}

describe('anthropic stub', () => {
  it('streams text and tool_use blocks in the Messages API event format', async () => {
    const s = await start(byTurn([reply(text('Writing.'), toolUse('Write', { file_path: '/tmp/x.txt', content: 'a "quoted" line\n' }))]));
    const res = await post(s.url, { model: 'claude-sonnet-4-5', stream: true, tools: TOOLS, messages: [{ role: 'user', content: 'go' }] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await res.text());
    for (const e of events) expect(e.data.type).toBe(e.event);
    expect(events[0]!.event).toBe('message_start');
    expect(events.at(-2)!.data).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 100 } });
    expect(events.at(-1)!.event).toBe('message_stop');
    // Reassemble the blocks as a client does: text deltas concatenated, tool input from partial JSON.
    const blocks: Array<{ type: string; text?: string; name?: string; json?: string }> = [];
    for (const { data } of events) {
      if (data.type === 'content_block_start') blocks[data.index as number] = { ...(data.content_block as object), type: (data.content_block as { type: string }).type, json: '' };
      if (data.type === 'content_block_delta') {
        const delta = data.delta as { type: string; text?: string; partial_json?: string };
        const block = blocks[data.index as number]!;
        if (delta.type === 'text_delta') block.text += delta.text ?? '';
        else block.json += delta.partial_json ?? '';
      }
    }
    expect(blocks[0]).toMatchObject({ type: 'text', text: 'Writing.' });
    expect(blocks[1]).toMatchObject({ type: 'tool_use', name: 'Write' });
    expect(JSON.parse(blocks[1]!.json!)).toEqual({ file_path: '/tmp/x.txt', content: 'a "quoted" line\n' });
  });

  it('answers non-streaming calls with one message and side calls (no tools) without the script', async () => {
    const seen: string[] = [];
    const s = await start((call) => {
      seen.push(call.prompt);
      return reply(text('agent'));
    });
    const agent = await post(s.url, { model: 'm', tools: TOOLS, messages: [{ role: 'user', content: [{ type: 'text', text: '<system-reminder>ctx</system-reminder>' }, { type: 'text', text: 'the task' }] }] });
    expect(await agent.json()).toMatchObject({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'agent' }], stop_reason: 'end_turn' });
    const side = await post(s.url, { model: 'claude-haiku', messages: [{ role: 'user', content: 'title please' }] });
    expect(await side.json()).toMatchObject({ content: [{ type: 'text', text: 'OK' }] });
    expect(seen).toEqual(['the task']);
    const count = await fetch(`${s.url}/v1/messages/count_tokens`, { method: 'POST', body: JSON.stringify({ messages: [] }) });
    expect(await count.json()).toEqual({ input_tokens: expect.any(Number) });
    const head = await fetch(`${s.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(s.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual(['POST /v1/messages', 'POST /v1/messages', 'POST /v1/messages/count_tokens', 'HEAD /']);
  });

  it('injects API errors in the API envelope, with retry-after', async () => {
    const s = await start(() => apiError(429, 'slow down', { retryAfterSeconds: 2 }));
    const res = await post(s.url, { model: 'm', stream: true, tools: TOOLS, messages: [] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } });
    expect(s.calls[0]!.reply).toMatchObject({ type: 'error', status: 429 });
  });

  it('reports a script that throws as a 500 and in scriptErrors, and close() ends a hung reply', async () => {
    const s = await start((call) => {
      if (call.index === 0) throw new Error('boom');
      return { type: 'hang' };
    });
    const failed = await post(s.url, { model: 'm', tools: TOOLS, messages: [] });
    expect(failed.status).toBe(500);
    expect(s.scriptErrors).toHaveLength(1);
    const hung = await post(s.url, { model: 'm', stream: true, tools: TOOLS, messages: [] });
    expect(hung.status).toBe(200);
    const reading = hung.text().then(
      () => 'ended',
      () => 'ended',
    );
    await s.close();
    stub = undefined;
    expect(await reading).toBe('ended');
  });
});
