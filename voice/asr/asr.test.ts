import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../assistant/config';
import { startFakeOpenAI, type FakeOpenAI } from '../../knowledge/testing/openai-server';
import { readWav } from '../audio/wav';
import { espeakSpeech } from '../testing/speech';
import { createTranscriber } from './index';
import { openaiTranscriber } from './openai';
import { loadSherpa, sherpaConfig } from './sherpa';
import { checkWhisperDir, loadWhisper } from './whisper';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'voice-asr-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('OpenAI-compatible /v1/audio/transcriptions', () => {
  let fake: FakeOpenAI;
  const heard: { rate: number; seconds: number; fields: Record<string, string> }[] = [];
  beforeAll(async () => {
    fake = await startFakeOpenAI({
      apiKey: 'asr-key',
      transcribe: (audio, fields) => {
        const wav = readWav(audio);
        heard.push({ rate: wav.sampleRate, seconds: wav.samples.length / wav.sampleRate, fields });
        return '公司拖欠工资怎么办';
      },
    });
  });
  afterAll(() => fake.close());

  it('uploads the utterance as 16 kHz WAV with language and legal prompt', async () => {
    const speech = espeakSpeech('gong1 si1 tuo1 qian4 gong1 zi1', 16000);
    const t = (await createTranscriber(loadConfig({ ASR_PROVIDER: 'openai', ASR_BASE_URL: fake.url, ASR_API_KEY: 'asr-key', ASR_MODEL: 'paraformer' })))
      .transcriber!;
    expect(t.name).toBe('openai');
    const r = await t.transcribe(speech);
    expect(r.text).toBe('公司拖欠工资怎么办');
    expect(r.ms).toBeGreaterThan(0);
    const h = heard.at(-1)!;
    expect(h.rate).toBe(16000);
    expect(h.seconds).toBeCloseTo(speech.length / 16000, 2);
    expect(h.fields).toMatchObject({ model: 'paraformer', language: 'zh' });
    expect(h.fields.prompt).toContain('12348');
  });

  it('reports endpoint failures as AsrError', async () => {
    fake.failNext({ status: 503, times: 2 });
    const t = openaiTranscriber({ baseURL: fake.url, apiKey: 'asr-key' });
    await expect(t.transcribe(new Int16Array(1600))).rejects.toThrow(/transcription endpoint failed/);
  });
});

describe('engine choice', () => {
  it('is off with a reason when unconfigured or misconfigured', async () => {
    expect((await createTranscriber(loadConfig({}))).status).toMatch(/ASR_PROVIDER=none/);
    expect((await createTranscriber(loadConfig({ ASR_PROVIDER: 'sherpa' }))).status).toMatch(/needs ASR_MODEL_DIR/);
    const bad = await createTranscriber(loadConfig({ ASR_PROVIDER: 'whisper', ASR_MODEL_DIR: join(dir, 'nope') }));
    expect(bad.transcriber).toBeNull();
    expect(bad.status).toMatch(/does not exist/);
  });
});

describe('sherpa-onnx loader', () => {
  it('recognises model layouts and names what is missing', () => {
    const p = join(dir, 'sherpa-onnx-paraformer-zh');
    mkdirSync(p, { recursive: true });
    expect(() => sherpaConfig(p)).toThrow(/no tokens.txt/);
    writeFileSync(join(p, 'tokens.txt'), '<blk> 0\n你 1\n');
    expect(() => sherpaConfig(p)).toThrow(/no model found/);
    writeFileSync(join(p, 'model.onnx'), 'x');
    writeFileSync(join(p, 'model.int8.onnx'), 'x');
    const cfg = sherpaConfig(p);
    expect(cfg.modelConfig.paraformer).toEqual({ model: join(p, 'model.int8.onnx') });
    const sv = join(dir, 'sherpa-onnx-sense-voice-zh');
    mkdirSync(sv);
    writeFileSync(join(sv, 'tokens.txt'), 'a 0\n');
    writeFileSync(join(sv, 'model.onnx'), 'x');
    expect(sherpaConfig(sv).modelConfig.senseVoice).toMatchObject({ language: 'zh' });
    const tr = join(dir, 'zipformer');
    mkdirSync(tr);
    for (const f of ['tokens.txt', 'encoder-epoch-99.onnx', 'decoder-epoch-99.onnx', 'joiner-epoch-99.onnx']) writeFileSync(join(tr, f), 'a 0\n');
    expect(Object.keys(sherpaConfig(tr).modelConfig.transducer as object)).toEqual(['encoder', 'decoder', 'joiner']);
  });

  it('a corrupt model is refused by the child-process probe instead of aborting the server', async () => {
    const p = join(dir, 'corrupt-paraformer');
    mkdirSync(p);
    writeFileSync(join(p, 'tokens.txt'), '<blk> 0\n你 1\n');
    writeFileSync(join(p, 'model.onnx'), 'not a protobuf');
    await expect(loadSherpa(p)).rejects.toThrow(/sherpa-onnx cannot load the model: .*(Protobuf parsing failed|Load model)/);
  });
});

describe('Whisper (transformers.js) loader', () => {
  it('checks the export layout before loading', () => {
    const w = join(dir, 'whisper-tiny');
    mkdirSync(join(w, 'onnx'), { recursive: true });
    expect(() => checkWhisperDir(w)).toThrow(/missing config.json, preprocessor_config.json, tokenizer.json/);
    for (const f of ['config.json', 'preprocessor_config.json', 'tokenizer.json']) writeFileSync(join(w, f), '{}');
    expect(() => checkWhisperDir(w)).toThrow(/needs encoder_model.onnx and decoder_model_merged.onnx/);
    writeFileSync(join(w, 'onnx', 'encoder_model_quantized.onnx'), 'x');
    writeFileSync(join(w, 'onnx', 'decoder_model_merged_quantized.onnx'), 'x');
    expect(checkWhisperDir(w)).toEqual({ dtype: 'q8' });
  });

  it('fails with a clear error and no network access on an unusable model dir', async () => {
    const w = join(dir, 'whisper-broken');
    mkdirSync(join(w, 'onnx'), { recursive: true });
    writeFileSync(join(w, 'config.json'), JSON.stringify({ model_type: 'whisper' }));
    writeFileSync(join(w, 'preprocessor_config.json'), '{}');
    writeFileSync(join(w, 'tokenizer.json'), '{}');
    writeFileSync(join(w, 'onnx', 'encoder_model.onnx'), 'garbage');
    writeFileSync(join(w, 'onnx', 'decoder_model_merged.onnx'), 'garbage');
    await expect(loadWhisper(w)).rejects.toThrow(/cannot load Whisper from/);
  });
});
