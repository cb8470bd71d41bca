// The call over the Twilio Media Streams protocol with no ASR model (the DTMF menu robot): a
// scripted caller on a real WebSocket at real-time pace, audio made with espeak-ng, the real
// server with the sample knowledge base, results checked in the voice tables.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../assistant/testing/server';
import { FRAME_MS } from './audio/frames';
import type { Call } from './call';
import { voiceModule } from './module';
import { P } from './prompts';
import { CallStore } from './store';
import { levelOf, TwilioCaller } from './testing/caller';
import { MemoryOrders, portsModule } from './testing/context';
import { espeakSpeech } from './testing/speech';

const PHONE = '13912345678';
let server: TestServer;
let store: CallStore;
const orders = new MemoryOrders();
const calls: Call[] = [];

beforeAll(async () => {
  server = await startTestServer({
    modules: [portsModule({ orders }), voiceModule({ timing: { silenceMs: 1500, maxReprompts: 1, digitTimeoutMs: 4000 }, onCall: (c) => calls.push(c) })],
  });
  store = new CallStore(server.ctx.db);
});
afterAll(async () => {
  await server?.cleanup();
});

async function dial(): Promise<{ caller: TwilioCaller; call: Call }> {
  const n = calls.length;
  const caller = new TwilioCaller(`${server.wsUrl}/ws/voice/twilio`, { caller: PHONE });
  await caller.connect();
  await caller.until(() => calls.length > n, 5000, 'call');
  return { caller, call: calls[n] };
}

const texts = (callId: string, kind: string) =>
  store
    .events(callId)
    .filter((e) => e.kind === kind && e.text)
    .map((e) => e.text!);

describe('Twilio Media Streams, DTMF menu mode (no ASR)', () => {
  it('greets, reads the key menu and says speech recognition is unavailable, paced in real time', async () => {
    const { caller, call } = await dial();
    const t0 = performance.now();
    await caller.until(() => caller.frames.length >= 100, 10_000, '2 s of greeting');
    const first = caller.frames[0].at;
    const got = caller.frames.slice(0, 100);
    caller.hangup();
    await call.ended;
    expect(got.every((f) => f.pcm.length === 160)).toBe(true); // 20 ms of 8 kHz μ-law
    // 100 frames (2 s of audio) arrive over ~2 s, not in a burst (caller and server share this
    // process, so allow a little scheduling noise; bench:voice measures late frames)
    expect(got[99].at - first).toBeGreaterThan(99 * FRAME_MS - 100);
    expect(got[99].at - first).toBeLessThan(99 * FRAME_MS + 200);
    expect(first - t0).toBeLessThan(1500);
    expect(levelOf(got)).toBeGreaterThan(-35); // speech, not silence
    const prompts = texts(call.id, 'prompt');
    expect(prompts[0]).toBe(P.greetingDtmf);
    expect(prompts[0]).toContain('语音识别暂时不可用');
    expect(prompts[1]).toMatch(/拖欠工资请按1.*转人工服务请按0/);
    const row = store.call(call.id)!;
    expect(row).toMatchObject({ protocol: 'twilio', mode: 'dtmf', callerMasked: '139****5678', endReason: 'caller_hangup' });
    expect(row.engines.asr).toMatch(/^off/);
  });

  it('barge-in: caller speech during the greeting sends `clear` within 200 ms and stops the audio', async () => {
    const { caller, call } = await dial();
    const speech = espeakSpeech('wo3 xiang3 wen4 yi2 xia4 gong1 zi1 de5 wen4 ti2', 8000);
    await caller.until(() => caller.frames.length >= 50, 10_000, 'greeting playing');
    const spoken = caller.say(speech);
    await caller.until(() => caller.clears.length > 0, 3000, 'clear');
    const delay = caller.clears[0] - caller.lastOnsetAt!;
    expect(caller.lastOnsetAt).not.toBeNull();
    expect(delay).toBeGreaterThan(0);
    expect(delay).toBeLessThan(200);
    // no robot audio while the caller keeps talking (allow frames already on the wire)
    await spoken;
    const during = caller.frames.filter((f) => f.at > caller.clears[0] + 40 && f.at < caller.lastSpeechEndAt!);
    expect(during).toEqual([]);
    // after the utterance the DTMF robot explains that speech is not recognised
    await caller.until(() => texts(call.id, 'prompt').includes(P.speechWithoutAsr), 5000, 'no-ASR prompt');
    caller.hangup();
    await call.ended;
    const kinds = store.events(call.id).map((e) => e.kind);
    expect(kinds).toContain('barge_in');
    expect(kinds).toContain('speech');
    console.log(JSON.stringify({ twilio_barge_in_ms: Math.round(delay) }));
  });

  it('key 1 reads the reviewed topic answer, * repeats it, and keys interrupt playback', async () => {
    const { caller, call } = await dial();
    await caller.until(() => caller.frames.length >= 25, 10_000, 'greeting');
    caller.press('1');
    await caller.until(() => caller.clears.length === 1, 2000, 'clear on key');
    const tAnswer = performance.now();
    await caller.until(() => caller.secondsSince(tAnswer) > 2, 10_000, 'answer audio');
    caller.press('*');
    await caller.until(() => caller.clears.length === 2, 2000, 'clear on *');
    await caller.until(() => texts(call.id, 'prompt').length >= 2, 2000);
    const answers = texts(call.id, 'answer');
    expect(answers[0]).toContain('及时足额支付劳动报酬');
    const dtmf = texts(call.id, 'dtmf');
    expect(dtmf).toEqual(['按键1：拖欠工资', '按键*：重听']);
    // the repeat replays the same texts
    const evs = store.events(call.id);
    const repeated = evs.filter((e) => e.text?.includes('及时足额支付劳动报酬'));
    expect(repeated.length).toBe(2);
    caller.hangup();
    await call.ended;
  });

  it('# then the order number and the last four digits reads the work-order progress', async () => {
    const { caller, call } = await dial();
    const { orderNo } = await orders.handoff({
      conversationId: 'web-1', channel: 'web', reason: 'citizen', transcript: [], articles: [], waitingSince: new Date().toISOString(),
      citizen: { phone: '13700001111' },
    });
    await caller.until(() => caller.frames.length >= 10, 10_000);
    caller.press('#');
    await caller.until(() => texts(call.id, 'prompt').includes(P.orderPrompt), 3000, 'order prompt');
    for (const d of orderNo.replace(/-/g, '')) caller.press(d);
    caller.press('#');
    await caller.until(() => texts(call.id, 'prompt').includes(P.last4Prompt), 3000, 'last4 prompt');
    for (const d of '1111') caller.press(d);
    await caller.until(() => texts(call.id, 'progress').length > 0, 3000, 'progress');
    expect(orders.progressQueries.at(-1)).toEqual({ orderNo, last4: '1111' });
    const said = texts(call.id, 'progress')[0];
    expect(said).toContain('目前状态是：待受理');
    expect(said).toContain('幺 二 三 四 八，二 零 二 六'); // number read digit by digit, in groups
    // the stored transcript never holds the four digits
    expect(texts(call.id, 'dtmf')).toContain('输入手机号码后四位：****');
    // a wrong last-four is refused
    caller.press('#');
    await caller.until(() => texts(call.id, 'prompt').filter((t) => t === P.orderPrompt).length === 2, 3000);
    for (const d of `${orderNo.replace(/-/g, '')}#9999`) caller.press(d);
    await caller.until(() => texts(call.id, 'progress').length > 1, 3000);
    expect(texts(call.id, 'progress')[1]).toBe(P.orderNotFound);
    caller.hangup();
    await call.ended;
  });

  it('key 0 opens a work order with the call transcript and tells the caller the number', async () => {
    const before = orders.handoffs.length;
    const { caller, call } = await dial();
    await caller.until(() => caller.frames.length >= 10, 10_000);
    caller.press('2');
    await caller.until(() => texts(call.id, 'answer').length === 1, 3000);
    caller.press('0');
    await caller.until(() => store.events(call.id).some((e) => e.kind === 'handoff'), 5000, 'handoff');
    expect(orders.handoffs.length).toBe(before + 1);
    const req = orders.handoffs.at(-1)!;
    expect(req).toMatchObject({ channel: 'voice', reason: 'citizen', conversationId: call.conversationId, citizen: { phone: PHONE } });
    expect(req.transcript.map((t) => t.text)).toEqual(expect.arrayContaining(['按键2：辞退与经济补偿', '按键0：转人工服务']));
    expect(req.transcript.some((t) => t.role === 'assistant' && t.text.includes('每满一年支付一个月工资'))).toBe(true);
    const orderNo = store.call(call.id)!.orderNo!;
    expect(orderNo).toMatch(/^12348-\d{8}-\d{6}$/);
    const told = texts(call.id, 'prompt').at(-1)!;
    expect(told).toContain('我再重复一遍，您的工单号码是');
    expect(told).not.toContain(orderNo); // spoken digit by digit, not as a big number
    expect(told).toContain('幺'); // ...which includes a 1
    expect(texts(call.id, 'answer').at(-1)).not.toContain(orderNo);
    // after the number has been read, the robot leaves: Twilio continues with the agents' queue
    await caller.waitClosed(60_000);
    await call.ended;
    expect(store.call(call.id)!.endReason).toBe('transferred');
    expect(caller.secondsSince(0)).toBeGreaterThan(5);
  }, 90_000);

  it('silence: reprompts, then says goodbye and hangs up; the call row records why', async () => {
    const { caller, call } = await dial();
    await caller.waitClosed(120_000);
    const evs = store.events(call.id);
    expect(evs.filter((e) => e.kind === 'reprompt').length).toBe(1);
    expect(texts(call.id, 'prompt')).toContain(P.goodbyeSilence);
    expect(store.call(call.id)!.endReason).toBe('silence');
    expect(evs.at(-1)!.kind).toBe('end');
    // the goodbye was heard before the line closed
    const last = caller.frames.at(-1)!;
    expect(caller.closedAt! - last.at).toBeLessThan(1000);
  }, 150_000);

  it('never stores or logs the raw caller number; recording is off by default', () => {
    const db = readFileSync(join(server.dir, 'app.sqlite'));
    const wal = existsSync(join(server.dir, 'app.sqlite-wal')) ? readFileSync(join(server.dir, 'app.sqlite-wal')) : Buffer.alloc(0);
    expect(db.includes(PHONE)).toBe(false);
    expect(wal.includes(PHONE)).toBe(false);
    expect(existsSync(join(server.dir, 'voice-recordings'))).toBe(false);
    expect(readdirSync(server.dir).some((f) => f.endsWith('.wav'))).toBe(false);
  });

  it('reports its engines on /healthz', async () => {
    const h = (await (await fetch(`${server.url}/healthz`)).json()) as { voice: Record<string, unknown> };
    expect(h.voice).toMatchObject({ ok: true, mode: 'dtmf' });
    expect(h.voice.vad).toMatch(/silero/);
    expect(h.voice.asr).toMatch(/^off/);
    expect(h.voice.tts).toMatch(/^live: eSpeak NG/i);
  });
});
