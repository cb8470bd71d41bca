// Synthesis + resampling away from the server's event loop. Spawning espeak-ng, parsing its WAV
// and resampling 22.05 kHz → 8 kHz take milliseconds each; on the main thread they would delay the
// 20 ms frames of every other call. Preferred: a small helper process (startRenderProcess) — each
// espeak-ng spawn then forks that small process, not the server with its indexes (a fork of a big
// process copies its page tables and stalls its threads). Fallback: a worker thread. Both load the
// TypeScript worker through tsx (a dependency), so this works under `tsx`, vitest and benchmarks.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** The helper process variant (one child; requests and PCM travel over IPC, advanced serialization). */
export async function startRenderProcess(spec: SynthSpec): Promise<ThreadedRenderer> {
  const child = fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (p: Int16Array) => void; reject: (e: Error) => void }>();
  let seq = 0;
  const channel = (child as unknown as { channel?: { ref(): void; unref(): void } }).channel;
  const hold = (on: boolean) => {
    if (on) {
      child.ref();
      channel?.ref();
    } else {
      child.unref();
      channel?.unref();
    }
  };
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new TtsError('TTS helper process did not start')), 30_000);
    child.once('error', (e) => {
      clearTimeout(t);
      reject(new TtsError(`TTS helper failed: ${e.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new TtsError(`TTS helper exited (${code})`));
    });
    child.on('message', (m: { ready?: boolean; id?: number; pcm?: Int16Array; error?: string }) => {
      if (m.ready) {
        clearTimeout(t);
        resolve();
        return;
      }
      const p = pending.get(m.id!);
      if (!p) return;
      pending.delete(m.id!);
      if (pending.size === 0) hold(false); // an idle helper does not keep the process alive
      if (m.pcm) p.resolve(m.pcm);
      else p.reject(new TtsError(m.error ?? 'TTS failed'));
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new TtsError('TTS helper exited'));
    pending.clear();
  });
  hold(false);
  return {
    render(text, rate) {
      if (!child.connected) return Promise.reject(new TtsError('TTS helper not running'));
      const id = ++seq;
      return new Promise<Int16Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        hold(true);
        child.send({ id, text, rate });
      });
    },
    async close() {
      for (const p of pending.values()) p.reject(new TtsError('TTS stopped'));
      pending.clear();
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill();
        await gone;
      }
    },
  };
}
