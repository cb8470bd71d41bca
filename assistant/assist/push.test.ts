// Repeat-contact push through a real server: contactStarted on the citizens port → assist.pushed
// on the bus → a real WebSocket subscriber on 127.0.0.1 receives it within a second; the push is
// stored and served by GET /api/assist/contacts/:contactId.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Module } from '../context';
import { citizensModule } from '../citizens/module';
import { ordersModule, startCitizensServer, TestOrders, type CitizensTestServer } from '../citizens/test-server';
import type { PushPayload } from './push';

/** A subscriber socket that forwards assist.pushed frames (what the desk socket does for staff). */
const subscriberModule: Module = {
  name: 'test-subscriber',
  sockets: (ctx) => ({
    '/ws/test-assist': (ws) => {
      const off = ctx.bus.on('assist.pushed', (e) => ws.send(JSON.stringify({ type: 'assist', ...e })));
      ws.on('close', off);
      ws.send(JSON.stringify({ type: 'ready' }));
    },
  }),
};

let s: CitizensTestServer;
const orders = new TestOrders();

beforeAll(async () => {
  s = await startCitizensServer({ modules: [{ name: 'test-staff' }, ordersModule(orders), citizensModule(), subscriberModule] });
});
afterAll(async () => {
  await s?.cleanup();
});

function subscribe(): Promise<{ ws: WebSocket; next: () => Promise<any> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.wsUrl}/ws/test-assist`);
    const queue: any[] = [];
    const waiters: ((v: any) => void)[] = [];
    ws.on('message', (d) => {
      const m = JSON.parse(String(d));
      if (m.type === 'ready') return resolve({ ws, next });
      const w = waiters.shift();
      if (w) w(m);
      else queue.push(m);
    });
    ws.on('error', reject);
    const next = () =>
      new Promise<any>((res, rej) => {
        const q = queue.shift();
        if (q) return res(q);
        const t = setTimeout(() => rej(new Error('no push within 1 s')), 1000);
        waiters.push((v) => {
          clearTimeout(t);
          res(v);
        });
      });
  });
}

describe('repeat-contact push', () => {
  it('pushes nothing for a first contact, then everything that helps on the second', async () => {
    const port = s.ctx.ports.citizens!;
    const sub = await subscribe();
    const ref = port.identify({ phone: '13800131234' })!;
    expect(ref.known).toBe(false);
    const first = await port.contactStarted({ citizenId: ref.citizenId, channel: 'voice', text: '公司不发工资我能辞职并要补偿吗' });
    expect((await s.api(`/api/assist/contacts/${first}`)).status).toBe(404);
    orders.add(ref.citizenId, { question: '拖欠工资申请调解', domain: '劳动' });

    const again = port.identify({ phone: '138 0013 1234' })!;
    expect(again).toMatchObject({ citizenId: ref.citizenId, known: true, masked: '138****1234' });
    const t0 = Date.now();
    const second = await port.contactStarted({ citizenId: ref.citizenId, channel: 'web', conversationId: 'conv-2', text: '老板拖欠工资三个月不给怎么办' });
    const frame = await sub.next();
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeLessThan(1000);
    expect(frame.contactId).toBe(second);
    const p = frame.payload as PushPayload;
    expect(p.citizenId).toBe(ref.citizenId);
    expect(p.citizen.phones).toEqual(['138****1234']);
    expect(p.question).toBe('老板拖欠工资三个月不给怎么办');
    expect(p.topic).toBe('劳动');
    expect(p.archive.overview.contacts).toBe(1);
    expect(p.archive.recent.find((e) => e.kind === 'contact')?.summary).toContain('热线电话：公司不发工资');
    expect(p.openOrders.map((o) => o.summary)).toEqual(['拖欠工资申请调解']);
    const l30 = p.laws.find((l) => l.article === '第三十条' && l.law === '中华人民共和国劳动合同法');
    expect(l30?.for).toBe('question');
    expect(l30?.why.join(' ')).toMatch(/共同词|相似工单/);
    expect(p.laws.some((l) => l.for === 'history')).toBe(true);
    expect(p.cases[0]?.title).toBe('张某诉某公司拖欠工资案');
    expect(p.cases[0]?.cited).toEqual([{ law: '中华人民共和国劳动合同法', article: '第三十条' }]); // the article the case applied
    expect(p.similarOrders.length).toBeGreaterThan(0);
    expect(p.similarOrders[0].question).toContain('拖欠工资');
    expect(p.similarOrders[0].cited[0]).toEqual({ law: '中华人民共和国劳动合同法', article: '第三十条' });
    expect(p.similarOrders[0].why.length).toBeGreaterThan(0);
    expect(p.notes[0]).toContain('已接触 1 次');

    const stored = await s.api(`/api/assist/contacts/${second}`);
    expect(stored.status).toBe(200);
    expect(stored.body.payload.contactId).toBe(second);
    expect(stored.body.trigger).toBe('start');
    sub.ws.close();
  });

  it('refreshes the push when the first question of a conversation arrives after the hello', async () => {
    const port = s.ctx.ports.citizens!;
    const sub = await subscribe();
    const ref = port.identify({ phone: '13912345678' })!;
    await port.contactStarted({ citizenId: ref.citizenId, channel: 'web', text: '离婚后孩子的抚养费怎么算' });
    const contactId = await port.contactStarted({ citizenId: ref.citizenId, channel: 'web', conversationId: 'conv-hello' });
    const atStart = await sub.next();
    expect(atStart.payload.trigger).toBe('start');
    expect(atStart.payload.question).toBeNull();
    expect(atStart.payload.notes.join('')).toContain('依据该群众过往咨询');
    expect(atStart.payload.laws.every((l: { for: string }) => l.for === 'history')).toBe(true);
    expect(atStart.payload.laws.some((l: { article: string }) => l.article === '第一千零八十五条')).toBe(true);

    s.ctx.bus.emit('conversation.citizen_message', { conversationId: 'conv-hello', text: '出了车祸对方保险怎么赔', at: new Date().toISOString() });
    const onQuestion = await sub.next();
    expect(onQuestion.contactId).toBe(contactId);
    expect(onQuestion.payload.trigger).toBe('question');
    expect(onQuestion.payload.question).toBe('出了车祸对方保险怎么赔');
    expect(onQuestion.payload.topic).toBe('交通事故');
    expect(onQuestion.payload.similarOrders[0].cited[0].article).toBe('第七十六条');
    expect((await s.api(`/api/assist/contacts/${contactId}`)).body.trigger).toBe('question');
    sub.ws.close();
  });

  it('refuses a contact for an unknown citizen', async () => {
    await expect(s.ctx.ports.citizens!.contactStarted({ citizenId: 'cz_nope', channel: 'web' })).rejects.toThrow(/没有找到/);
  });
});
