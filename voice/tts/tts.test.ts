import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../knowledge/testing/openai-server';
import { loadConfig } from '../../assistant/config';
import { dbfs } from '../audio/frames';
import { writeWav } from '../audio/wav';
import { SpeechCache } from './cache';
import { checkEspeak, espeakSynthesizer } from './espeak';
import { createSynthesizer } from './index';
import { openaiSynthesizer } from './openai';
import { text2wavSynthesizer } from './text2wav';

const TEXT = '您好，这里是12348公共法律服务热线。';

describe('espeak-ng engine', () => {
  it('speaks Chinese text with the pinyin voice', async () => {
    expect(checkEspeak()).toMatch(/eSpeak NG/i);
    const pcm = await espeakSynthesizer().synthesize(TEXT);
    expect(pcm.sampleRate).toBe(22050);
    expect(pcm.samples.length / pcm.sampleRate).toBeGreaterThan(2);
    expect(dbfs(pcm.samples)).toBeGreaterThan(-35);
  });

  it('reports a missing binary or voice clearly', () => {
    expect(() => checkEspeak({ binary: '/nonexistent/espeak-ng' })).toThrow(/espeak-ng not available/);
    expect(() => checkEspeak({ voice: 'xx-no-such-voice' })).toThrow(/voice xx-no-such-voice not installed/);
  });
});

describe('text2wav engine (wasm, worker thread)', () => {
  it('speaks without blocking the event loop', async () => {
    const t = text2wavSynthesizer();
    let ticks = 0;
    const iv = setInterval(() => ticks++, 5);
    const pcm = await t.synthesize('劳动合同法第四十七条');
    clearInterval(iv);
    await t.close?.();
    expect(pcm.samples.length / pcm.sampleRate).toBeGreaterThan(1);
    expect(dbfs(pcm.samples)).toBeGreaterThan(-35);
    expect(ticks).toBeGreaterThan(2); // timers kept firing during synthesis
  });
});

describe('OpenAI-compatible /v1/audio/speech', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: 'tts-key',
      speak: () => writeWav(new Int16Array(24000).map((_, i) => Math.round(Math.sin(i / 8) * 8000)), 24000),
    });
  });
  afterAll(() => fake.close());

  it('posts the text and reads the WAV back', async () => {
    const s = openaiSynthesizer({ baseURL: fake.url, apiKey: 'tts-key', model: 'cosyvoice', voice: 'zh-female' });
    const pcm = await s.synthesize('请按0转人工');
    expect(pcm.sampleRate).toBe(24000);
    expect(pcm.samples.length).toBe(24000);
    const req = fake.of('/audio/speech').at(-1)!;
    expect(req.body).toMatchObject({ input: '请按0转人工', model: 'cosyvoice', voice: 'zh-female', response_format: 'wav' });
  });

  it('turns an HTTP failure into a TtsError', async () => {
    fake.failNext({ status: 500, times: 2 });
    const s = openaiSynthesizer({ baseURL: fake.url, apiKey: 'tts-key' });
    await expect(s.synthesize('测试')).rejects.toThrow(/speech endpoint failed/);
  });
});

describe('synthesis off the main thread', () => {
  it('the helper process and the worker thread render the same PCM at the line rate', async () => {
    const { startRenderProcess, startRenderWorkers } = await import('./threaded');
    const proc = await startRenderProcess({ provider: 'espeak', voice: 'cmn-latn-pinyin' });
    const thread = await startRenderWorkers({ provider: 'espeak', voice: 'cmn-latn-pinyin' });
    try {
      const [a, b] = await Promise.all([proc.render('请按0转人工服务', 8000), thread.render('请按0转人工服务', 8000)]);
      expect(a.length).toBeGreaterThan(8000);
      expect(Array.from(a)).toEqual(Array.from(b));
      await expect(proc.render('', 8000)).rejects.toThrow(/espeak-ng output unreadable/); // errors cross the process boundary
    } finally {
      await proc.close();
      await thread.close();
    }
  });
});

describe('engine choice and cache', () => {
  it('chooses engines from config', () => {
    expect(createSynthesizer(loadConfig({})).synth?.name).toBe('espeak');
    expect(createSynthesizer(loadConfig({ TTS_PROVIDER: 'none' })).synth).toBeNull();
    expect(createSynthesizer(loadConfig({ TTS_PROVIDER: 'openai' })).status).toMatch(/needs TTS_BASE_URL/);
    expect(createSynthesizer(loadConfig({ TTS_PROVIDER: 'text2wav' })).synth?.name).toBe('text2wav');
  });

  it('synthesizes a prompt once per rate and shares concurrent requests', async () => {
    let calls = 0;
    const base = espeakSynthesizer();
    const cache = new SpeechCache({ name: 'espeak', synthesize: (t) => (calls++, base.synthesize(t)) });
    const [a, b] = await Promise.all([cache.audio('请按1', 8000), cache.audio('请按1', 8000)]);
    expect(a).toBe(b);
    await cache.audio('请按1', 8000);
    expect(calls).toBe(1);
    const wide = await cache.audio('请按1', 16000);
    expect(calls).toBe(2);
    expect(Math.abs(wide.length - 2 * a.length)).toBeLessThanOrEqual(2);
  });
});
