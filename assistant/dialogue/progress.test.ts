// 「我的工单办得怎么样了」 in the chat, end to end: a real server on 127.0.0.1 (SQLite file in a
// temp dir, sample knowledge base) with the orders, citizens and chat modules. After a handoff and
// a staff claim the citizen gets their order's state over /ws/chat and POST /api/chat; without an
// order of the conversation they are told how to check it (no status of any order); a legal
// question with 进度-like words is still answered from the law.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatClient, handedOffChat, type Frame } from '../chat/test-client';
import { citizensModule } from '../citizens/module';
import { apiClient } from '../orders/api-client';
import { ordersModule } from '../orders/module';
import { chatModule } from '../chat/module';
import { startTestServer, type TestServer } from '../testing/server';
import { HOW_TO_CHECK_SUGGESTIONS } from './progress';

let s: TestServer;
let token = '';
let staffName = '';
const api = () => apiClient(s.url);

beforeAll(async () => {
  s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' }, modules: [ordersModule(), citizensModule(), chatModule()] });
  const r = await api().post<{ token: string; staff: { name: string } }>('/api/auth/login', { username: 'admin', password: 'admin-pass-123' });
  token = r.body.token;
  staffName = r.body.staff.name;
});
afterAll(async () => {
  await s?.cleanup();
});

async function act(orderNo: string, action: string, body: Record<string, unknown> = {}) {
  const r = await api().post(`/api/orders/${orderNo}/${action}`, body, token);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const chat = async (body: Record<string, unknown>) => {
  const r = await fetch(`${s.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return (await r.json()) as Record<string, any>;
};

const ORDER_NO = /12348-\d{8}-\d{6,7}/;
const PHONE_LIKE = /\d{3}(\*{4}|\d{4})\d{4}/;

/** A reply that tells no order's status: how to check, with verification. */
function expectHowToCheck(text: string) {
  expect(text).toContain('「查询工单进度」');
  expect(text).toContain('手机号后四位');
  expect(text).toContain('12348');
  expect(text).not.toContain('当前状态');
  for (const label of ['已受理', '已分派', '已认领', '办理中', '已办结', '已关闭']) expect(text).not.toContain(label);
}

async function handedOffWs(phone: string) {
  const { chat: c, conversationId, orderNo } = await handedOffChat(s.wsUrl, phone);
  return { c, conversationId, orderNo };
}

describe('progress question with a work order of this conversation', () => {
  it('over /ws/chat: the order number and its state, no citations, then suggestions; stored like a turn', async () => {
    const { c, conversationId, orderNo } = await handedOffWs('13800138000');
    await act(orderNo, 'claim');
    await c.next('order_status', 5_000);

    const done = await c.ask('我的工单办得怎么样了');
    expect(done.type).toBe('answer_done');
    expect(done.text).toContain(`您的工单 ${orderNo} 当前状态：已认领。`);
    expect(done.text).toContain('工作人员已接手您的工单');
    expect(done.citations).toEqual([]);
    expect(done.mode).toBe('rules');
    expect(done.text).not.toMatch(PHONE_LIKE);
    if (staffName) expect(done.text).not.toContain(staffName);
    const sug: Frame = await c.next('suggestions');
    expect(sug.items).toEqual([]);

    // question and reply stored together, after the status notice
    const conv = await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json();
    const last = conv.messages.slice(-2);
    expect(last[0]).toMatchObject({ role: 'citizen', kind: 'question', text: '我的工单办得怎么样了' });
    expect(last[1]).toMatchObject({ id: done.messageId, role: 'assistant', kind: 'answer', text: done.text, citations: [] });
    // staff still see the citizen's message in the order's transcript
    await expect
      .poll(async () => {
        const r = await api().get<{ order: { transcript: { role: string; text: string }[] } }>(`/api/orders/${orderNo}`, token);
        return r.body.order.transcript.some((l) => l.role === 'citizen' && l.text === '我的工单办得怎么样了');
      })
      .toBe(true);

    // the state follows the order; a resolved order gets no "leave a message" line
    await act(orderNo, 'start');
    await act(orderNo, 'resolve', { resolution: '已告知申请劳动仲裁的流程，张三将于周五回访 13800138000。' });
    const resolved = await c.ask('查一下工单进度');
    expect(resolved.text).toContain(`您的工单 ${orderNo} 当前状态：已办结。`);
    expect(resolved.text).not.toContain('留言');
    expect(resolved.text).not.toContain('劳动仲裁'); // the staff's resolution record is not shown
    expect(resolved.text).not.toMatch(PHONE_LIKE);

    // another order's number is not looked up here, even in a handed-off conversation
    const other = await handedOffWs('13900139000');
    const probe = await c.ask(`${other.orderNo} 进度怎么样了`);
    expect(probe.type).toBe('answer_done');
    expectHowToCheck(probe.text);
    other.c.close();
    c.close();
  });

  it('over POST /api/chat: the same reply', async () => {
    const first = await chat({ text: '邻居装修把我家墙弄裂了怎么办' });
    const conversationId = first.conversationId as string;
    const h = await (await fetch(`${s.url}/api/conversations/${conversationId}/handoff`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone: '13700137000' }) })).json();
    const orderNo = h.orderNo as string;
    expect(orderNo).toMatch(ORDER_NO);
    await act(orderNo, 'claim');

    const b = await chat({ text: '我反映的问题有人处理了吗', conversationId });
    expect(b.type).toBe('answer_done');
    expect(b.text).toContain(`您的工单 ${orderNo} 当前状态：已认领。`);
    expect(b.citations).toEqual([]);
    expect(b.suggestions).toEqual([]);
    expect(b.text).not.toMatch(PHONE_LIKE);
  });

  it('without the orders port: a polite reply with 12348, no status', async () => {
    const { c, orderNo } = await handedOffWs('13600136000');
    const saved = s.ctx.ports.orders;
    s.ctx.ports.orders = undefined;
    try {
      const done = await c.ask('工单进度');
      expect(done.type).toBe('answer_done');
      expect(done.text).toContain(orderNo);
      expect(done.text).toContain('暂时无法查询');
      expect(done.text).toContain('12348');
      expect(done.text).not.toContain('当前状态');
    } finally {
      s.ctx.ports.orders = saved;
      c.close();
    }
  });
});

describe('progress question without a work order of this conversation', () => {
  it('over /ws/chat: how to check (the widget\'s 「查询工单进度」 or 12348), no citations, suggestions', async () => {
    const c = await ChatClient.open(`${s.wsUrl}/ws/chat`);
    c.send({ type: 'hello' });
    await c.next('ready');
    const done = await c.ask('我的工单办得怎么样了');
    expect(done.type).toBe('answer_done');
    expect(done.citations).toEqual([]);
    expectHowToCheck(done.text);
    expect(done.text).not.toMatch(ORDER_NO);
    const sug: Frame = await c.next('suggestions');
    expect(sug.items).toEqual(HOW_TO_CHECK_SUGGESTIONS);
    c.close();
  });

  it('over POST /api/chat, with an existing order\'s number typed: no status of it', async () => {
    const { c, orderNo } = await handedOffWs('13500135000');
    await act(orderNo, 'claim');
    c.close();
    const b = await chat({ text: `帮我查询 ${orderNo} 的进度` });
    expect(b.type).toBe('answer_done');
    expect(b.citations).toEqual([]);
    expect(b.suggestions).toEqual(HOW_TO_CHECK_SUGGESTIONS);
    expectHowToCheck(b.text);
    expect(b.text).toContain(orderNo); // the number they typed, echoed in the how-to
  });

  it('a legal question with 进度-like words still gets a legal answer', async () => {
    for (const text of ['劳动仲裁的进度怎么查', '离婚诉讼一般多久']) {
      const b = await chat({ text });
      expect(b.type, text).toBe('answer_done');
      expect(b.text, text).not.toContain('「查询工单进度」');
      expect(b.citations.length, text).toBeGreaterThan(0);
    }
  });
});
