// GET /api/conversations/:id/events end to end: a real server on 127.0.0.1 (SQLite file in a temp
// dir, sample knowledge base), staff replies posted with a staff session through
// POST /api/conversations/:id/messages arrive on the citizen's event stream; Last-Event-ID replays
// what a reconnect missed; streams are per conversation; heartbeats; no listener left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensModule } from '../citizens/module';
import { ordersModule } from '../orders/module';
import { startTestServer, type TestServer } from '../testing/server';
import { chatModule } from './module';
import { EventStreamClient } from './test-client';

let s: TestServer;
let token = '';
beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' }, modules: [ordersModule(), citizensModule(), chatModule({ eventsHeartbeatMs: 300 })] });
  const r = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }) });
  token = ((await r.json()) as { token: string }).token;
});
afterAll(async () => {
  await s?.cleanup();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const staffReply = async (id: string, text: string) => {
  const r = await post(`/api/conversations/${id}/messages`, { text }, { authorization: `Bearer ${token}` });
  expect(r.status).toBe(201);
};
/** A conversation with one answered question, handed to a person when `handoff`. */
async function conversation(handoff = true): Promise<string> {
  const a = (await (await post('/api/chat', { text: '公司拖欠工资怎么办' })).json()) as { conversationId: string };
  if (handoff) expect((await post(`/api/conversations/${a.conversationId}/handoff`, {})).status).toBe(200);
  return a.conversationId;
}
const streamCount = async () => ((await (await fetch(`${s.url}/healthz`)).json()) as { chat: { streams: number } }).chat.streams;

/** The conversation's event stream. */
const Stream = {
  open: (id: string, headers: Record<string, string> = {}, query = '') => EventStreamClient.open(`${s.url}/api/conversations/${id}/events${query}`, headers),
};

describe('GET /api/conversations/:id/events', () => {
  it('pushes a staff reply as the staff_message frame /ws/chat sends, with its seq as event id', async () => {
    const id = await conversation();
    const st = await Stream.open(id);
    expect(st.res.status).toBe(200);
    expect(st.res.headers.get('content-type')).toContain('text/event-stream');
    await st.until((x) => x.blocks.length >= 1);
    const open = st.blocks[0];
    expect(open.data).toBeUndefined(); // the opening block only says where the stream stands
    expect(open.id).toMatch(/^\d+$/);

    const t0 = Date.now();
    await staffReply(id, '您好，我是值班律师，请问公司拖欠了几个月工资？');
    await st.until((x) => x.events.length >= 1);
    expect(Date.now() - t0).toBeLessThan(2_000); // pushed, not polled
    const [e] = st.events;
    const conv = (await (await fetch(`${s.url}/api/conversations/${id}`)).json()) as { messages: { id: string; role: string }[] };
    const stored = conv.messages.filter((m) => m.role === 'staff');
    expect(e.event).toBe('staff_message');
    expect(e.data).toEqual({ type: 'staff_message', conversationId: id, messageId: stored[0].id, text: '您好，我是值班律师，请问公司拖欠了几个月工资？', from: expect.any(String), at: expect.any(String) });
    expect(Number(e.id)).toBeGreaterThan(Number(open.id));
    st.close();
  });

  it('Last-Event-ID (header or lastEventId query) replays what a reconnect missed, in order, once', async () => {
    const id = await conversation();
    const first = await Stream.open(id);
    await staffReply(id, '第一条回复');
    await first.until((x) => x.events.length === 1);
    const last = first.events[0].id!;
    first.close();

    await staffReply(id, '第二条回复');
    await staffReply(id, '第三条回复');
    const again = await Stream.open(id, { 'last-event-id': last });
    await again.until((x) => x.events.length >= 2);
    expect(again.events.map((b) => b.data.text)).toEqual(['第二条回复', '第三条回复']);
    expect(again.events.map((b) => b.event)).toEqual(['staff_message', 'staff_message']);
    const ids = again.events.map((b) => Number(b.id));
    expect(ids[0]).toBeGreaterThan(Number(last));
    expect(ids[1]).toBeGreaterThan(ids[0]);
    await staffReply(id, '第四条回复');
    await again.until((x) => x.events.length >= 3);
    expect(again.events.map((b) => b.data.text)).toEqual(['第二条回复', '第三条回复', '第四条回复']);
    again.close();

    // the same through the query (a client that cannot set headers without a CORS preflight)
    const q = await Stream.open(id, {}, `?lastEventId=${last}`);
    await q.until((x) => x.events.length >= 3);
    expect(q.events.map((b) => b.data.text)).toEqual(['第二条回复', '第三条回复', '第四条回复']);
    q.close();

    // no Last-Event-ID: from now on (nothing old is replayed); a bogus one counts as none
    for (const headers of [{}, { 'last-event-id': 'abc' }, { 'last-event-id': '999999' }] as Record<string, string>[]) {
      const now = await Stream.open(id, headers);
      await now.until((x) => x.blocks.length >= 1);
      await staffReply(id, `新回复${JSON.stringify(headers).length}`);
      await now.until((x) => x.events.length >= 1);
      expect(now.events).toHaveLength(1);
      expect(now.events[0].data.text).toBe(`新回复${JSON.stringify(headers).length}`);
      now.close();
    }
  });

  it('pushes the handoff (status change) of a conversation that was still with the assistant', async () => {
    const id = await conversation(false);
    const st = await Stream.open(id);
    await st.until((x) => x.blocks.length >= 1);
    const h = (await (await post(`/api/conversations/${id}/handoff`, {})).json()) as { orderNo: string; text: string };
    await st.until((x) => x.events.length >= 1);
    expect(st.events[0].event).toBe('handoff');
    expect(st.events[0].data).toEqual({ type: 'handoff', conversationId: id, orderNo: h.orderNo, text: h.text });
    st.close();
  });

  it("another conversation's stream does not see it", async () => {
    const a = await conversation();
    const b = await conversation();
    const sb = await Stream.open(b);
    await sb.until((x) => x.blocks.length >= 1);
    await staffReply(a, '给A的回复');
    await staffReply(b, '给B的回复');
    await sb.until((x) => x.events.length >= 1);
    await new Promise((r) => setTimeout(r, 400)); // a heartbeat's flush later: still only B's
    expect(sb.events.map((e) => e.data.text)).toEqual(['给B的回复']);
    expect(sb.events.every((e) => e.data.conversationId === b)).toBe(true);
    sb.close();
  });

  it('sends a comment heartbeat, and lets go of its listener when the client goes away', async () => {
    const id = await conversation();
    const before = await streamCount();
    const st = await Stream.open(id);
    await st.until((x) => x.blocks.some((b) => b.comments.includes('ping')), 3_000);
    expect(await streamCount()).toBe(before + 1);
    st.close();
    await expect.poll(streamCount, { timeout: 5_000 }).toBe(before);
  });

  it('unknown or malformed conversation: the typed error of the other routes, no stream', async () => {
    const r = await fetch(`${s.url}/api/conversations/c_00000000000000000000000000000000/events`, { headers: { accept: 'text/event-stream' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toContain('application/json');
    const e = (await r.json()) as { error: { code: string; message: string } };
    expect(e.error.code).toBe('not_found');
    expect(e.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const bad = await fetch(`${s.url}/api/conversations/x/events`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });

  it('is a citizen route: CORS for the portal, listed in the OpenAPI document', async () => {
    const id = await conversation(false);
    const pre = await fetch(`${s.url}/api/conversations/${id}/events`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.gov.cn', 'access-control-request-method': 'GET', 'access-control-request-headers': 'last-event-id' },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect((pre.headers.get('access-control-allow-headers') ?? '').toLowerCase()).toContain('last-event-id');
    const o = (await (await fetch(`${s.url}/api/openapi.json`)).json()) as { paths: Record<string, any> };
    expect(o.paths['/api/conversations/{id}/events'].get.responses[200].content).toHaveProperty(['text/event-stream']);
  });
});

describe('rate limit', () => {
  it('opening streams counts like the other citizen reads (per client address)', async () => {
    const t = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '2' }, modules: [ordersModule(), citizensModule(), chatModule()] });
    try {
      const a = (await (await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '公司拖欠工资怎么办' }) })).json()) as { conversationId: string };
      const codes: number[] = [];
      const ctrl = new AbortController();
      for (let i = 0; i < 8; i++) {
        const r = await fetch(`${t.url}/api/conversations/${a.conversationId}/events`, { signal: ctrl.signal });
        codes.push(r.status);
        if (r.status === 429) expect(((await r.json()) as { error: { message: string } }).error.message).toContain('频繁');
      }
      ctrl.abort();
      expect(codes[0]).toBe(200);
      expect(codes).toContain(429);
    } finally {
      await t.cleanup();
    }
  });

  it('caps the streams one client address holds open; closing one frees its place', async () => {
    const t = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' }, modules: [ordersModule(), citizensModule(), chatModule({ eventsMaxPerClient: 2, eventsHeartbeatMs: 300 })] });
    try {
      const a = (await (await fetch(`${t.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '公司拖欠工资怎么办' }) })).json()) as { conversationId: string };
      const url = `${t.url}/api/conversations/${a.conversationId}/events`;
      const first = new AbortController();
      const second = new AbortController();
      expect((await fetch(url, { signal: first.signal })).status).toBe(200);
      expect((await fetch(url, { signal: second.signal })).status).toBe(200);
      const third = await fetch(url);
      expect(third.status).toBe(429);
      const e = (await third.json()) as { error: { code: string; message: string } };
      expect(e.error.code).toBe('rate_limited');
      expect(e.error.message).toContain('连接过多');
      first.abort();
      await expect.poll(async () => {
        const ctrl = new AbortController();
        const r = await fetch(url, { signal: ctrl.signal });
        const ok = r.status === 200;
        if (ok) ctrl.abort();
        else await r.body?.cancel();
        return ok;
      }, { timeout: 5_000 }).toBe(true);
      second.abort();
    } finally {
      await t.cleanup();
    }
  });
});
