// POST /v1/chat/completions end to end with the official `openai` SDK as the client.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

let s: TestServer;
let client: OpenAI;
beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300', CHAT_API_KEYS: 'platform-key-1,platform-key-2' } });
  client = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'platform-key-2', maxRetries: 0 });
});
afterAll(async () => {
  await s?.cleanup();
});

describe('/v1/chat/completions', () => {
  it('non-stream: OpenAI shape plus citations and triage in `lawline`', async () => {
    const r = await client.chat.completions.create({ model: 'anything', messages: [{ role: 'system', content: '你是助手' }, { role: 'user', content: '离婚后孩子的抚养费怎么算？' }], temperature: 0.3 });
    expect(r.object).toBe('chat.completion');
    expect(r.choices[0].message.role).toBe('assistant');
    expect(r.choices[0].finish_reason).toBe('stop');
    const text = r.choices[0].message.content!;
    expect(text).toContain('以下内容根据相关法条自动整理');
    const extra = (r as unknown as { lawline: any }).lawline;
    expect(extra.type).toBe('answer_done');
    expect(extra.triage.domain).toBe('婚姻家庭');
    expect(extra.citations.some((c: { article: string }) => c.article === '第一千零八十五条')).toBe(true);
    expect(extra.conversationId).toMatch(/^c_/);
  });

  it('stream: chunks whose content joins to the answer; the last chunk carries `lawline`', async () => {
    const stream = await client.chat.completions.create({ model: 'x', stream: true, messages: [{ role: 'user', content: '朋友借钱不还怎么办' }] });
    let text = '';
    let last: any = null;
    let n = 0;
    for await (const chunk of stream) {
      n++;
      expect(chunk.object).toBe('chat.completion.chunk');
      text += chunk.choices[0]?.delta?.content ?? '';
      last = chunk;
    }
    expect(n).toBeGreaterThan(2);
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(last.lawline.citations.length).toBeGreaterThan(0);
    expect(text).toContain('【相关法条】');
    expect(text).toContain('《民法典》');
  });

  it('keeps a conversation with X-Conversation-Id; clarify and handoff come through as text + lawline', async () => {
    const headers = { 'X-Conversation-Id': 'platform-conv-000000000001' };
    const a = await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: '我被骗了怎么办' }] }, { headers });
    const ax = (a as any).lawline;
    expect(ax.type).toBe('clarify');
    expect(ax.options.length).toBeGreaterThan(0);
    expect(ax.conversationId).toBe('platform-conv-000000000001');
    const b = await client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: '转人工' }] }, { headers });
    const bx = (b as any).lawline;
    expect(bx.type).toBe('handoff');
    expect(bx.handoff.orderNo).toBeTruthy();
    expect(b.choices[0].message.content).toContain(bx.handoff.orderNo);
  });

  it('stateless clients: earlier messages in the request give a follow-up its context', async () => {
    const r = await client.chat.completions.create({
      model: 'x',
      messages: [
        { role: 'user', content: '离婚后前夫不给孩子抚养费' },
        { role: 'assistant', content: '（之前的回答）' },
        { role: 'user', content: '那我要准备什么材料？' },
      ],
    });
    const extra = (r as any).lawline;
    expect(extra.type).toBe('answer_done');
    expect(extra.triage.domain).toBe('婚姻家庭');
    expect(r.choices[0].message.content).toContain('结婚证');
    const conv = await (await fetch(`${s.url}/api/conversations/${extra.conversationId}`)).json();
    expect(conv.messages.map((m: { role: string }) => m.role)).toEqual(['citizen', 'assistant', 'citizen', 'assistant']);
  });

  it('errors in the OpenAI shape: wrong key, no user message, bad JSON, too long', async () => {
    const bad = new OpenAI({ baseURL: `${s.url}/v1`, apiKey: 'wrong', maxRetries: 0 });
    await expect(bad.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: '你好' }] })).rejects.toMatchObject({ status: 401 });
    await expect(client.chat.completions.create({ model: 'x', messages: [{ role: 'system', content: '只有系统消息' }] })).rejects.toMatchObject({ status: 400 });
    await expect(client.chat.completions.create({ model: 'x', messages: [{ role: 'user', content: '长'.repeat(2001) }] })).rejects.toMatchObject({ status: 413 });
    const raw = await fetch(`${s.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer platform-key-1' }, body: '{oops' });
    expect(raw.status).toBe(400);
    const e = await raw.json();
    expect(e.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(e.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
