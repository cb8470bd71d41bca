// sherpa-onnx (npm sherpa-onnx-node, prebuilt binaries in sherpa-onnx-linux-x64 and the other
// platform packages) from a local model directory. Layouts recognised:
//   paraformer (e.g. sherpa-onnx-paraformer-zh-2023-09-14): model.onnx | model.int8.onnx + tokens.txt
//   SenseVoice (sherpa-onnx-sense-voice-zh-en-ja-ko-yue):   model.onnx | model.int8.onnx + tokens.txt + a "sense" dir name
//   transducer (zipformer):  encoder*.onnx + decoder*.onnx + joiner*.onnx + tokens.txt
//
// The native library aborts the whole process (C++ exception, not a JS error) on a corrupt model,
// so a model is first loaded once in a short-lived child process; only if that succeeds is it
// loaded in the server.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { ASR_RATE, AsrError, toFloat32, type Transcriber } from './types';

export type SherpaConfig = {
  featConfig: { sampleRate: number; featureDim: number };
  modelConfig: Record<string, unknown> & { tokens: string; numThreads: number; provider: 'cpu'; debug: number };
  decodingMethod: 'greedy_search';
};

/** Work out the recognizer config from the files in `dir`, or throw a clear AsrError. */
export function sherpaConfig(dir: string, numThreads = 1): SherpaConfig {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new AsrError(`ASR_MODEL_DIR ${abs} does not exist`);
  const files = readdirSync(abs);
  const tokens = join(abs, 'tokens.txt');
  if (!files.includes('tokens.txt')) throw new AsrError(`ASR_MODEL_DIR ${abs} has no tokens.txt (not a sherpa-onnx model directory)`);
  if (readFileSync(tokens, 'utf8').trim().length === 0) throw new AsrError(`${tokens} is empty`);
  const pick = (re: RegExp) => {
    const m = files.filter((f) => re.test(f)).sort((a, b) => Number(b.includes('int8')) - Number(a.includes('int8')));
    return m[0] ? join(abs, m[0]) : undefined;
  };
  const base = { tokens, numThreads, provider: 'cpu' as const, debug: 0 };
  const feat = { sampleRate: ASR_RATE, featureDim: 80 };
  const encoder = pick(/^encoder.*\.onnx$/);
  const decoder = pick(/^decoder.*\.onnx$/);
  const joiner = pick(/^joiner.*\.onnx$/);
  if (encoder && decoder && joiner) {
    return { featConfig: feat, modelConfig: { ...base, transducer: { encoder, decoder, joiner } }, decodingMethod: 'greedy_search' };
  }
  const model = pick(/^model(\.int8)?\.onnx$/);
  if (model) {
    const kind = /sense/i.test(basename(abs)) ? 'senseVoice' : 'paraformer';
    const cfg = kind === 'senseVoice' ? { model, language: 'zh', useInverseTextNormalization: 1 } : { model };
    return { featConfig: feat, modelConfig: { ...base, [kind]: cfg }, decodingMethod: 'greedy_search' };
  }
  throw new AsrError(
    `ASR_MODEL_DIR ${abs}: no model found (expected model.onnx / model.int8.onnx for paraformer or SenseVoice, ` +
      `or encoder/decoder/joiner .onnx for a transducer)`,
  );
}

const PROBE = `
const sherpa = require(process.argv[1]);
const cfg = JSON.parse(process.argv[2]);
const r = new sherpa.OfflineRecognizer(cfg);
const s = r.createStream();
s.acceptWaveform({ samples: new Float32Array(${ASR_RATE / 2}), sampleRate: ${ASR_RATE} });
r.decode(s);
process.stdout.write(JSON.stringify(r.getResult(s)));
`;

/** Load the model in a child process first; throws AsrError with the native message on failure. */
export function probeSherpa(cfg: SherpaConfig, timeoutMs = 120_000): void {
  const modulePath = createRequire(import.meta.url).resolve('sherpa-onnx-node');
  const r = spawnSync(process.execPath, ['-e', PROBE, modulePath, JSON.stringify(cfg)], { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `signal ${r.signal}`).trim().split('\n').filter(Boolean).slice(-2).join(' ');
    throw new AsrError(`sherpa-onnx cannot load the model: ${why}`);
  }
}

interface SherpaStream {
  acceptWaveform(w: { samples: Float32Array; sampleRate: number }): void;
}
interface SherpaRecognizer {
  createStream(): SherpaStream;
  decodeAsync(s: SherpaStream): Promise<{ text: string }>;
}

export async function loadSherpa(dir: string, opts: { numThreads?: number; probe?: boolean } = {}): Promise<Transcriber> {
  const cfg = sherpaConfig(dir, opts.numThreads ?? 1);
  if (opts.probe !== false) probeSherpa(cfg);
  const sherpa = createRequire(import.meta.url)('sherpa-onnx-node') as {
    OfflineRecognizer: { createAsync(c: SherpaConfig): Promise<SherpaRecognizer> };
  };
  const rec = await sherpa.OfflineRecognizer.createAsync(cfg);
  return {
    name: 'sherpa',
    async transcribe(pcm) {
      const t0 = performance.now();
      const s = rec.createStream();
      s.acceptWaveform({ samples: toFloat32(pcm), sampleRate: ASR_RATE });
      const r = await rec.decodeAsync(s); // runs on a native worker thread
      return { text: (r.text ?? '').trim(), ms: performance.now() - t0 };
    },
  };
}
