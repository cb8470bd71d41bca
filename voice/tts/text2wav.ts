// text2wav: espeak-ng compiled to WebAssembly (npm package, no OS install). It runs synchronously
// inside its module, so it lives in a worker thread: synthesis never stalls the audio pacing.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { readWav } from '../audio/wav';
import { TtsError, type Synthesizer } from './types';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
console.warn = () => {}; // emscripten notes about streaming compilation
const text2wav = require(workerData.modulePath);
parentPort.on('message', async ({ id, text, voice, speed }) => {
  try {
    const wav = await text2wav(text, { voice, speed });
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: String(e && e.message || e) });
  }
});
`;

export function text2wavSynthesizer(opts: { voice?: string; speed?: number } = {}): Synthesizer {
  const modulePath = createRequire(import.meta.url).resolve('text2wav');
  const voice = opts.voice ?? 'cmn-latn-pinyin';
  const speed = opts.speed ?? 160;
  let worker: Worker | null = null;
  let seq = 0;
  const waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  const getWorker = (): Worker => {
    if (worker) return worker;
    const w = new Worker(WORKER, { eval: true, workerData: { modulePath }, stderr: true });
    w.stderr.resume();
    w.unref();
    w.on('message', (m: { id: number; wav?: Uint8Array; error?: string }) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if (m.wav) p.resolve(m.wav);
      else p.reject(new TtsError(`text2wav failed: ${m.error}`));
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(new TtsError(`text2wav worker died: ${e.message}`));
      waiting.clear();
      worker = null;
    });
    worker = w;
    return w;
  };
  return {
    name: 'text2wav',
    async synthesize(text, signal) {
      const id = ++seq;
      const wav = await new Promise<Uint8Array>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        signal?.addEventListener('abort', () => {
          waiting.delete(id);
          reject(new TtsError('aborted'));
        });
        getWorker().postMessage({ id, text, voice, speed });
      });
      return readWav(Buffer.from(wav.buffer, wav.byteOffset, wav.byteLength));
    },
    async close() {
      await worker?.terminate();
      worker = null;
    },
  };
}
