// The voice door on the full lawline server (all modules: orders, citizens, chat...): the caller is
// identified by the citizens module, key 0 opens a real work order through the orders port, and
// the caller checks its progress by keys with the number and the last four digits of the phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../assistant/testing/server';
import { startFakeOpenAI } from '../knowledge/testing/openai-server';
import { espeakSpeech } from './testing/speech';
import type { Call } from './call';
import { P } from './prompts';
import { CallStore } from './store';
import { TwilioCaller } from './testing/caller';

const PHONE = '13912345678';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.cleanup();
});

describe('voice on the full server', () => {
  it('identifies the caller, opens a work order on 0, and reads its progress on #', async () => {
    expect(server.ctx.ports.orders).toBeDefined();
    const store = new CallStore(server.ctx.db);
    const caller = new TwilioCaller(`${server.wsUrl}/ws/voice/twilio`, { caller: PHONE });
    await caller.connect();
    await caller.until(() => caller.frames.length >= 10, 15_000, 'greeting');
    const callId = (server.ctx.sqlite.prepare('select id from voice_calls order by started_at desc limit 1').get() as { id: string }).id;
    const texts = (kind: string) => store.events(callId).filter((e) => e.kind === kind && e.text).map((e) => e.text!);

    caller.press('1');
    await caller.until(() => texts('answer').length === 1, 5000, 'topic answer');
    caller.press('0');
    await caller.until(() => store.call(callId)!.orderNo !== null, 10_000, 'work order');
    const orderNo = store.call(callId)!.orderNo!;
    expect(orderNo).toMatch(/^12348-\d{8}-\d{6}$/);
    // the order exists, belongs to this caller's number, and carries the call transcript
    const view = server.ctx.ports.orders!.progress(orderNo, PHONE.slice(-4));
    expect(view).not.toBeNull();
    expect(store.call(callId)!.citizenId).toBeTruthy();
    const told = texts('answer').at(-1)!;
    expect(told).toContain('工单号');
    expect(told).not.toMatch(/\d{4}/); // numbers are spelled out for the ear

    // the robot leaves the call for the agents' queue once the number has been read
    await caller.waitClosed(60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(store.call(callId)!.endReason).toBe('transferred');

    // later the citizen calls back and checks the progress by keys
    const again = new TwilioCaller(`${server.wsUrl}/ws/voice/twilio`, { caller: PHONE });
    await again.connect();
    await again.until(() => again.frames.length >= 10, 15_000, 'greeting');
    const id2 = (server.ctx.sqlite.prepare('select id from voice_calls order by started_at desc limit 1').get() as { id: string }).id;
    const texts2 = (kind: string) => store.events(id2).filter((e) => e.kind === kind && e.text).map((e) => e.text!);
    again.press('#');
    await again.until(() => texts2('prompt').includes(P.orderPrompt), 5000, 'order prompt');
    for (const d of orderNo.replace(/-/g, '')) again.press(d);
    again.press('#');
    await again.until(() => texts2('prompt').includes(P.last4Prompt), 5000, 'last4 prompt');
    for (const d of PHONE.slice(-4)) again.press(d);
    await again.until(() => texts2('progress').length > 0, 5000, 'progress');
    expect(texts2('progress')[0]).toContain(`目前状态是：${view!.stateLabel}`);
    again.hangup();
    await again.waitClosed();
    await new Promise((r) => setTimeout(r, 200));
    expect(store.call(id2)!.endReason).toBe('caller_hangup');
  }, 120_000);
});

describe('speech turn through the real dialogue engine (rules mode, no LLM)', () => {
  it('the recognised question is answered by the chat dialogue and spoken without markdown', async () => {
    const fake = await startFakeOpenAI({ transcribe: () => '公司拖欠我三个月工资，我该怎么办？' });
    const s = await startTestServer({ env: { ASR_PROVIDER: 'openai', ASR_BASE_URL: fake.url, ASR_API_KEY: 'k' } });
    try {
      expect(s.ctx.ports.dialogue).toBeDefined();
      const store = new CallStore(s.ctx.db);
      const caller = new TwilioCaller(`${s.wsUrl}/ws/voice/twilio`, { caller: PHONE });
      await caller.connect();
      await caller.until(() => caller.frames.length >= 25, 15_000, 'greeting');
      await caller.say(espeakSpeech('gong1 si1 tuo1 qian4 wo3 san1 ge4 yue4 gong1 zi1', 8000));
      const callId = (s.ctx.sqlite.prepare('select id from voice_calls').get() as { id: string }).id;
      await caller.until(() => store.events(callId).some((e) => e.kind === 'answer' || e.kind === 'handoff'), 30_000, 'dialogue answer');
      const evs = store.events(callId);
      expect(evs.find((e) => e.kind === 'transcript')!.text).toBe('公司拖欠我三个月工资，我该怎么办？');
      const answer = evs.find((e) => e.kind === 'answer')!;
      expect(answer.text!.length).toBeGreaterThan(10);
      expect(answer.text).not.toMatch(/[#*《》\[\]]|第\d+条|回复转人工|：。/);
      expect(answer.text!.length).toBeLessThan(260);
      const t = performance.now();
      await caller.until(() => caller.secondsSince(t - 3000) > 2, 15_000, 'answer audio');
      caller.hangup();
      await caller.waitClosed();
    } finally {
      await s.cleanup();
      await fake.close();
    }
  });
});
