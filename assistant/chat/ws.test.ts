// /ws/chat end to end: a real server on 127.0.0.1 with the sample knowledge base, real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../testing/server';
import { ChatClient } from './test-client';

let s: TestServer;
let wsUrl: string;
beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '60', CHAT_HEARTBEAT_MS: '1000' } });
  wsUrl = `${s.wsUrl}/ws/chat`;
});
afterAll(async () => {
  await s?.cleanup();
});

async function staffToken(): Promise<string> {
  const r = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }) });
  expect(r.status).toBe(200);
  return ((await r.json()) as { token: string }).token;
}

describe('/ws/chat', () => {
  it('answers with streamed text, checked citations, triage and suggestions', async () => {
    const c = await ChatClient.open(wsUrl);
    c.send({ type: 'hello' });
    const ready = await c.next('ready');
    expect(ready.conversationId).toMatch(/^c_[0-9a-f]{32}$/);
    expect(ready.history).toEqual([]);
    expect(ready.limits.maxMessageChars).toBe(2000);

    const done = await c.ask('老板拖欠我三个月工资不给怎么办');
    expect(done.type).toBe('answer_done');
    const deltas = c.frames.filter((f) => f.type === 'answer_delta').map((f) => f.text).join('');
    expect(deltas).toBe(done.text);
    expect(done.text).toContain('以下内容根据相关法条自动整理');
    expect(done.text).toContain('【需要准备的材料（一次性告知）】');
    expect(done.mode).toBe('rules');
    expect(done.messageId).toMatch(/^m_/);
    expect(done.triage).toMatchObject({ domain: '劳动', flags: expect.arrayContaining(['legal_aid_candidate']) });
    expect(done.citations.length).toBeGreaterThan(0);
    for (const cit of done.citations) {
      expect(Object.keys(cit).sort()).toEqual(['article', 'law', 'status', 'text']);
      expect(cit.status).toBe('in_force');
      expect(s.knowledge.getArticle(cit.law, cit.article)?.text).toBe(cit.text);
    }
    expect(done.citations.map((x: { law: string }) => x.law)).toContain('中华人民共和国劳动合同法');
    const sug = await c.next('suggestions');
    expect(sug.items.length).toBeGreaterThan(0);
    c.close();
  });

  it('resumes a conversation after a reconnect and answers a follow-up in its context', async () => {
    const a = await ChatClient.open(wsUrl);
    a.send({ type: 'hello' });
    const { conversationId } = await a.next('ready');
    const first = await a.ask('离婚后对方不给孩子抚养费怎么办');
    expect(first.triage.domain).toBe('婚姻家庭');
    a.close();
    await a.closed;

    const b = await ChatClient.open(wsUrl);
    b.send({ type: 'hello', conversationId });
    const ready = await b.next('ready');
    expect(ready.resumed).toBe(true);
    expect(ready.conversationId).toBe(conversationId);
    expect(ready.history.map((m: { role: string }) => m.role)).toEqual(['citizen', 'assistant']);
    expect(ready.history[1].citations.length).toBe(first.citations.length);
    const follow = await b.ask('那我需要准备什么材料？');
    expect(follow.type).toBe('answer_done');
    expect(follow.triage.domain).toBe('婚姻家庭');
    expect(follow.text).toContain('结婚证');
    // the follow-up asked for materials: they come first (一次性告知)
    expect(follow.text.indexOf('【需要准备的材料（一次性告知）】')).toBeLessThan(follow.text.indexOf('【相关法条】'));
    b.close();
  });

  it('one conversation per client-chosen session id', async () => {
    const sid = 'web-session-0123456789';
    const a = await ChatClient.open(wsUrl);
    a.send({ type: 'hello', conversationId: sid });
    expect((await a.next('ready')).resumed).toBe(false);
    await a.ask('朋友借钱不还怎么办');
    const b = await ChatClient.open(wsUrl);
    b.send({ type: 'hello', conversationId: sid });
    const r = await b.next('ready');
    expect(r.conversationId).toBe(sid);
    expect(r.resumed).toBe(true);
    expect(r.history.length).toBe(2);
    b.send({ type: 'hello', conversationId: 'short' });
    expect(await b.next('error')).toMatchObject({ code: 'bad_request' });
    a.close();
    b.close();
  });

  it('messages racing before any hello share one implicit conversation', async () => {
    const c = await ChatClient.open(wsUrl);
    c.send({ type: 'message', text: '朋友借钱不还怎么办' });
    c.send({ type: 'message', text: '借条丢了还能要吗' });
    const a = await c.next('answer_done');
    const b = await c.next('answer_done');
    expect(a.conversationId).toBe(b.conversationId);
    expect(c.frames.filter((f) => f.type === 'ready')).toHaveLength(1);
    c.close();
  });

  it('asks one clarifying question for a vague question, then answers', async () => {
    const c = await ChatClient.open(wsUrl);
    const clarify = await c.ask('我被骗了怎么办');
    expect(clarify.type).toBe('clarify');
    expect(clarify.options.length).toBeGreaterThan(1);
    expect(c.frames[0].type).toBe('ready'); // implicit hello
    const next = await c.ask('在网上买东西，商家卖假货不给退');
    expect(next.type).toBe('answer_done');
    expect(next.citations.some((x: { law: string }) => x.law.includes('消费者权益保护法'))).toBe(true);
    c.close();
  });

  it('emergency: urges 110/120 and hands off at once', async () => {
    const c = await ChatClient.open(wsUrl);
    const done = await c.ask('他现在就在门外拿着刀说要砍死我');
    expect(done.type).toBe('answer_done');
    expect(done.text).toContain('110');
    expect(done.triage.urgency).toBe('emergency');
    const h = await c.next('handoff');
    expect(h.orderNo).toMatch(/\S/);
    c.close();
  });

  it('handoff request → order number; later messages go to staff; staff replies reach the socket', async () => {
    const c = await ChatClient.open(wsUrl);
    c.send({ type: 'hello', citizen: { phone: '13812345678' } });
    const { conversationId } = await c.next('ready');
    await c.ask('公司不给我交社保怎么办');
    c.send({ type: 'handoff_request', reason: '想找人详细问问' });
    const h = await c.next('handoff');
    expect(h.orderNo).toBeTruthy();
    expect(h.text).toContain(h.orderNo);

    const forwarded: string[] = [];
    const off = s.ctx.bus.on('conversation.citizen_message', (m) => m.conversationId === conversationId && forwarded.push(m.text));
    const notice = await c.ask('我的电话是13812345678，什么时候联系我？');
    expect(notice.text).toContain('转给');
    expect(forwarded).toEqual(['我的电话是138****5678，什么时候联系我？']);
    const danger = await c.ask('他拿着刀在门口，我好害怕');
    expect(danger.text).toContain('110'); // safety advice even while waiting for staff
    expect(forwarded).toHaveLength(2);
    off();

    const token = await staffToken();
    const r = await fetch(`${s.url}/api/conversations/${conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ text: '您好，我是值班律师，下午三点前给您回电。' }) });
    expect(r.status).toBe(201);
    const sm = await c.next('staff_message');
    expect(sm.text).toBe('您好，我是值班律师，下午三点前给您回电。');
    expect(sm.from).toBeTruthy();

    // persisted, and no raw phone number anywhere in the stored conversation
    const conv = await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json();
    expect(conv.status).toBe('handed_off');
    expect(conv.orderNo).toBe(h.orderNo);
    expect(conv.messages.map((m: { role: string }) => m.role)).toContain('staff');
    const dump = s.ctx.sqlite.prepare("select group_concat(text, ' ') as t from chat_messages").get() as { t: string };
    expect(dump.t).not.toContain('13812345678');
    const unauth = await fetch(`${s.url}/api/conversations/${conversationId}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x' }) });
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).error.message).toMatch(/[\u4e00-\u9fa5]/);
    c.close();
  });

  it('rates an answer', async () => {
    const c = await ChatClient.open(wsUrl);
    const { conversationId } = await (c.send({ type: 'hello' }), c.next('ready'));
    const done = await c.ask('交通事故对方全责，医药费怎么赔');
    c.send({ type: 'rating', messageId: done.messageId, useful: false, comment: '没说清楚误工费' });
    expect(await c.next('rated')).toMatchObject({ messageId: done.messageId, useful: false });
    c.send({ type: 'rating', messageId: 'm_nope', useful: true });
    expect(await c.next('error')).toMatchObject({ code: 'not_found' });
    const conv = await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json();
    const rated = conv.messages.find((m: { id: string }) => m.id === done.messageId);
    expect(rated.rating).toEqual({ useful: false, comment: '没说清楚误工费' });
    c.close();
  });

  it('bad input gets a Chinese error frame and the socket stays usable', async () => {
    const c = await ChatClient.open(wsUrl);
    c.send('{not json');
    expect(await c.next('error')).toMatchObject({ code: 'invalid_json' });
    c.send({ type: 'shout', text: 'x' });
    expect(await c.next('error')).toMatchObject({ code: 'unknown_type' });
    c.send({ type: 'message', text: '你好', extra: 1 });
    const uf = await c.next('error');
    expect(uf.code).toBe('unknown_field');
    expect(uf.message).toContain('extra');
    c.send({ type: 'message', text: '长'.repeat(2001) });
    expect(await c.next('error')).toMatchObject({ code: 'too_large' });
    c.send(JSON.stringify({ type: 'message', text: 'x'.repeat(20_000) }));
    const big = await c.next('error');
    expect(big.code).toBe('too_large');
    expect(big.message).toMatch(/[\u4e00-\u9fa5]/);
    c.send({ type: 'message', text: '   ' });
    expect(await c.next('error')).toMatchObject({ code: 'bad_request' });
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await c.next('error')).toMatchObject({ code: 'bad_request' });
    c.send({ type: 'ping' });
    expect(await c.next('pong')).toBeTruthy();
    c.close();
  });

  it('rate limits a flood per socket with an error frame, never a crash', async () => {
    const c = await ChatClient.open(wsUrl);
    for (let i = 0; i < 40; i++) c.send({ type: 'rating', messageId: 'm_x', useful: true });
    const limited = await c.next((f) => f.type === 'error' && f.code === 'rate_limited');
    expect(limited.message).toContain('频繁');
    const other = await ChatClient.open(wsUrl);
    other.send({ type: 'ping' });
    expect(await other.next('pong')).toBeTruthy();
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    c.close();
    other.close();
  });

  it('drops a socket that stops answering heartbeats', async () => {
    const dead = new WebSocket(wsUrl, { autoPong: false });
    await new Promise((r) => dead.once('open', r));
    const closed = await new Promise<number>((r) => dead.once('close', (code) => r(code)));
    expect(closed).toBe(1006); // terminated by the server after a missed ping
    const alive = await ChatClient.open(wsUrl);
    await new Promise((r) => setTimeout(r, 2500));
    alive.send({ type: 'ping' });
    expect(await alive.next('pong')).toBeTruthy();
    alive.close();
  });
});

describe('/ws/chat connection flood', () => {
  it('refuses too many new sockets from one address with an error frame and close 1013', async () => {
    const t = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '1' } }); // 40 sockets/min, burst 20
    try {
      const clients = await Promise.all(Array.from({ length: 24 }, () => ChatClient.open(`${t.wsUrl}/ws/chat`)));
      const refused = await Promise.all(clients.slice(20).map((c) => c.closed));
      for (const r of refused) expect(r.code).toBe(1013);
      for (const c of clients.slice(20)) expect(c.frames[0]).toMatchObject({ type: 'error', code: 'rate_limited' });
      clients[0].send({ type: 'ping' });
      expect(await clients[0].next('pong')).toBeTruthy();
      for (const c of clients) c.close();
    } finally {
      await t.cleanup();
    }
  });
});
