// Start a worker thread running one of our TypeScript files. The worker registers tsx's loader
// itself (tsx is a dependency), so the same code runs under `tsx`, vitest and the benchmarks.
import { Worker } from 'node:worker_threads';

export function startTsWorker(file: URL, workerData: unknown): Worker {
  const code = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(file.href)}); })`;
  return new Worker(code, { eval: true, workerData });
}

/** Wait for the worker's first message `{ ready: true }` (or fail on error / timeout). */
export function whenReady(w: Worker, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} worker did not start`)), timeoutMs);
    const onMsg = (m: { ready?: boolean; error?: string }) => {
      if (m?.ready) {
        clearTimeout(t);
        w.off('message', onMsg);
        resolve();
      } else if (m?.error && !('id' in m)) {
        clearTimeout(t);
        reject(new Error(`${what} worker failed: ${m.error}`));
      }
    };
    w.on('message', onMsg);
    w.once('error', (e) => {
      clearTimeout(t);
      reject(new Error(`${what} worker failed: ${e.message}`));
    });
  });
}
