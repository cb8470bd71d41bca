// The Embedder interface: how the knowledge core turns text into vectors, whatever the engine.
// Engines: a local transformers.js model directory (local.ts) or an OpenAI-compatible
// /v1/embeddings endpoint (openai.ts), chosen by createEmbedder (create.ts).

export interface Embedder {
  /** Stable identity of model + settings, safe as a file name; vectors from different ids never mix. */
  readonly id: string;
  /** Vector dimension. */
  readonly dim: number;
  /** Human-readable description for diagnostics, e.g. "本地模型 /models/bge-small-zh (384维)". */
  readonly describe: string;
  /** Embed documents (articles, past questions). Vectors are L2-normalised, one per text, same order. */
  embed(texts: string[]): Promise<Float32Array[]>;
  /** Embed a search query (models with a query instruction prefix use it here). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Release the model / connections. */
  close(): Promise<void>;
}

/** L2-normalise in place (a zero vector stays zero) and return it. */
export function l2normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const n = Math.sqrt(s);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** Cosine similarity of two L2-normalised vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Make a string safe as a file name component. */
export function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'model';
}

/**
 * Run async jobs one at a time (a local model is one CPU-bound resource), with a fast lane:
 * urgent jobs (search queries) run before queued normal jobs (index build batches), so a query
 * waits at most for the batch already running.
 */
export class JobQueue {
  private urgent: (() => void)[] = [];
  private normal: (() => void)[] = [];
  private busy = false;

  run<T>(job: () => Promise<T>, urgent = false): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        this.busy = true;
        job()
          .then(resolve, reject)
          .finally(() => {
            this.busy = false;
            this.next();
          });
      };
      (urgent ? this.urgent : this.normal).push(start);
      if (!this.busy) this.next();
    });
  }

  private next(): void {
    const start = this.urgent.shift() ?? this.normal.shift();
    start?.();
  }
}
