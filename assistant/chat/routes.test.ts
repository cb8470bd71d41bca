// REST doors end to end: POST /api/chat (JSON and SSE), conversations, ratings, handoff,
// knowledge search; bad input and floods. Real server on 127.0.0.1, sample knowledge base.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' } });
});
afterAll(async () => {
  await s?.cleanup();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

function parseSse(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim())
    .map((b) => {
      const event = /^event: (.*)$/m.exec(b)?.[1] ?? 'message';
      const data = b.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: JSON.parse(data) };
    });
}

describe('POST /api/chat', () => {
  it('JSON: returns the same object as the final answer_done frame', async () => {
    const r = await post('/api/chat', { text: '没签劳动合同，能要双倍工资吗？' }, { accept: 'application/json' });
    expect(r.status).toBe(200);
    const b = await r.json();
    expect(b.type).toBe('answer_done');
    expect(b.conversationId).toMatch(/^c_/);
    expect(b.messageId).toMatch(/^m_/);
    expect(b.mode).toBe('rules');
    expect(typeof b.confidence).toBe('number');
    expect(b.triage.domain).toBe('劳动');
    expect(b.citations.some((c: { law: string }) => c.law === '中华人民共和国劳动合同法')).toBe(true);
    expect(b.suggestions.length).toBeGreaterThan(0);

    // the conversation holds the turn, with the same citations
    const conv = await (await fetch(`${s.url}/api/conversations/${b.conversationId}`)).json();
    expect(conv.messages).toHaveLength(2);
    expect(conv.messages[0]).toMatchObject({ role: 'citizen', text: '没签劳动合同，能要双倍工资吗？', triage: { domain: '劳动' } });
    expect(conv.messages[1]).toMatchObject({ id: b.messageId, role: 'assistant', text: b.text, citations: b.citations });
  });

  it('SSE: ready, answer_delta…, answer_done, suggestions', async () => {
    const r = await post('/api/chat', { text: '被车撞了对方全责，医药费怎么赔' }, { accept: 'text/event-stream' });
    expect(r.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await r.text());
    const types = events.map((e) => e.event);
    expect(types[0]).toBe('ready');
    expect(types).toContain('answer_delta');
    const done = events.find((e) => e.event === 'answer_done')!.data;
    expect(events.filter((e) => e.event === 'answer_delta').map((e) => e.data.text).join('')).toBe(done.text);
    expect(done.citations.some((c: { law: string }) => c.law === '中华人民共和国道路交通安全法')).toBe(true);
    expect(types.at(-1)).toBe('suggestions');
  });

  it('multi-turn by conversationId; clarify returned as the final frame', async () => {
    const first = await (await post('/api/chat', { text: '我被骗了怎么办' })).json();
    expect(first.type).toBe('clarify');
    expect(first.options.length).toBeGreaterThan(0);
    const second = await (await post('/api/chat', { text: '借给朋友两万块，他一直不还', conversationId: first.conversationId })).json();
    expect(second.type).toBe('answer_done');
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.triage.domain).toBe('借贷债务');
  });

  it('handoff over REST, rating over REST', async () => {
    const a = await (await post('/api/chat', { text: '工伤认定怎么申请' })).json();
    const rate = await post(`/api/conversations/${a.conversationId}/ratings`, { messageId: a.messageId, useful: true });
    expect(rate.status).toBe(200);
    const h = await post(`/api/conversations/${a.conversationId}/handoff`, { reason: '需要律师' });
    const hb = await h.json();
    expect(hb.type).toBe('handoff');
    expect(hb.orderNo).toBeTruthy();
    const again = await (await post('/api/chat', { text: '什么时候有人联系我', conversationId: a.conversationId })).json();
    expect(again.text).toContain('转给');
  });

  it('转人工 before any question: POST /api/handoff opens a conversation already handed to a person', async () => {
    const count = () => (s.ctx.sqlite.prepare('select count(*) as n from chat_conversations').get() as { n: number }).n;
    const before = count();
    const unknown = await post('/api/handoff', { phone: '13800138000', foo: 1 });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('unknown_field');
    expect((await post('/api/handoff', '{bad json')).status).toBe(400);
    expect((await post('/api/handoff', { phone: '请打给我' })).status).toBe(400);
    expect(count()).toBe(before); // a refused request opens nothing

    const h = await post('/api/handoff', { phone: '13800138000' });
    expect(h.status).toBe(200);
    const hb = await h.json();
    expect(hb.type).toBe('handoff');
    expect(hb.orderNo).toMatch(/^12348-/);
    expect(hb.conversationId).toMatch(/^c_/);
    expect(hb.text).toContain(hb.orderNo);
    const conv = await (await fetch(`${s.url}/api/conversations/${hb.conversationId}`)).json();
    expect(conv).toMatchObject({ conversationId: hb.conversationId, status: 'handed_off', orderNo: hb.orderNo });
    expect(conv.messages.some((m: { role: string }) => m.role === 'citizen')).toBe(false); // not asked as a 「转人工」 question
    const raw = s.ctx.sqlite.prepare(`select count(*) as n from chat_messages where text like '%13800138000%'`).get() as { n: number };
    expect(raw.n).toBe(0);

    const other = await (await post('/api/handoff', {})).json();
    expect(other.conversationId).not.toBe(hb.conversationId);
    expect(other.orderNo).not.toBe(hb.orderNo);
  });

  it('bad input: 4xx with a Chinese message, nothing stored', async () => {
    const cases: [unknown, number, string][] = [
      ['{bad json', 400, 'invalid_json'],
      [{ text: '你好', foo: 1 }, 400, 'unknown_field'],
      [{}, 400, 'bad_request'],
      [{ text: '   ' }, 400, 'bad_request'],
      [{ text: '长'.repeat(2001) }, 413, 'too_large'],
      [{ text: '你好', conversationId: 'x' }, 400, 'bad_request'],
    ];
    const before = (s.ctx.sqlite.prepare('select count(*) as n from chat_messages').get() as { n: number }).n;
    for (const [body, status, code] of cases) {
      const r = await post('/api/chat', body);
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      const e = await r.json();
      expect(e.error.code).toBe(code);
      expect(e.error.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const big = await post('/api/chat', JSON.stringify({ text: 'x'.repeat(100_000) }));
    expect(big.status).toBe(413);
    const after = (s.ctx.sqlite.prepare('select count(*) as n from chat_messages').get() as { n: number }).n;
    expect(after).toBe(before);
    expect((await fetch(`${s.url}/api/conversations/c_00000000000000000000000000000000`)).status).toBe(404);
    expect((await post('/api/conversations/c_00000000000000000000000000000000/ratings', { messageId: 'm_1', useful: true })).status).toBe(404);
  });
});

describe('GET /api/knowledge/search', () => {
  it('returns hits with their signals', async () => {
    const r = await fetch(`${s.url}/api/knowledge/search?q=${encodeURIComponent('拖欠工资')}&limit=5`);
    expect(r.status).toBe(200);
    const b = await r.json();
    expect(b.hits.length).toBeGreaterThan(0);
    expect(b.hits[0].signals).toHaveProperty('keywordTerms');
    expect(b.terms.length).toBeGreaterThan(0);
    const law = await (await fetch(`${s.url}/api/knowledge/search?q=${encodeURIComponent('离婚')}&law=${encodeURIComponent('民法典')}`)).json();
    expect(law.hits.every((h: { law: string }) => h.law === '中华人民共和国民法典')).toBe(true);
    const cases = await (await fetch(`${s.url}/api/knowledge/search?q=${encodeURIComponent('拖欠工资')}&kind=case`)).json();
    expect(cases.hits.every((h: { kind: string }) => h.kind === 'case')).toBe(true);
  });

  it('refuses bad parameters in Chinese', async () => {
    const r = await fetch(`${s.url}/api/knowledge/search?q=`);
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toContain('请输入');
    const k = await fetch(`${s.url}/api/knowledge/search?q=a&kind=poem`);
    expect(k.status).toBe(400);
    const u = await fetch(`${s.url}/api/knowledge/search?q=a&evil=1`);
    expect((await u.json()).error.code).toBe('unknown_field');
  });
});

describe('rate limit', () => {
  it('a flood from one client gets 429 with a Chinese message; the server keeps serving', async () => {
    const t = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '5' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '转人工' }) })).status);
      expect(codes.slice(0, 5).every((c) => c === 200)).toBe(true);
      expect(codes.at(-1)).toBe(429);
      const r = await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x' }) });
      expect((await r.json()).error.message).toContain('频繁');
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);

      // knowledge search: anonymous callers from one address run out, a signed-in staff member does not
      const q = `${t.url}/api/knowledge/search?q=${encodeURIComponent('工伤认定')}`;
      const anon: number[] = [];
      for (let i = 0; i < 12; i++) anon.push((await fetch(q)).status);
      expect(anon).toContain(429);
      const { token } = await (await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }) })).json();
      const staff: number[] = [];
      for (let i = 0; i < 12; i++) staff.push((await fetch(q, { headers: { authorization: `Bearer ${token}` } })).status);
      expect(staff.every((x) => x === 200)).toBe(true);
    } finally {
      await t.cleanup();
    }
  });
});

describe('composition', () => {
  it('the module shows in /healthz and its routes in /api/openapi.json', async () => {
    const h = await (await fetch(`${s.url}/healthz`)).json();
    expect(h.chat).toMatchObject({ ok: true, mode: 'rules' });
    const o = await (await fetch(`${s.url}/api/openapi.json`)).json();
    for (const p of ['/api/chat', '/api/conversations/{id}', '/api/conversations/{id}/messages', '/api/knowledge/search', '/v1/chat/completions']) expect(o.paths, p).toHaveProperty([p]);
  });
});
