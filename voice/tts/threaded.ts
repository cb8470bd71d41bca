// Synthesis + resampling in worker threads. Spawning espeak-ng (a fork of a large process),
// parsing its WAV and resampling 22.05 kHz → 8 kHz take milliseconds each; on the main thread they
// would delay the 20 ms frames of every other call. The workers load the TypeScript worker through
// tsx's API (a dependency), so this works the same under `tsx`, vitest and the benchmarks.
import type { Worker } from 'node:worker_threads';
import { startTsWorker } from '../thread';
import type { SynthSpec } from './index';
import { TtsError } from './types';

export type Render = (text: string, rate: number) => Promise<Int16Array>;

export interface ThreadedRenderer {
  render: Render;
  close(): Promise<void>;
}

export async function startRenderWorkers(spec: SynthSpec, threads = 1): Promise<ThreadedRenderer> {
  const pending = new Map<number, { resolve: (p: Int16Array) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const workers: Worker[] = [];
  for (let i = 0; i < threads; i++) {
    const w = startTsWorker(new URL('./worker.ts', import.meta.url), spec);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new TtsError('TTS worker did not start')), 30_000);
      w.once('error', (e) => {
        clearTimeout(t);
        reject(new TtsError(`TTS worker failed: ${e.message}`));
      });
      w.on('message', (m: { ready?: boolean; id?: number; pcm?: Int16Array; error?: string }) => {
        if (m.ready) {
          clearTimeout(t);
          resolve();
          return;
        }
        const p = pending.get(m.id!);
        if (!p) return;
        pending.delete(m.id!);
        if (pending.size === 0) for (const x of workers) x.unref(); // idle workers do not keep the process alive
        if (m.pcm) p.resolve(m.pcm);
        else p.reject(new TtsError(m.error ?? 'TTS failed'));
      });
    });
    w.unref();
    workers.push(w);
  }
  let rr = 0;
  return {
    render(text, rate) {
      const id = ++seq;
      return new Promise<Int16Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const w = workers[rr++ % workers.length];
        w.ref();
        w.postMessage({ id, text, rate });
      });
    },
    async close() {
      for (const p of pending.values()) p.reject(new TtsError('TTS stopped'));
      pending.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
