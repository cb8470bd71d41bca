// Speech mode: ASR through a local server speaking the OpenAI transcription protocol, the answer
// from the dialogue port (streamed, markdown) rewritten for the ear, spoken back over Twilio; the
// knowledge-store fallback when no dialogue engine is registered; audio recording when enabled.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Module } from '../assistant/context';
import type { DialoguePort, Turn } from '../assistant/ports';
import { startTestServer, type TestServer } from '../assistant/testing/server';
import { startFakeOpenAI, type FakeOpenAI } from '../knowledge/testing/openai-server';
import { readWav } from './audio/wav';
import type { Call } from './call';
import { voiceModule } from './module';
import { P } from './prompts';
import { CallStore } from './store';
import { TwilioCaller } from './testing/caller';
import { espeakSpeech } from './testing/speech';

const QUESTION = 'gong1 si1 tuo1 qian4 wo3 san1 ge4 yue4 gong1 zi1, zen3 me5 ban4';

/** A dialogue engine that streams a markdown answer the way the LLM answerer does. */
function streamingDialogue(turns: Turn[]): Module {
  const port: DialoguePort = {
    async turn(turn, emit) {
      turns.push(turn);
      if (turn.text?.includes('人工')) {
        emit({ type: 'handoff', orderNo: '12348-20261123-000777', text: '已为您转接人工服务，工单号：12348-20261123-000777。工作人员将尽快与您联系。' });
        return;
      }
      const md = '## 建议\n根据**《中华人民共和国劳动合同法》第30条**，用人单位应当及时足额支付劳动报酬[1]。\n- 可以向劳动保障监察机构投诉；\n- 也可以申请劳动仲裁。\n';
      for (const piece of md.match(/[\s\S]{1,7}/g)!) {
        emit({ type: 'answer_delta', text: piece });
        await new Promise((r) => setTimeout(r, 5));
      }
      emit({
        type: 'answer_done', messageId: 'm1', text: md, citations: [], mode: 'llm', confidence: 0.9,
        triage: { domain: '劳动', service: '法律咨询', confidence: 0.9, flags: [], urgency: 'normal' },
      });
    },
    transcript: () => [],
  };
  return { name: 'test-dialogue', init: (ctx) => void (ctx.ports.dialogue = port) };
}

let fake: FakeOpenAI;
const uploads: number[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI({
    apiKey: 'k',
    transcribe: (audio) => {
      const w = readWav(audio);
      uploads.push(w.samples.length / w.sampleRate);
      return '公司拖欠我三个月工资怎么办';
    },
  });
});
afterAll(() => fake.close());

const env = () => ({ ASR_PROVIDER: 'openai', ASR_BASE_URL: fake.url, ASR_API_KEY: 'k', ASR_MODEL: 'whisper-1' });

async function callOnce(server: TestServer, calls: Call[]) {
  const speech = espeakSpeech(QUESTION, 8000);
  const caller = new TwilioCaller(`${server.wsUrl}/ws/voice/twilio`);
  await caller.connect();
  await caller.until(() => calls.length > 0, 5000);
  const call = calls.at(-1)!;
  await caller.until(() => caller.frames.length > 25, 10_000, 'greeting');
  await caller.say(speech);
  const store = new CallStore(server.ctx.db);
  await caller.until(() => store.events(call.id).some((e) => e.kind === 'turn_timing'), 20_000, 'answer audio');
  const tAns = performance.now();
  await caller.until(() => caller.secondsSince(tAns - 2000) > 2, 10_000);
  caller.hangup();
  await call.ended;
  return { caller, call, store, speechSeconds: speech.length / 8000 };
}

describe('speech mode (ASR via OpenAI-compatible endpoint)', () => {
  it('transcribes the utterance, streams the dialogue answer rewritten for the phone', async () => {
    const calls: Call[] = [];
    const turns: Turn[] = [];
    const server = await startTestServer({ env: env(), modules: [streamingDialogue(turns), voiceModule({ onCall: (c) => calls.push(c) })] });
    try {
      const { call, store, speechSeconds } = await callOnce(server, calls);
      const evs = store.events(call.id);
      expect(evs.find((e) => e.kind === 'prompt')!.text).toBe(P.greetingSpeech);
      // the whole utterance (plus pre-roll, minus trailing silence) reached the ASR as 16 kHz WAV
      expect(uploads.at(-1)!).toBeGreaterThan(speechSeconds * 0.8);
      expect(uploads.at(-1)!).toBeLessThan(speechSeconds + 1);
      expect(fake.of('/audio/transcriptions').at(-1)!.body).toMatchObject({ model: 'whisper-1', language: 'zh' });
      expect(evs.find((e) => e.kind === 'transcript')!.text).toBe('公司拖欠我三个月工资怎么办');
      expect(turns[0]).toMatchObject({ channel: 'voice', text: '公司拖欠我三个月工资怎么办', conversationId: call.conversationId });
      const answer = evs.find((e) => e.kind === 'answer')!.text!;
      expect(answer).toContain('劳动合同法第三十条');
      expect(answer).toContain('可以向劳动保障监察机构投诉');
      expect(answer).not.toMatch(/[#*《》\[\]]|中华人民共和国/);
      const timing = evs.find((e) => e.kind === 'turn_timing')!.data as Record<string, number>;
      expect(timing.asrMs).toBeGreaterThan(0);
      expect(timing.endpointToFirstFrameMs).toBeGreaterThanOrEqual(timing.asrMs + timing.llmMs);
      expect(store.call(call.id)).toMatchObject({ mode: 'speech', turns: 1 });
    } finally {
      await server.cleanup();
    }
  });

  it('a handoff decided by the dialogue (caller asks for a person) is announced with the number', async () => {
    const calls: Call[] = [];
    const turns: Turn[] = [];
    fake.set({ transcribe: () => '我要找人工' });
    const server = await startTestServer({ env: env(), modules: [streamingDialogue(turns), voiceModule({ onCall: (c) => calls.push(c) })] });
    try {
      const caller = new TwilioCaller(`${server.wsUrl}/ws/voice/twilio`);
      await caller.connect();
      await caller.until(() => calls.length > 0 && caller.frames.length > 25, 10_000, 'greeting');
      await caller.say(espeakSpeech('wo3 yao4 zhao3 ren2 gong1', 8000));
      const store = new CallStore(server.ctx.db);
      const call = calls[0];
      await caller.until(() => store.call(call.id)!.orderNo !== null, 20_000, 'handoff');
      expect(store.call(call.id)!.orderNo).toBe('12348-20261123-000777');
      const said = store.events(call.id).filter((e) => e.kind === 'answer').map((e) => e.text!).join('');
      expect(said).toContain('已为您转接人工服务');
      expect(said).not.toContain('000777');
      caller.hangup();
      await call.ended;
    } finally {
      fake.set({ transcribe: () => '公司拖欠我三个月工资怎么办' });
      await server.cleanup();
    }
  });

  it('without a dialogue engine answers from the knowledge store; records audio when enabled', async () => {
    const calls: Call[] = [];
    const server = await startTestServer({ env: { ...env(), VOICE_RECORD_AUDIO: '1' }, modules: [voiceModule({ onCall: (c) => calls.push(c) })] });
    try {
      const { call, store } = await callOnce(server, calls);
      const answer = store.events(call.id).find((e) => e.kind === 'answer')!.text!;
      expect(answer).toMatch(/与您的问题相关的规定是.+第.+条/);
      expect(answer).not.toMatch(/第\d+条/);
      await new Promise((r) => setTimeout(r, 300));
      const dir = join(server.dir, 'voice-recordings');
      const files = readdirSync(dir);
      expect(files).toEqual([`${call.id}.wav`]);
      const wav = readWav(readFileSync(join(dir, files[0])));
      expect(wav.sampleRate).toBe(8000); // the line's own rate (Twilio)
      expect(wav.samples.length / 8000).toBeGreaterThan(3);
      expect(store.call(call.id)!.recordingPath).toBe(join(dir, files[0]));
      expect(existsSync(join(dir, `${call.id}.pcm.raw`))).toBe(false);
    } finally {
      await server.cleanup();
    }
  });
});
