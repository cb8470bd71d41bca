// LLM mode end to end: the real server configured with a local fake OpenAI-compatible server
// (HTTP + SSE streaming). The model is scripted to cite a non-existent article, which must never
// reach the citizen — not in a delta, not in the final text, not as a citation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, messageText, type FakeOpenAI, type ChatRequest } from '../../knowledge/testing/openai-server';
import { startTestServer, type TestServer } from '../testing/server';
import { ChatClient } from '../chat/test-client';

let fake: FakeOpenAI;
let s: TestServer;

const INVENTED = ['您好。根据《劳动合同法》第三十条[1]，', '用人单位应当及时足额支付劳动报酬。', '另外，根据《劳动合同法》第九百', '九十九条[2]，公司须支付十倍工资作为惩罚。', '依照《工资特别保障法》第八条，您还可以要求利息。', '建议先协商，协商不成申请劳动仲裁[7]。'];

function reply(req: ChatRequest): string | string[] {
  const user = messageText(req.messages.at(-1)?.content);
  if (!req.stream) return '用人单位 拖欠 劳动报酬 支付令'; // query rewrite
  if (user.includes('拖欠')) return INVENTED;
  return ['根据现有法条无法确定，建议拨打 12348。'];
}

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: 'test-key', chat: reply });
  s = await startTestServer({ env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'test-key', LLM_MODEL: 'fake-legal-7b', CHAT_RATE_PER_MINUTE: '300' } });
});
afterAll(async () => {
  await s?.cleanup();
  await fake?.close();
});

describe('LLM mode', () => {
  it('streams a grounded answer; an invented article never reaches the citizen', async () => {
    const c = await ChatClient.open(`${s.wsUrl}/ws/chat`);
    const done = await c.ask('老板拖欠我三个月工资不给怎么办');
    expect(done.type).toBe('answer_done');
    expect(done.mode).toBe('llm');
    const deltas = c.frames.filter((f) => f.type === 'answer_delta').map((f) => f.text as string);
    expect(deltas.length).toBeGreaterThan(1);
    for (const d of deltas) expect(d).not.toMatch(/九百|九十九条|工资特别保障法|十倍|\[7\]/);
    expect(deltas.join('')).toBe(done.text);
    expect(done.text).not.toContain('第九百九十九条');
    expect(done.text).not.toContain('工资特别保障法');
    expect(done.text).toContain('《劳动合同法》第三十条');
    expect(done.text).not.toContain('十倍工资'); // the claim resting on the invented article is dropped with it
    expect(done.text).not.toContain('利息');
    expect(done.text).toContain('已省略');
    expect(done.citations.map((x: { article: string }) => x.article)).toContain('第三十条');
    for (const cit of done.citations) {
      expect(cit.status).toBe('in_force');
      expect(s.knowledge.getArticle(cit.law, cit.article)).not.toBeNull();
    }
    // stored as shown
    const conv = await (await fetch(`${s.url}/api/conversations/${done.conversationId}`)).json();
    expect(conv.messages[1].text).toBe(done.text);
    c.close();
  });

  it('sends a grounded prompt with numbered, checked sources, and rewrites the question first', async () => {
    const calls = fake.of('/chat/completions');
    const rewrite = calls.find((r) => !r.body.stream);
    expect(rewrite).toBeTruthy();
    const answer = calls.find((r) => r.body.stream)!;
    expect(answer.body.model).toBe('fake-legal-7b');
    expect(answer.headers.authorization).toBe('Bearer test-key');
    const system = messageText(answer.body.messages[0].content);
    expect(system).toContain('不得编造法条');
    const user = messageText(answer.body.messages.at(-1).content);
    expect(user).toMatch(/\[1\] 《劳动合同法》第/);
    expect(user).toContain('老板拖欠我三个月工资不给怎么办');
    expect(user).toContain('【办事指引】'); // the reviewed steps and materials, so 一次性告知 is grounded too
  });

  it('a follow-up carries the conversation to the model and searches in its context', async () => {
    const c = await ChatClient.open(`${s.wsUrl}/ws/chat`);
    await c.ask('公司拖欠工资两个月了');
    const before = fake.of('/chat/completions').length;
    const follow = await c.ask('那我要准备什么材料？');
    expect(follow.type).toBe('answer_done');
    expect(follow.triage.domain).toBe('劳动');
    const req = fake.of('/chat/completions').slice(before).find((r) => r.body.stream)!;
    const texts = req.body.messages.map((m: { content: unknown }) => messageText(m.content));
    expect(texts.some((t: string) => t.includes('公司拖欠工资两个月了'))).toBe(true);
    expect(texts.at(-1)).toContain('那我要准备什么材料？');
    c.close();
  });

  it('falls back to the rules answer when the model fails', async () => {
    fake.failNext({ status: 500, times: 4, path: '/chat/completions' });
    const r = await fetch(`${s.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '公司拖欠工资，能申请支付令吗' }) });
    const b = await r.json();
    expect(r.status).toBe(200);
    expect(b.type).toBe('answer_done');
    expect(b.mode).toBe('rules');
    expect(b.text).toContain('以下内容根据相关法条自动整理');
    expect(b.citations.length).toBeGreaterThan(0);
  });

  it('does not ask the model when retrieval is weak or the question is vague', async () => {
    const before = fake.of('/chat/completions').filter((r) => r.body.stream).length;
    const b = await (await fetch(`${s.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '我想咨询个问题' }) })).json();
    expect(b.type).toBe('clarify');
    expect(fake.of('/chat/completions').filter((r) => r.body.stream).length).toBe(before);
  });
});
