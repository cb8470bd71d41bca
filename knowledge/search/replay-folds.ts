// Which inner fold each stored order falls in when the reranker's training replays are built
// (engine.trainingRows): each fold's orders are searched with what the other folds taught.
// Split 0 is what the engine trains on: position mod folds. Other splits shuffle the positions
// by a seeded hash and deal them round-robin (folds stay balanced), so evals can measure how
// much a reranker figure owes to the one split it was trained on (evals/rerank.ts --splits).

/** 32-bit integer hash (lowbias32); deterministic across platforms. */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The inner fold (0 … folds-1) of each of n positions under `split` (0 = position mod folds). */
export function replayFolds(n: number, folds: number, split = 0): Uint32Array {
  if (!Number.isInteger(folds) || folds < 1) throw new Error(`replayFolds: folds must be a positive integer, got ${folds}`);
  if (!Number.isInteger(split) || split < 0) throw new Error(`replayFolds: split must be a non-negative integer, got ${split}`);
  const out = new Uint32Array(n);
  if (split === 0) {
    for (let i = 0; i < n; i++) out[i] = i % folds;
    return out;
  }
  const seed = hash32(split * 0x9e3779b9);
  const keys = Array.from({ length: n }, (_, i) => [hash32(i ^ seed) ^ hash32(seed + i), i] as const);
  keys.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  keys.forEach(([, i], rank) => {
    out[i] = rank % folds;
  });
  return out;
}
