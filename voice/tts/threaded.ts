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

type Reply = { ready?: boolean; id?: number; pcm?: Int16Array; error?: string };

/** Render requests in flight to a worker or helper process, keyed by id. */
class Pending {
  private map = new Map<number, { resolve: (p: Int16Array) => void; reject: (e: Error) => void }>();
  private seq = 0;
  /** `onIdle` runs when the last request settles (idle renderers must not keep the process alive). */
  constructor(private onIdle: () => void) {}

  add(resolve: (p: Int16Array) => void, reject: (e: Error) => void): number {
    const id = ++this.seq;
    this.map.set(id, { resolve, reject });
    return id;
  }

  /** Settle the request a reply answers; true when the reply is the renderer's `ready` signal. */
  settle(m: Reply): boolean {
    if (m.ready) return true;
    const p = this.map.get(m.id!);
    if (!p) return false;
    this.map.delete(m.id!);
    if (this.map.size === 0) this.onIdle();
    if (m.pcm) p.resolve(m.pcm);
    else p.reject(new TtsError(m.error ?? 'TTS failed'));
    return false;
  }

  rejectAll(message: string): void {
    for (const p of this.map.values()) p.reject(new TtsError(message));
    this.map.clear();
  }
}

export async function startRenderWorkers(spec: SynthSpec, threads = 1): Promise<ThreadedRenderer> {
  const workers: Worker[] = [];
  const pending = new Pending(() => {
    for (const x of workers) x.unref();
  });
  for (let i = 0; i < threads; i++) {
    const w = startTsWorker(new URL('./worker.ts', import.meta.url), spec);
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new TtsError('TTS worker did not start')), 30_000);
      w.once('error', (e) => {
        clearTimeout(t);
        reject(new TtsError(`TTS worker failed: ${e.message}`));
      });
      w.on('message', (m: Reply) => {
        if (pending.settle(m)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    w.unref();
    workers.push(w);
  }
  let rr = 0;
  return {
    render(text, rate) {
      return new Promise<Int16Array>((resolve, reject) => {
        const id = pending.add(resolve, reject);
        const w = workers[rr++ % workers.length];
        w.ref();
        w.postMessage({ id, text, rate });
      });
    },
    async close() {
      pending.rejectAll('TTS stopped');
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
  const pending = new Pending(() => hold(false));
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
    child.on('message', (m: Reply) => {
      if (pending.settle(m)) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  child.removeAllListeners('exit');
  child.on('exit', () => pending.rejectAll('TTS helper exited'));
  hold(false);
  return {
    render(text, rate) {
      if (!child.connected) return Promise.reject(new TtsError('TTS helper not running'));
      return new Promise<Int16Array>((resolve, reject) => {
        const id = pending.add(resolve, reject);
        hold(true);
        child.send({ id, text, rate });
      });
    },
    async close() {
      pending.rejectAll('TTS stopped');
      if (child.exitCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill();
        await gone;
      }
    },
  };
}
