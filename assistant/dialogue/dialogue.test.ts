// The dialogue port as the voice door and other modules use it, on a real server: events in
// order, persistence, the citizens port, and a handoff without the orders module.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatModule } from '../chat/module';
import { citizensModule } from '../citizens/module';
import type { DialogueEvent } from '../ports';
import { startTestServer, type TestServer } from '../testing/server';

describe('dialogue port (full server)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '300' } });
  });
  afterAll(async () => {
    await s?.cleanup();
  });

  it('is registered and runs a voice turn: deltas, then answer_done, then suggestions', async () => {
    const port = s.ctx.ports.dialogue!;
    expect(port).toBeTruthy();
    const events: DialogueEvent[] = [];
    await port.turn({ conversationId: 'call-CA0000000000000001', channel: 'voice', text: '交通事故对方全责，医药费怎么赔', citizen: { phone: '13900001111' } }, (e) => events.push(e));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('answer_delta');
    expect(types.indexOf('answer_done')).toBeGreaterThan(0);
    expect(types.at(-1)).toBe('suggestions');
    const t = port.transcript('call-CA0000000000000001');
    expect(t.map((m) => m.role)).toEqual(['citizen', 'assistant']);
    // identified through the citizens port: a citizen id is stored, the phone number nowhere
    const row = s.ctx.sqlite.prepare('select citizen_id as c, channel from chat_conversations where id = ?').get('call-CA0000000000000001') as { c: string | null; channel: string };
    expect(row.channel).toBe('voice');
    expect(row.c).toBeTruthy();
    expect(row.c).not.toContain('13900001111');
    const all = JSON.stringify(s.ctx.sqlite.prepare('select * from chat_messages').all()) + JSON.stringify(s.ctx.sqlite.prepare('select * from chat_conversations').all());
    expect(all).not.toContain('13900001111');
  });

  it('"我要申请法律援助" after a legal-aid matter files a legal-aid handoff with the conversation', async () => {
    const port = s.ctx.ports.dialogue!;
    const events: DialogueEvent[] = [];
    await port.turn({ conversationId: 'legal-aid-conversation-01', channel: 'web', text: '老板拖欠我三个月工资不给' }, (e) => events.push(e));
    const sug = events.find((e) => e.type === 'suggestions');
    expect(sug?.type === 'suggestions' && sug.items[0]).toBe('我要申请法律援助');
    const requests: unknown[] = [];
    const orders = s.ctx.ports.orders!;
    const real = orders.handoff.bind(orders);
    orders.handoff = async (req) => {
      requests.push(req);
      return real(req);
    };
    try {
      events.length = 0;
      await port.turn({ conversationId: 'legal-aid-conversation-01', channel: 'web', text: '我要申请法律援助' }, (e) => events.push(e));
    } finally {
      orders.handoff = real;
    }
    expect(events.map((e) => e.type)).toEqual(['handoff']);
    expect(requests[0]).toMatchObject({ reason: 'legal_aid', triage: { domain: '劳动' } });
    expect((requests[0] as { articles: unknown[] }).articles.length).toBeGreaterThan(0);
    // asking how to apply is a question, not a request
    events.length = 0;
    await port.turn({ conversationId: 'legal-aid-conversation-02', channel: 'web', text: '法律援助怎么申请' }, (e) => events.push(e));
    expect(events.map((e) => e.type)).not.toContain('handoff');
  });

  it('a thank-you is answered politely, not taken for a vague question', async () => {
    const events: DialogueEvent[] = [];
    await s.ctx.ports.dialogue!.turn({ conversationId: 'courtesy-conversation-01', channel: 'web', text: '好的，谢谢！' }, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(['answer_delta', 'answer_done']);
    expect((events[1] as { text: string }).text).toContain('不客气');
  });

  it('turns of one conversation run in order', async () => {
    const port = s.ctx.ports.dialogue!;
    const done: string[] = [];
    await Promise.all(
      ['公司拖欠工资怎么办', '那需要带什么材料', '仲裁要多久'].map((q) =>
        port.turn({ conversationId: 'order-test-conversation-1', channel: 'web', text: q }, (e) => e.type === 'answer_done' && done.push(q)),
      ),
    );
    expect(done).toEqual(['公司拖欠工资怎么办', '那需要带什么材料', '仲裁要多久']);
    const roles = port.transcript('order-test-conversation-1').map((m) => m.role);
    expect(roles).toEqual(['citizen', 'assistant', 'citizen', 'assistant', 'citizen', 'assistant']);
  });

  it('a question without domain words is placed by the statutes it finds, not sent back as vague', async () => {
    const events: DialogueEvent[] = [];
    await s.ctx.ports.dialogue!.turn({ conversationId: 'infer-domain-conversation', channel: 'web', text: '支付令怎么申请' }, (e) => events.push(e));
    const done = events.find((e) => e.type === 'answer_done');
    expect(done, JSON.stringify(events.map((e) => e.type))).toBeTruthy();
    if (done?.type === 'answer_done') {
      expect(done.triage.domain).toBe('劳动');
      expect(done.triage.flags).not.toContain('vague');
    }
  });

  it('an over-long or empty turn is an error event, not an exception', async () => {
    const events: DialogueEvent[] = [];
    await s.ctx.ports.dialogue!.turn({ conversationId: 'error-test-conversation', channel: 'voice', text: '字'.repeat(5000) }, (e) => events.push(e));
    expect(events).toEqual([{ type: 'error', code: 'too_large', message: expect.stringMatching(/[\u4e00-\u9fa5]/) }]);
    events.length = 0;
    await s.ctx.ports.dialogue!.turn({ conversationId: 'error-test-conversation', channel: 'voice', text: '' }, (e) => events.push(e));
    expect(events[0]).toMatchObject({ type: 'error', code: 'bad_request' });
  });
});

describe('without the orders module', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ modules: [citizensModule(), chatModule()] });
  });
  afterAll(async () => {
    await s?.cleanup();
  });

  it('a handoff request gets a Chinese error event pointing to 12348', async () => {
    const events: DialogueEvent[] = [];
    await s.ctx.ports.dialogue!.turn({ conversationId: 'no-orders-conversation', channel: 'web', text: '转人工' }, (e) => events.push(e));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', code: 'unavailable' });
    expect((events[0] as { message: string }).message).toContain('12348');
  });

  it('an emergency still gets the 110/120 advice before the error', async () => {
    const events: DialogueEvent[] = [];
    await s.ctx.ports.dialogue!.turn({ conversationId: 'no-orders-emergency', channel: 'voice', text: '我老公正在打我，救命' }, (e) => events.push(e));
    expect(events.map((e) => e.type)).toEqual(['answer_delta', 'answer_done', 'error']);
    expect((events[1] as { text: string }).text).toContain('110');
  });
});
