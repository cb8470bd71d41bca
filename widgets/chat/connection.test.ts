// The link's transport state machine on a fake clock: a fake WebSocket that is refused, swallowed
// or accepted, and a fake fetch standing in for the REST doors of the chat module.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openLink, type LinkOptions, type LinkStatus } from './connection';
import type { ClientFrame, ServerFrame } from './protocol';

type Behaviour = 'refuse' | 'hang' | 'accept';

class FakeSocket {
  static behaviour: Behaviour = 'refuse';
  static all: FakeSocket[] = [];
  static readyDelay = 5;
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
    if (FakeSocket.behaviour === 'refuse') setTimeout(() => this.close(), 20);
    if (FakeSocket.behaviour === 'accept')
      setTimeout(() => {
        this.readyState = 1;
        this.onopen?.();
      }, 20);
  }
  send(d: string) {
    const f = JSON.parse(d) as { type: string; conversationId?: string };
    this.sent.push(f);
    if (f.type === 'hello') setTimeout(() => this.push({ type: 'ready', conversationId: f.conversationId ?? 'c_fromsocket0000000', history: [{ role: 'citizen', text: '（历史）' }] }), FakeSocket.readyDelay);
  }
  push(f: unknown) {
    this.onmessage?.({ data: JSON.stringify(f) });
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.();
  }
}

interface Call {
  method: string;
  path: string;
  search?: string;
  body?: Record<string, unknown>;
  accept?: string;
  signal?: AbortSignal;
}
type Route = (c: Call) => Response | undefined;

const enc = new TextEncoder();
type Frame = Record<string, unknown> & { type: string };
const sseChunk = (f: Frame) => enc.encode(`event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`);

/** An SSE response whose events the test sends one by one. */
function liveSse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const state = { cancelled: false };
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c), cancel: () => void (state.cancelled = true) });
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    send: (f: Frame, id?: number) => ctrl.enqueue(id === undefined ? sseChunk(f) : enc.encode(`event: ${f.type}\ndata: ${JSON.stringify(f)}\nid: ${id}\n\n`)),
    raw: (text: string) => ctrl.enqueue(enc.encode(text)),
    end: () => ctrl.close(),
    cut: () => ctrl.error(new TypeError('network error')),
    state,
  };
}

const CITATION = { law: '中华人民共和国劳动合同法', article: '第三十条', text: '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。', status: 'in_force' };

/** POST /api/chat as the server streams it. */
function answer(c: Call, id = 'c_http000000000000001'): Response {
  const cid = (c.body?.conversationId as string | undefined) ?? id;
  const frames = [
    { type: 'ready', conversationId: cid },
    { type: 'answer_delta', text: '根据' },
    { type: 'answer_delta', text: '《劳动合同法》第三十条' },
    { type: 'answer_done', messageId: 'm1', text: '根据《劳动合同法》第三十条', citations: [CITATION] },
    { type: 'suggestions', items: ['怎么申请劳动仲裁'] },
  ];
  const body = new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (const f of frames) ctrl.enqueue(sseChunk({ ...f, conversationId: cid }));
      ctrl.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

const json = (v: unknown, status = 200) => new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json' } });

let calls: Call[];
let routes: Route[];

/** The conversation the fake HTTP server hands to a person. */
const HANDED_OFF = 'c_http000000000000001';

/**
 * Fake server routes for HANDED_OFF: 转人工, its event streams (each shaped by `open`, returned in
 * order of opening) and the conversation with `messages`.
 */
function handoffServer(o: { open?: (st: ReturnType<typeof liveSse>) => unknown; messages?: () => Record<string, unknown>[] } = {}) {
  const streams: ReturnType<typeof liveSse>[] = [];
  routes.unshift((c) => {
    if (c.path === `/api/conversations/${HANDED_OFF}/handoff`) return json({ type: 'handoff', orderNo: '12348-1', text: '已转人工', conversationId: HANDED_OFF });
    if (c.path === `/api/conversations/${HANDED_OFF}/events`) {
      const st = liveSse();
      streams.push(st);
      o.open?.(st);
      return st.response;
    }
    if (c.method === 'GET' && c.path === `/api/conversations/${HANDED_OFF}`) return json({ conversationId: HANDED_OFF, status: 'handed_off', orderNo: '12348-1', messages: o.messages?.() ?? [] });
    return undefined;
  });
  return streams;
}

/** A question, then 转人工. */
async function askThenHandoff(link: { send(f: ClientFrame): boolean }) {
  link.send({ type: 'message', text: '公司拖欠工资怎么办' });
  await tick(10);
  link.send({ type: 'handoff_request' });
  await tick(10);
}
let offline: boolean;
const fakeFetch = (async (input: string, init?: RequestInit) => {
  const u = new URL(String(input));
  const headers = (init?.headers ?? {}) as Record<string, string>;
  const c: Call = { method: init?.method ?? 'GET', path: u.pathname, search: u.search, body: init?.body ? JSON.parse(String(init.body)) : undefined, accept: headers.accept, signal: init?.signal ?? undefined };
  calls.push(c);
  if (offline) throw new TypeError('Failed to fetch');
  for (const r of routes) {
    const res = r(c);
    if (res) return res;
  }
  return json({ error: { code: 'not_found', message: '没有找到。' } }, 404);
}) as unknown as typeof fetch;

function start(opts: Partial<LinkOptions> = {}, stored?: string) {
  const frames: ServerFrame[] = [];
  const statuses: LinkStatus[] = [];
  const store = new Map<string, string>(stored ? [['k', stored]] : []);
  const link = openLink({
    url: 'ws://lawline.test/ws/chat',
    server: 'http://lawline.test',
    storageKey: 'k',
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    fetchImpl: fakeFetch,
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) },
    ...opts,
  });
  return { link, frames, statuses, store, types: () => frames.map((f) => f.type) };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.behaviour = 'refuse';
  FakeSocket.all = [];
  FakeSocket.readyDelay = 5;
  calls = [];
  routes = [(c) => (c.method === 'POST' && c.path === '/api/chat' ? answer(c) : undefined)];
  offline = false;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('chat link: WebSocket with an HTTP fallback', () => {
  it('stays on the WebSocket when it works (no HTTP at all)', async () => {
    FakeSocket.behaviour = 'accept';
    const { link, statuses, types } = start();
    expect(link.send({ type: 'message', text: '你好' })).toBe(false); // queued until ready
    await tick(100);
    expect(statuses).toEqual(['connecting', 'open']);
    expect(FakeSocket.all[0].sent.map((f) => f.type)).toEqual(['hello', 'message']);
    expect(types()).toEqual(['ready']);
    await tick(60_000);
    expect(link.transport).toBe('ws');
    expect(calls).toEqual([]);
    link.close();
  });

  it('switches to HTTP after three refused sockets and streams the answer from POST /api/chat (SSE)', async () => {
    const { link, frames, statuses, store, types } = start({ phone: '13912345678' });
    expect(link.send({ type: 'message', text: '公司拖欠工资怎么办' })).toBe(false);
    await tick(1_000);
    expect(FakeSocket.all.length).toBeLessThan(3);
    expect(link.transport).toBe('ws');
    await tick(3_000); // 3 refusals with backoff (0.5 s, 1 s) → HTTP
    expect(FakeSocket.all.length).toBeGreaterThanOrEqual(3);
    expect(link.transport).toBe('http');
    expect(statuses).toEqual(['connecting', 'fallback']); // never a raw "reconnecting" before any connection
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/chat', accept: 'text/event-stream', body: { text: '公司拖欠工资怎么办', citizen: { phone: '13912345678' } } });
    expect(calls[0].body).not.toHaveProperty('conversationId');
    expect(types()).toEqual(['ready', 'answer_delta', 'answer_delta', 'answer_done', 'suggestions']);
    expect(frames[0]).toEqual({ type: 'ready', conversationId: 'c_http000000000000001' });
    expect(frames[3]).toMatchObject({ messageId: 'm1', citations: [CITATION] });
    expect(store.get('k')).toBe('c_http000000000000001');
    expect(link.conversationId).toBe('c_http000000000000001');

    // the next question continues the same conversation, the phone is not sent again
    expect(link.send({ type: 'message', text: '需要什么材料' })).toBe(true);
    await tick(10);
    expect(calls[1].body).toEqual({ text: '需要什么材料', conversationId: 'c_http000000000000001' });
    expect(types().filter((t) => t === 'ready')).toHaveLength(1);
    link.close();
  });

  it('switches to HTTP when sockets never open (a proxy swallowing the upgrade)', async () => {
    FakeSocket.behaviour = 'hang';
    const { link, statuses } = start();
    await tick(3_900);
    expect(link.transport).toBe('ws');
    expect(statuses).toEqual(['connecting']);
    await tick(200);
    expect(link.transport).toBe('http');
    expect(statuses).toEqual(['connecting', 'fallback']);
    await tick(4_000); // the hanging socket is given up after 8 s and retried in the background
    expect(FakeSocket.all[0].readyState).toBe(3);
    await tick(2_000);
    expect(FakeSocket.all.length).toBe(2);
    link.close();
  });

  it('on a page reload behind the proxy: resumes the stored conversation over HTTP before sending', async () => {
    routes.unshift((c) =>
      c.method === 'GET' && c.path === '/api/conversations/c_stored0000000000001'
        ? json({ conversationId: 'c_stored0000000000001', status: 'bot', orderNo: null, messages: [{ id: 'a1', role: 'assistant', kind: 'answer', text: '早先的回答', citations: [] }] })
        : undefined,
    );
    const { link, frames, types } = start({}, 'c_stored0000000000001');
    link.send({ type: 'message', text: '还有一个问题' });
    await tick(4_000);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/conversations/c_stored0000000000001', 'POST /api/chat']);
    expect(frames[0]).toMatchObject({ type: 'ready', conversationId: 'c_stored0000000000001', resumed: true, history: [{ text: '早先的回答' }] });
    expect(calls[1].body).toMatchObject({ conversationId: 'c_stored0000000000001' });
    expect(types().slice(1)).toEqual(['answer_delta', 'answer_delta', 'answer_done', 'suggestions']); // no second ready
    link.close();
  });

  it('转人工 and ratings over HTTP; staff replies are pushed over the event stream at once, not polled', async () => {
    const id = 'c_http000000000000001';
    const order = '12348-20261123-000001';
    let staffReplies: Record<string, unknown>[] = [];
    const streams: ReturnType<typeof liveSse>[] = [];
    routes.unshift((c) => {
      if (c.path === `/api/conversations/${id}/handoff`) return json({ type: 'handoff', orderNo: order, text: `您的诉求已转人工处理（工单号 ${order}）`, conversationId: id });
      if (c.path === `/api/conversations/${id}/ratings`) return json({ ok: true, conversationId: id, messageId: c.body?.messageId, useful: c.body?.useful });
      if (c.method === 'GET' && c.path === `/api/conversations/${id}/events`) {
        const st = liveSse();
        streams.push(st);
        return st.response;
      }
      if (c.method === 'GET' && c.path === `/api/conversations/${id}`) return json({ conversationId: id, status: 'handed_off', orderNo: order, messages: [{ id: 'q1', role: 'citizen', text: '问题' }, ...staffReplies] });
      return undefined;
    });
    const { link, frames, types } = start();
    await tick(4_000);
    expect(link.transport).toBe('http');
    link.send({ type: 'message', text: '公司拖欠工资怎么办' });
    await tick(10);
    link.send({ type: 'rating', messageId: 'm1', useful: false, comment: '没说清楚' });
    link.send({ type: 'handoff_request', phone: '13912345678' });
    await tick(10);
    expect(calls.filter((c) => c.method === 'POST').slice(-2)).toMatchObject([
      { method: 'POST', path: `/api/conversations/${id}/ratings`, body: { messageId: 'm1', useful: false, comment: '没说清楚' } },
      { method: 'POST', path: `/api/conversations/${id}/handoff`, body: { phone: '13912345678' } },
    ]);
    expect(types().slice(-2)).toEqual(['rated', 'handoff']);
    expect(frames.at(-1)).toMatchObject({ orderNo: order });

    // after the handoff: the conversation's event stream, then one catch-up GET once it has opened
    expect(calls.at(-1)).toMatchObject({ method: 'GET', path: `/api/conversations/${id}/events`, search: '', accept: 'text/event-stream' });
    streams[0].raw('retry: 3000\nid: 4\n: open\n\n');
    await tick(10);
    expect(calls.at(-1)).toMatchObject({ method: 'GET', path: `/api/conversations/${id}` });

    // a staff reply is on screen at once, without waiting for any poll
    const reply = { type: 'staff_message', conversationId: id, messageId: 's1', text: '您好，我是值班律师', from: '张律师', at: '2026-11-23T08:00:00Z' };
    const before = calls.length;
    streams[0].send(reply, 5);
    await tick(10);
    expect(frames.at(-1)).toEqual(reply);
    staffReplies = [{ id: 's1', role: 'staff', text: '您好，我是值班律师', from: '张律师', at: '2026-11-23T08:00:00Z' }];
    streams[0].send(reply, 5); // the same message again (e.g. replayed): shown once
    streams[0].send({ type: 'handoff', conversationId: id, orderNo: order, text: '已转人工' }, 5); // shown already
    for (let i = 0; i < 3; i++) {
      await tick(20_000);
      streams[0].raw(': ping\n\n'); // the server's heartbeat keeps it open
    }
    expect(types().filter((t) => t === 'staff_message')).toHaveLength(1);
    expect(types().filter((t) => t === 'handoff')).toHaveLength(1);
    expect(calls.length).toBe(before); // no polling, no reconnect meanwhile

    // the stream drops: it reconnects and says where it was; the server replays what was missed
    streams[0].cut();
    await tick(1_000);
    expect(streams).toHaveLength(2);
    expect(calls.at(-1)).toMatchObject({ path: `/api/conversations/${id}/events`, search: '?lastEventId=5' });
    streams[1].raw('id: 5\n\n');
    streams[1].send({ type: 'staff_message', conversationId: id, messageId: 's2', text: '请提供劳动合同', from: '张律师', at: '2026-11-23T08:01:00Z' }, 7);
    await tick(10);
    expect(frames.at(-1)).toMatchObject({ type: 'staff_message', messageId: 's2', text: '请提供劳动合同' });
    expect(calls.filter((c) => c.path === `/api/conversations/${id}`)).toHaveLength(1); // no catch-up needed: it was live all along

    // close(): the stream is let go
    link.close();
    await tick(10);
    expect(streams[1].state.cancelled).toBe(true);
    await tick(60_000);
    expect(streams).toHaveLength(2);
  });

  it('an event stream that never opens (a proxy buffering it) falls back to polling every 15 s, and back when it works', async () => {
    let staffReplies: Record<string, unknown>[] = [];
    let buffering = true;
    // buffered: nothing ever arrives
    const streams = handoffServer({ open: (st) => !buffering && st.raw('id: 9\n\n'), messages: () => staffReplies });
    const { link, frames, types } = start();
    await tick(4_000);
    await askThenHandoff(link);
    const polls = () => calls.filter((c) => c.path === `/api/conversations/${HANDED_OFF}`).length;
    // three streams given up after 8 s each (with backoff between): then polling
    await tick(30_000);
    expect(streams.length).toBeGreaterThanOrEqual(3);
    expect(streams.slice(0, 3).every((st) => st.state.cancelled)).toBe(true);
    staffReplies = [{ id: 's1', role: 'staff', text: '您好', from: '张律师' }];
    await tick(15_000);
    expect(polls()).toBeGreaterThanOrEqual(1);
    expect(frames.at(-1)).toMatchObject({ type: 'staff_message', messageId: 's1' });
    const p = polls();
    await tick(15_000);
    expect(polls()).toBeGreaterThan(p); // still polling, at the existing 15 s

    // the stream is retried slowly; once it opens, polling stops
    buffering = false;
    await tick(70_000);
    expect(streams.at(-1)!.state.cancelled).toBe(false);
    const q = polls();
    await tick(45_000);
    expect(polls()).toBe(q);
    expect(types().filter((t) => t === 'staff_message')).toHaveLength(1);
    link.close();
  });

  it('work-order status notices come over the event stream and the catch-up, each shown once', async () => {
    // one notice was stored before the stream opened: the catch-up GET shows it
    let stored: Record<string, unknown>[] = [
      { id: 'n1', role: 'assistant', kind: 'order_status', orderNo: '12348-1', state: 'claimed', text: '您的工单 12348-1 已由工作人员受理，将尽快为您办理。', at: '2026-11-23T08:00:00Z' },
    ];
    const streams = handoffServer({ messages: () => stored });
    const { link, frames, types } = start();
    await tick(4_000);
    await askThenHandoff(link);
    streams[0].raw('id: 3\n\n');
    await tick(10);
    expect(frames.at(-1)).toEqual({ type: 'order_status', messageId: 'n1', orderNo: '12348-1', state: 'claimed', text: stored[0].text, at: '2026-11-23T08:00:00Z' });

    // the next one is pushed at once; the same one again (a replay, the catch-up) is not shown twice
    const resolved = { type: 'order_status', conversationId: HANDED_OFF, messageId: 'n2', orderNo: '12348-1', state: 'resolved', text: '您的工单 12348-1 已办结。', at: '2026-11-23T09:00:00Z' };
    streams[0].send(resolved, 4);
    await tick(10);
    expect(frames.at(-1)).toEqual(resolved);
    stored = [...stored, { id: 'n2', role: 'assistant', kind: 'order_status', orderNo: '12348-1', state: 'resolved', text: resolved.text, at: resolved.at }];
    streams[0].send(resolved, 4);
    streams[0].send({ ...resolved, messageId: 'n1' }, 3);
    streams[0].cut(); // reconnect: a catch-up is not needed, but nothing is shown twice either way
    await tick(5_000);
    expect(types().filter((t) => t === 'order_status')).toHaveLength(2);
    // a notice of another conversation on this stream is ignored
    streams.at(-1)!.raw('id: 4\n\n');
    streams.at(-1)!.send({ ...resolved, conversationId: 'c_other0000000000000', messageId: 'x9' }, 5);
    await tick(10);
    expect(types().filter((t) => t === 'order_status')).toHaveLength(2);
    link.close();
  });

  it('the event stream stops when the link moves back to the WebSocket, and on 新对话', async () => {
    const streams = handoffServer({ open: (st) => st.raw('id: 3\n\n') });
    const { link } = start();
    await tick(4_000);
    await askThenHandoff(link);
    expect(streams).toHaveLength(1);

    link.reset(); // 新对话: the old conversation's stream goes
    await tick(10);
    expect(streams[0].state.cancelled).toBe(true);
    await tick(4_000);
    await askThenHandoff(link);
    expect(streams).toHaveLength(2);
    expect(streams[1].state.cancelled).toBe(false);

    FakeSocket.behaviour = 'accept'; // sockets get through again: staff replies come over the socket
    await tick(30_000);
    expect(link.transport).toBe('ws');
    expect(streams[1].state.cancelled).toBe(true);
    await tick(60_000);
    expect(streams).toHaveLength(2);
    link.close();
  });

  it('转人工 before any question: POST /api/handoff opens a conversation already handed to a person', async () => {
    const id = 'c_new00000000000000001';
    routes = [(c) => (c.method === 'POST' && c.path === '/api/handoff' ? json({ type: 'handoff', orderNo: '12348-20261123-000002', text: '已转人工', conversationId: id }) : undefined)];
    const { link, types, store } = start();
    await tick(4_000);
    link.send({ type: 'handoff_request', phone: '13912345678' });
    await tick(10);
    expect(calls.filter((c) => c.method === 'POST').map((c) => ({ path: c.path, body: c.body }))).toEqual([{ path: '/api/handoff', body: { phone: '13912345678' } }]);
    expect(types()).toEqual(['ready', 'handoff']);
    expect(store.get('k')).toBe(id); // a reload resumes the handed-off conversation
    link.close();
  });

  it('转人工 in a conversation the server no longer has: a new one, handed over (never 「转人工」 as a question)', async () => {
    const gone = 'c_gone0000000000000001';
    const id = 'c_new00000000000000002';
    routes = [(c) => (c.method === 'POST' && c.path === '/api/handoff' ? json({ type: 'handoff', orderNo: '12348-20261123-000003', text: '已转人工', conversationId: id }) : undefined)];
    const { link, types, store } = start({}, gone);
    await tick(4_000);
    link.send({ type: 'handoff_request' });
    await tick(10);
    const posts = calls.filter((c) => c.method === 'POST').map((c) => c.path);
    expect(posts.at(-1)).toBe('/api/handoff');
    expect(posts).not.toContain('/api/chat');
    expect(types()).toContain('handoff');
    expect(store.get('k')).toBe(id);
    link.close();
  });

  it('转人工 refused by the server: the server\'s Chinese message, no handoff', async () => {
    routes = [(c) => (c.method === 'POST' && c.path === '/api/handoff' ? json({ error: { code: 'unavailable', message: '人工服务暂不可用，请拨打12348。' } }, 503) : undefined)];
    const { link, frames } = start();
    await tick(4_000);
    link.send({ type: 'handoff_request' });
    await tick(10);
    expect(frames.filter((f) => f.type === 'handoff')).toEqual([]);
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'unavailable', message: '人工服务暂不可用，请拨打12348。' });
    link.close();
  });

  it('moves back to the WebSocket when it opens, but not while an answer is streaming over HTTP', async () => {
    const live = liveSse();
    routes = [(c) => (c.path === '/api/chat' ? live.response : undefined)];
    const { link, statuses, types } = start();
    await tick(4_000);
    expect(link.transport).toBe('http');
    link.send({ type: 'message', text: '公司拖欠工资怎么办' });
    await tick(10);
    live.send({ type: 'ready', conversationId: 'c_http000000000000001' });
    live.send({ type: 'answer_delta', text: '根据' });
    await tick(10);

    FakeSocket.behaviour = 'accept'; // the network lets sockets through again
    await tick(20_000); // the next background attempt gets ready …
    const sock = FakeSocket.all.at(-1)!;
    expect(sock.sent[0]).toEqual({ type: 'hello', conversationId: 'c_http000000000000001' });
    expect(link.transport).toBe('http'); // … but the answer is still streaming
    live.send({ type: 'answer_delta', text: '《劳动合同法》' });
    live.send({ type: 'answer_done', messageId: 'm1', text: '根据《劳动合同法》', citations: [CITATION] });
    live.end();
    await tick(50);
    // done: hello again for a history that includes that answer, then over to the socket
    expect(sock.sent.map((f) => f.type)).toEqual(['hello', 'hello']);
    expect(link.transport).toBe('ws');
    expect(statuses.at(-1)).toBe('open');
    expect(types()).toEqual(['ready', 'answer_delta', 'answer_delta', 'answer_done', 'ready']);
    expect(link.send({ type: 'message', text: '下一个问题' })).toBe(true);
    expect(sock.sent.at(-1)).toEqual({ type: 'message', text: '下一个问题' });
    expect(calls).toHaveLength(1);
    link.close();
  });

  it('a socket that opens during the fallback with no conversation yet joins the one HTTP opened', async () => {
    const { link } = start();
    await tick(4_000);
    FakeSocket.behaviour = 'accept';
    FakeSocket.readyDelay = 500;
    // the next attempt opens and says hello without an id; meanwhile a question opens a conversation over HTTP
    const before = FakeSocket.all.length;
    for (let i = 0; i < 3_000 && !FakeSocket.all[before]?.sent.length; i++) await tick(10);
    const sock = FakeSocket.all.at(-1)!;
    expect(sock.sent).toEqual([{ type: 'hello' }]);
    link.send({ type: 'message', text: '公司拖欠工资怎么办' });
    await tick(10);
    expect(link.conversationId).toBe('c_http000000000000001');
    await tick(500); // the socket's ready names another (new) conversation: it says hello again with this one
    expect(sock.sent).toEqual([{ type: 'hello' }, { type: 'hello', conversationId: 'c_http000000000000001' }]);
    expect(link.transport).toBe('http');
    await tick(500);
    expect(link.transport).toBe('ws');
    expect(link.conversationId).toBe('c_http000000000000001');
    link.close();
  });

  it('a drop with the server down altogether says reconnecting (not 兼容模式); HTTP then catches up on staff replies', async () => {
    FakeSocket.behaviour = 'accept';
    const { link, frames, statuses } = start();
    await tick(100);
    expect(statuses).toEqual(['connecting', 'open']);
    const id = link.conversationId!;
    FakeSocket.behaviour = 'refuse';
    offline = true;
    FakeSocket.all[0].close();
    await tick(5_000);
    expect(link.transport).toBe('http');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toContain(`GET /api/conversations/${id}`);
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting']);
    offline = false;
    routes.unshift((c) => (c.method === 'GET' ? json({ conversationId: id, status: 'handed_off', orderNo: '12348-1', messages: [{ id: 's9', role: 'staff', text: '请提供劳动合同', from: '李律师' }] }) : undefined));
    await tick(8_000);
    expect(statuses.at(-1)).toBe('fallback');
    expect(frames.filter((f) => f.type !== 'ready')).toEqual([{ type: 'staff_message', messageId: 's9', text: '请提供劳动合同', from: '李律师', at: undefined }]);
    FakeSocket.behaviour = 'accept';
    await tick(20_000);
    expect(statuses.at(-1)).toBe('open');
    expect(link.transport).toBe('ws');
    link.close();
  });

  it('HTTP trouble: retries what did not get through, says so in Chinese, shows server messages, never raw errors', async () => {
    const { link, frames, statuses } = start();
    await tick(4_000);
    offline = true;
    link.send({ type: 'message', text: '问题一' });
    await tick(10);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(link.send({ type: 'message', text: '问题二' })).toBe(false); // queued behind it
    offline = false;
    await tick(2_100);
    expect(statuses.at(-1)).toBe('fallback');
    expect(calls.filter((c) => c.path === '/api/chat').map((c) => c.body?.text)).toEqual(['问题一', '问题一', '问题二']);

    // a gateway error page (not the server): retried later like a network failure
    routes.unshift((c) => (c.body?.text === '网关' ? new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }) : undefined));
    // the server refusing: its own Chinese message; anything else: a plain Chinese one
    routes.unshift((c) => (c.body?.text === '太快' ? json({ error: { code: 'rate_limited', message: '发送太频繁了，请稍后再试。' } }, 429) : undefined));
    routes.unshift((c) => (c.body?.text === '英文' ? json({ error: { code: 'internal', message: 'TypeError: x is undefined' } }, 500) : undefined));
    frames.length = 0;
    link.send({ type: 'message', text: '太快' });
    link.send({ type: 'message', text: '英文' });
    await tick(10);
    expect(frames).toEqual([
      { type: 'error', code: 'rate_limited', message: '发送太频繁了，请稍后再试。' },
      { type: 'error', code: 'internal', message: '暂时无法处理您的请求，请稍后再试，或拨打12348。' },
    ]);
    link.send({ type: 'message', text: '网关' });
    await tick(10);
    expect(statuses.at(-1)).toBe('reconnecting');
    link.close();
  });

  it('an answer cut off mid-stream ends in a Chinese notice (the half answer is not left hanging)', async () => {
    const live = liveSse();
    routes = [(c) => (c.path === '/api/chat' ? live.response : undefined)];
    const { link, frames } = start();
    await tick(4_000);
    link.send({ type: 'message', text: '公司拖欠工资怎么办' });
    await tick(10);
    live.send({ type: 'answer_delta', text: '根据' });
    live.cut();
    await tick(10);
    expect(frames.at(-1)).toEqual({ type: 'error', code: 'stream_cut', message: '网络中断，回答没有完整送达，请重新发送您的问题。' });
    link.close();
  });

  it('a plain JSON answer (a proxy that does not pass streams) is turned into the same frames', async () => {
    routes = [
      (c) =>
        c.path === '/api/chat'
          ? json({ type: 'answer_done', messageId: 'm1', text: '请立即拨打110', citations: [], conversationId: 'c_http000000000000001', suggestions: ['转人工'], handoff: { orderNo: '12348-20261123-000003', text: '已转人工' } })
          : undefined,
    ];
    const { link, frames, types } = start();
    await tick(4_000);
    link.send({ type: 'message', text: '他要打我' });
    await tick(10);
    expect(types()).toEqual(['ready', 'answer_done', 'suggestions', 'handoff']);
    expect(frames[3]).toEqual({ type: 'handoff', orderNo: '12348-20261123-000003', text: '已转人工' });
    link.close();
  });

  it('新对话 during the fallback drops the old answer and starts without an id', async () => {
    const live = liveSse();
    let aborted = false;
    const old = (c: Call) => {
      c.signal?.addEventListener('abort', () => (aborted = true));
      return live.response; // (a fetch would error the body now; this one keeps streaming)
    };
    routes = [(c) => (c.path === '/api/chat' ? (c.body?.text === '旧问题' ? old(c) : answer(c, 'c_second0000000000001')) : undefined)];
    const { link, frames, store } = start({}, 'c_old00000000000000001');
    await tick(4_000);
    expect(calls.map((c) => c.method)).toEqual(['GET']); // the stored one is unknown (404): nothing to resume
    link.send({ type: 'message', text: '旧问题' });
    await tick(10);
    live.send({ type: 'answer_delta', text: '旧的' });
    await tick(10);
    expect(frames.map((f) => f.type)).toEqual(['answer_delta']);
    link.reset();
    expect(store.has('k')).toBe(false);
    expect(aborted).toBe(true);
    live.send({ type: 'answer_delta', text: '回答' });
    live.send({ type: 'answer_done', messageId: 'm0', text: '旧的回答' });
    live.end();
    await tick(10);
    expect(frames).toHaveLength(1); // the old conversation's answer is dropped
    link.send({ type: 'message', text: '新问题' });
    await tick(10);
    expect(calls.at(-1)?.body).toEqual({ text: '新问题' });
    expect(frames[1]).toEqual({ type: 'ready', conversationId: 'c_second0000000000001' });
    expect(store.get('k')).toBe('c_second0000000000001');
    link.close();
  });
});
