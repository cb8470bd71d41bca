// Work-order status notices in the citizen's chat, end to end: a real server on 127.0.0.1 (SQLite
// file in a temp dir, sample knowledge base). A citizen hands off over /ws/chat; staff claim,
// transfer, start and resolve the order over the orders API; the citizen's socket gets an
// `order_status` frame for each citizen-relevant step (not for internal ones), the event stream
// delivers the same frames, and GET /api/conversations/:id and a resumed `ready` replay them.
// Another conversation's socket and stream see nothing of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensModule } from '../citizens/module';
import { apiClient } from '../orders/api-client';
import { ordersModule } from '../orders/module';
import { startTestServer, type TestServer } from '../testing/server';
import { chatModule } from './module';
import { ANNOUNCED_ORDER_EVENTS, orderStatusText } from './order-status';
import { ChatClient, EventStreamClient, handedOffChat, type Frame } from './test-client';

let s: TestServer;
let token = '';
let staffName = '';
const api = () => apiClient(s.url);

beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' }, modules: [ordersModule(), citizensModule(), chatModule({ eventsHeartbeatMs: 300 })] });
  const r = await api().post<{ token: string; staff: { name: string } }>('/api/auth/login', { username: 'admin', password: 'admin-pass-123' });
  token = r.body.token;
  staffName = r.body.staff.name;
});
afterAll(async () => {
  await s?.cleanup();
});

const handedOff = (phone: string) => handedOffChat(s.wsUrl, phone);

async function act(orderNo: string, action: string, body: Record<string, unknown> = {}) {
  const r = await api().post(`/api/orders/${orderNo}/${action}`, body, token);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** An open GET /api/conversations/:id/events, past its opening block. */
async function openStream(conversationId: string, lastEventId?: string) {
  const st = await EventStreamClient.open(`${s.url}/api/conversations/${conversationId}/events`, lastEventId ? { 'last-event-id': lastEventId } : {});
  expect(st.res.status).toBe(200);
  await st.until((x) => x.blocks.length >= 1);
  return st;
}

const statusFrames = (c: ChatClient) => c.frames.filter((f) => f.type === 'order_status');

describe('work-order status notices in the citizen chat', () => {
  it('claim, transfer, start and resolve reach the citizen socket and event stream; replay includes them', async () => {
    const a = await handedOff('13800138000');
    const b = await handedOff('13900139000'); // an unrelated conversation with its own order
    const streamA = await openStream(a.conversationId);
    const streamB = await openStream(b.conversationId);

    await act(a.orderNo, 'claim');
    const claimed = await a.chat.next('order_status', 5_000);
    expect(claimed).toEqual({
      type: 'order_status',
      conversationId: a.conversationId,
      messageId: expect.stringMatching(/^m_/),
      orderNo: a.orderNo,
      state: 'claimed',
      text: `您的工单 ${a.orderNo} 已由工作人员受理，将尽快为您办理。`,
      at: expect.any(String),
    });
    await expect.poll(() => streamA.events.length, { timeout: 5_000 }).toBe(1);
    expect(streamA.events[0].event).toBe('order_status');
    expect(streamA.events[0].data).toEqual(claimed); // the same frame over both doors

    // internal steps are not announced: a note, an escalation-like change of another order
    await act(a.orderNo, 'note', { note: '群众来电补充了材料，手机号13800138000' });
    await act(a.orderNo, 'transfer', { teamKey: 'hotline', reason: '转热线统一办理' });
    const transferred = await a.chat.next('order_status', 5_000);
    expect(transferred).toMatchObject({ orderNo: a.orderNo, state: 'assigned' });
    expect(transferred.text).toContain('已转交12348热线坐席组办理'); // the team or institution, as the progress view names it

    await act(a.orderNo, 'claim');
    await act(a.orderNo, 'start');
    await act(a.orderNo, 'resolve', { resolution: '已告知申请劳动仲裁的流程和所需材料，张三将电话回访。' });
    const rest = [await a.chat.next('order_status', 5_000), await a.chat.next('order_status', 5_000), await a.chat.next('order_status', 5_000)];
    expect(rest.map((f) => f.state)).toEqual(['claimed', 'in_progress', 'resolved']);
    const resolved = rest[2];
    expect(resolved.text).toBe(`您的工单 ${a.orderNo} 已办结。欢迎您对本次服务进行评价；如问题仍未解决，可申请重新办理。`);

    const frames = statusFrames(a.chat);
    expect(frames.map((f) => f.state)).toEqual(['claimed', 'assigned', 'claimed', 'in_progress', 'resolved']); // no note, no dispatch
    for (const f of frames) {
      expect(f.text).toMatch(/^您的工单 /);
      expect(f.text).not.toMatch(/\d{3}(\*{4}|\d{4})\d{4}/); // no phone number, masked or not
      if (staffName) expect(f.text).not.toContain(staffName);
      expect(f.text).not.toContain('劳动仲裁'); // the staff's resolution record is not sent
    }
    await expect.poll(() => streamA.events.length, { timeout: 5_000 }).toBe(5);
    expect(streamA.events.map((e) => e.data)).toEqual(frames);
    const ids = streamA.events.map((e) => Number(e.id));
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);

    // the unrelated conversation saw none of it
    await new Promise((r) => setTimeout(r, 400)); // a heartbeat's flush later
    expect(statusFrames(b.chat)).toEqual([]);
    expect(streamB.events).toEqual([]);
    // ...and gets its own order's notice only
    await act(b.orderNo, 'claim');
    const bClaimed = await b.chat.next('order_status', 5_000);
    expect(bClaimed).toMatchObject({ conversationId: b.conversationId, orderNo: b.orderNo, state: 'claimed' });
    await expect.poll(() => streamB.events.length, { timeout: 5_000 }).toBe(1);
    expect(streamB.events[0].data).toEqual(bClaimed);
    await new Promise((r) => setTimeout(r, 200));
    expect(statusFrames(a.chat)).toHaveLength(5);
    expect(streamA.events).toHaveLength(5);

    // replay: GET /api/conversations/:id lists the notices (the frame's fields on the message)
    const conv = (await (await fetch(`${s.url}/api/conversations/${a.conversationId}`)).json()) as { messages: Record<string, unknown>[] };
    const notices = conv.messages.filter((m) => m.kind === 'order_status');
    expect(notices.map((m) => ({ messageId: m.id, orderNo: m.orderNo, state: m.state, text: m.text, at: m.at }))).toEqual(
      frames.map((f) => ({ messageId: f.messageId, orderNo: f.orderNo, state: f.state, text: f.text, at: f.at })),
    );
    expect(notices.every((m) => m.role === 'assistant' && !('from' in m))).toBe(true);
    // a notice is not an answer: it cannot be rated
    const rated = await fetch(`${s.url}/api/conversations/${a.conversationId}/ratings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messageId: notices[0].id, useful: true }),
    });
    expect(rated.status).toBe(404);
    expect(((await rated.json()) as { error: { message: string } }).error.message).toBe('没有找到要评价的回答。');

    // a resumed socket gets them in ready.history; a reconnecting stream with Last-Event-ID replays them
    const again = await ChatClient.open(`${s.wsUrl}/ws/chat`);
    again.send({ type: 'hello', conversationId: a.conversationId });
    const ready = await again.next('ready');
    expect(ready.history.filter((m: Frame) => m.kind === 'order_status').map((m: Frame) => m.state)).toEqual(['claimed', 'assigned', 'claimed', 'in_progress', 'resolved']);
    const replay = await openStream(a.conversationId, streamA.events[2].id);
    await expect.poll(() => replay.events.length, { timeout: 5_000 }).toBe(2);
    expect(replay.events.map((e) => e.data.state)).toEqual(['in_progress', 'resolved']);

    for (const st of [streamA, streamB, replay]) st.close();
    for (const c of [a.chat, b.chat, again]) c.close();
  });

  it('ignores order changes without a conversation, of an unknown conversation, and internal events', async () => {
    const c = await handedOff('13700137000');
    const at = new Date().toISOString();
    s.ctx.bus.emit('order.updated', { orderNo: c.orderNo, orderId: 1, state: 'claimed', event: 'claim', at }); // no conversationId
    s.ctx.bus.emit('order.updated', { orderNo: c.orderNo, orderId: 1, state: 'claimed', event: 'claim', conversationId: 'c_00000000000000000000000000000000', at });
    for (const event of ['escalate', 'merge', 'note', 'dispatch', 'assign', 'callback', 'reply']) {
      s.ctx.bus.emit('order.updated', { orderNo: c.orderNo, orderId: 1, state: 'assigned', event, conversationId: c.conversationId, at });
    }
    const conv = (await (await fetch(`${s.url}/api/conversations/${c.conversationId}`)).json()) as { messages: { kind: string }[] };
    expect(conv.messages.filter((m) => m.kind === 'order_status')).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(statusFrames(c.chat)).toEqual([]);
    c.chat.close();
  });
});

describe('orderStatusText', () => {
  it('announces the steps a citizen follows, in Chinese with the order number, and nothing internal', () => {
    expect(ANNOUNCED_ORDER_EVENTS.sort()).toEqual(['claim', 'close', 'reopen', 'resolve', 'return', 'start', 'transfer']);
    for (const e of ANNOUNCED_ORDER_EVENTS) {
      const t = orderStatusText(e, '12348-20260302-000001')!;
      expect(t).toContain('您的工单 12348-20260302-000001');
      expect(t).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(orderStatusText('claim', '12348-20260302-000001')).toBe('您的工单 12348-20260302-000001 已由工作人员受理，将尽快为您办理。');
    expect(orderStatusText('resolve', 'X')).toContain('已办结');
    expect(orderStatusText('transfer', 'X', '某区法律援助中心')).toContain('已转交某区法律援助中心办理');
    expect(orderStatusText('transfer', 'X', ' ')).toContain('已转交相关部门（机构）办理');
    for (const e of ['escalate', 'merge', 'note', 'dispatch', 'assign', 'callback', 'reply', 'reschedule', 'revisit', 'evaluate', 'create', 'toString', '__proto__']) {
      expect(orderStatusText(e, 'X')).toBeNull();
    }
  });
});
