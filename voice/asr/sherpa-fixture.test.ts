// sherpa-onnx loader with a tiny paraformer-shaped ONNX model written by the test (knowledge/testing/
// onnx-fixture): the real native recognizer reads the model metadata (vocab_size, LFR window,
// CMVN vectors), computes fbank + LFR features from our audio, runs the graph and greedy-decodes
// with tokens.txt. The tiny graph ignores the audio and always emits the tokens 你 好 </s>, so
// this proves the loading and decoding path end to end, not recognition quality.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../assistant/config';
import { writeOnnxModel } from '../../knowledge/testing/onnx-fixture';
import { espeakSpeech } from '../testing/speech';
import { createTranscriber } from './index';
import { loadSherpa } from './sherpa';

const TOKENS = ['<blank>', '<s>', '</s>', '你', '好', '工', '资'];
const FEAT = 560; // 80 fbank × LFR window 7

async function writeTinyParaformer(dir: string): Promise<void> {
  const V = TOKENS.length;
  const seq = [3, 4, 2]; // 你 好 </s>
  const logits: number[] = [];
  for (const id of seq) for (let v = 0; v < V; v++) logits.push(v === id ? 5 : 0);
  await writeOnnxModel(join(dir, 'model.onnx'), {
    inputs: [
      { name: 'speech', type: 'float', shape: ['N', 'T', FEAT] },
      { name: 'speech_lengths', type: 'int32', shape: ['N'] },
    ],
    outputs: [
      { name: 'logits', type: 'float', shape: ['N', 'K', V] },
      { name: 'token_num', type: 'int64', shape: ['N'] },
    ],
    initializers: [
      { name: 'table', type: 'float', dims: [1, seq.length, V], values: logits },
      { name: 'zero', type: 'float', dims: [], values: [0] },
      { name: 'zero_i', type: 'int32', dims: [], values: [0] },
      { name: 'count', type: 'int32', dims: [], values: [seq.length - 1] },
    ],
    nodes: [
      // logits = table + 0·sum(speech): depends on the input (so it is computed), constant in value
      { op: 'ReduceSum', inputs: ['speech'], outputs: ['s'], attributes: { keepdims: { i: 1 } } },
      { op: 'Mul', inputs: ['s', 'zero'], outputs: ['z'] },
      { op: 'Add', inputs: ['z', 'table'], outputs: ['logits'] },
      { op: 'Mul', inputs: ['speech_lengths', 'zero_i'], outputs: ['zl'] },
      { op: 'Add', inputs: ['zl', 'count'], outputs: ['n32'] },
      { op: 'Cast', inputs: ['n32'], outputs: ['token_num'], attributes: { to: { i: 7 } } },
    ],
    metadata: {
      vocab_size: String(V),
      lfr_window_size: '7',
      lfr_window_shift: '6',
      neg_mean: Array(FEAT).fill('0').join(','),
      inv_stddev: Array(FEAT).fill('1').join(','),
    },
  });
  writeFileSync(join(dir, 'tokens.txt'), TOKENS.map((t, i) => `${t} ${i}`).join('\n') + '\n');
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sherpa-paraformer-'));
  await writeTinyParaformer(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sherpa-onnx paraformer loader (tiny fixture model)', () => {
  it('probes, loads and transcribes through the native recognizer', async () => {
    const t = await loadSherpa(dir);
    expect(t.name).toBe('sherpa');
    const r = await t.transcribe(espeakSpeech('ni3 hao3', 16000));
    expect(r.text).toBe('你好');
    expect(r.ms).toBeGreaterThan(0);
  });

  it('is chosen by ASR_PROVIDER=sherpa with ASR_MODEL_DIR', async () => {
    const c = await createTranscriber(loadConfig({ ASR_PROVIDER: 'sherpa', ASR_MODEL_DIR: dir }));
    expect(c.status).toMatch(/^live: sherpa/);
    expect((await c.transcriber!.transcribe(new Int16Array(16000))).text).toBe('你好');
  });
});
