// Handoff end to end through the whole server (default modules): a citizen asks for a person on
// /ws/chat, an order opens with the conversation, the citizen sees its number, the desk socket
// receives it, and a staff reply over the desk socket reaches the citizen's chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ChatClient } from '../chat/test-client';
import { ManualClock } from '../clock';
import { startTestServer, type TestServer } from '../testing/server';
import { apiClient } from './api-client';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ clock: new ManualClock(new Date('2026-03-02T10:00:00+08:00')) });
});
afterAll(async () => {
  await s?.cleanup();
});

describe('chat → work order → desk', () => {
  it('opens an order from a chat handoff request and shows it live on the desk', async () => {
    const api = apiClient(s.url);
    const token = await api.login('admin', 'admin-pass-123');
    const desk = new WebSocket(`${s.wsUrl}/ws/desk?token=${encodeURIComponent(token)}`);
    const deskFrames: any[] = [];
    desk.on('message', (d) => deskFrames.push(JSON.parse(d.toString())));
    await new Promise((r) => desk.once('open', r));

    const chat = await ChatClient.open(`${s.wsUrl}/ws/chat`);
    chat.send({ type: 'hello' });
    const ready = await chat.next('ready');
    chat.send({ type: 'message', text: '公司拖欠我三个月工资怎么办？' });
    await chat.next((f) => f.type === 'answer_done' || f.type === 'clarify' || f.type === 'handoff');
    chat.send({ type: 'handoff_request', phone: '13800138000' });
    const handoff = await chat.next('handoff');
    expect(handoff.orderNo).toMatch(/^12348-20260302-\d{6}$/);
    expect(handoff.text).toContain(handoff.orderNo);

    const until = async (pred: (f: any) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const f = deskFrames.find(pred);
        if (f) return f;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`desk frame missing: ${JSON.stringify(deskFrames.map((f) => f.type))}`);
    };
    const created = await until((f) => f.type === 'order.created' && f.orderNo === handoff.orderNo);
    expect(created.conversationId).toBe(ready.conversationId);

    const detail = (await api.get(`/api/orders/${handoff.orderNo}`, token)).body.order;
    expect(detail).toMatchObject({ channel: 'web', phoneMasked: '138****8000', conversationId: ready.conversationId });
    expect(detail.transcript.some((l: { text: string }) => l.text.includes('拖欠'))).toBe(true);
    expect(detail.citizenId).toBeTruthy(); // identified through ctx.ports.citizens

    // What the citizen writes after the handoff reaches the desk and joins the order's transcript.
    chat.send({ type: 'message', text: '我还有劳动合同原件，需要带来吗？' });
    await until((f) => f.type === 'conversation.citizen_message' && f.conversationId === ready.conversationId);
    const later = (await api.get(`/api/orders/${handoff.orderNo}`, token)).body.order;
    expect(later.transcript.at(-1)).toMatchObject({ role: 'citizen', text: '我还有劳动合同原件，需要带来吗？' });
    const progress = await api.get(`/api/orders/progress?orderNo=${handoff.orderNo}&last4=8000`);
    expect(progress.body.state).toBe('assigned');

    // The supervisor takes it and answers over the desk socket; the citizen's chat shows it.
    expect((await api.post(`/api/orders/${handoff.orderNo}/claim`, {}, token)).status).toBe(200);
    desk.send(JSON.stringify({ type: 'reply', orderNo: handoff.orderNo, text: '您好，我是 12348 工作人员，马上为您处理。', ref: 'x' }));
    const staffMsg = await chat.next('staff_message');
    expect(staffMsg.text).toContain('12348 工作人员');
    await until((f) => f.type === 'ack' && f.ref === 'x');
    desk.close();
    chat.ws.close();
  });
});
