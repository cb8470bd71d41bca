// FreeSWITCH mod_audio_stream protocol: metadata text frame, binary L16 at 16 kHz (and 8 kHz),
// DTMF as JSON text frames, barge-in as {"type":"killAudio"}; scripted caller at real-time pace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import type { Call } from '../call';
import { voiceModule } from '../module';
import { P } from '../prompts';
import { CallStore } from '../store';
import { FreeswitchCaller, levelOf } from '../testing/caller';
import { MemoryOrders, portsModule } from '../testing/context';
import { espeakSpeech } from '../testing/speech';

let server: TestServer;
let store: CallStore;
const orders = new MemoryOrders();
const calls: Call[] = [];

beforeAll(async () => {
  server = await startTestServer({ modules: [portsModule({ orders }), voiceModule({ onCall: (c) => calls.push(c) })] });
  store = new CallStore(server.ctx.db);
});
afterAll(async () => {
  await server?.cleanup();
});

async function dial(rate: 8000 | 16000) {
  const n = calls.length;
  const caller = new FreeswitchCaller(`${server.wsUrl}/ws/voice/freeswitch`, rate, '02161234567');
  await caller.connect();
  await caller.until(() => calls.length > n, 5000, 'call');
  return { caller, call: calls[n] };
}

const texts = (id: string, kind: string) =>
  store
    .events(id)
    .filter((e) => e.kind === kind && e.text)
    .map((e) => e.text!);

describe('FreeSWITCH mod_audio_stream bridge', () => {
  it('16 kHz: greeting as 20 ms L16 frames, barge-in sends killAudio within 200 ms', async () => {
    const speech = espeakSpeech('ni3 hao3, wo3 you3 ge4 wen4 ti2', 16000);
    const { caller, call } = await dial(16000);
    await caller.until(() => caller.frames.length >= 50, 10_000, 'greeting');
    expect(caller.frames.every((f) => f.pcm.length === 320)).toBe(true);
    expect(levelOf(caller.frames.slice(0, 50))).toBeGreaterThan(-35);
    const spoken = caller.say(speech);
    await caller.until(() => caller.clears.length > 0, 3000, 'killAudio');
    const delay = caller.clears[0] - caller.lastOnsetAt!;
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(200);
    await spoken;
    expect(caller.frames.filter((f) => f.at > caller.clears[0] + 40 && f.at < caller.lastSpeechEndAt!)).toEqual([]);
    caller.hangup();
    await call.ended;
    const row = store.call(call.id)!;
    expect(row).toMatchObject({ protocol: 'freeswitch', externalId: caller.uuid, callerMasked: '021****4567' });
    console.log(JSON.stringify({ freeswitch_barge_in_ms: Math.round(delay) }));
  });

  it('8 kHz: DTMF topic then 0 opens a work order, reads its number and transfers', async () => {
    const { caller, call } = await dial(8000);
    await caller.until(() => caller.frames.length >= 10, 10_000, 'greeting');
    expect(caller.frames[0].pcm.length).toBe(160);
    caller.press('4');
    await caller.until(() => caller.clears.length === 1, 2000, 'killAudio on key');
    await caller.until(() => texts(call.id, 'answer').length === 1, 3000);
    expect(texts(call.id, 'answer')[0]).toContain('第三者责任强制保险');
    const t = performance.now();
    await caller.until(() => caller.secondsSince(t) > 1, 5000, 'answer audio');
    caller.press('0');
    await caller.until(() => store.call(call.id)!.orderNo !== null, 5000, 'order');
    const req = orders.handoffs.at(-1)!;
    expect(req.channel).toBe('voice');
    expect(req.citizen).toEqual({ phone: '02161234567' });
    expect(req.transcript.some((x) => x.text === '按键4：交通事故赔偿')).toBe(true);
    await caller.until(() => texts(call.id, 'prompt').some((p) => p.includes('您的工单号码是')), 5000);
    await caller.waitClosed(60_000);
    expect(caller.texts.some((t) => t.msg.type === 'transfer' && t.msg.orderNo === store.call(call.id)!.orderNo)).toBe(true);
    await call.ended;
    expect(store.call(call.id)!.endReason).toBe('transferred');
  });

  it('says goodbye and sends hangup when the maximum call length is reached', async () => {
    const short = await startTestServer({ env: { VOICE_MAX_CALL_SECONDS: '3' }, modules: [voiceModule()] });
    try {
      const caller = new FreeswitchCaller(`${short.wsUrl}/ws/voice/freeswitch`, 8000);
      await caller.connect();
      await caller.waitClosed(60_000);
      expect(caller.texts.some((t) => t.msg.type === 'hangup' && t.msg.reason === 'max_duration')).toBe(true);
      const s = new CallStore(short.ctx.db);
      const id = short.ctx.sqlite.prepare('select id from voice_calls').get() as { id: string };
      expect(s.call(id.id)!.endReason).toBe('max_duration');
      expect(s.events(id.id).some((e) => e.text === P.goodbyeMaxDuration)).toBe(true);
    } finally {
      await short.cleanup();
    }
  });
});
