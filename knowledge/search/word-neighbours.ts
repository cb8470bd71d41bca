// Stage 4 input: each word's nearest words in the corpus-trained word space (word-vectors.ts),
// found once per build with an HNSW graph (hnswlib-node, inner product over unit-length vectors)
// and kept as a fixed-width table. soft-match.ts reads it to let a question word match an
// article that uses a near word instead (工资 ~ 劳动报酬) without comparing every word at query time.
import hnswlib from 'hnswlib-node';

/** Neighbours kept per word (measured on dev: 100 kept the soft match's gain; see evals/README.md). */
export const NEIGHBOURS = 100;
/** Quantisation of similarities (≤ 1) to int8. */
const Q = 127;

export interface WordNeighbours {
  /** Neighbours per word (row width). */
  k: number;
  /** vocab × k word ids, nearest first; -1 pads a short row. */
  ids: Int32Array;
  /** vocab × k similarities × 127 (int8). */
  sims: Int8Array;
}

/**
 * The `k` nearest other words of every word. `words` holds vocab × dim int8 components of
 * unit-length vectors (× 127), as in UnitVectors. Deterministic: points are inserted in id order
 * with a fixed seed.
 */
export function buildWordNeighbours(words: Int8Array, vocabSize: number, dim: number, k = NEIGHBOURS): WordNeighbours {
  const width = Math.max(0, Math.min(k, vocabSize - 1));
  const ids = new Int32Array(vocabSize * width).fill(-1);
  const sims = new Int8Array(vocabSize * width);
  if (width === 0) return { k: width, ids, sims };
  const index = new hnswlib.HierarchicalNSW('ip', dim);
  index.initIndex(vocabSize, 12, 100, 100);
  const vec = (w: number) => {
    const v = new Array<number>(dim);
    for (let c = 0; c < dim; c++) v[c] = words[w * dim + c] / Q;
    return v;
  };
  for (let w = 0; w < vocabSize; w++) index.addPoint(vec(w), w);
  index.setEf(Math.max(width + 50, 150));
  for (let w = 0; w < vocabSize; w++) {
    const r = index.searchKnn(vec(w), Math.min(width + 1, vocabSize));
    let at = w * width;
    const end = at + width;
    // hnswlib returns nearest first; distance is 1 - inner product
    for (let i = 0; i < r.neighbors.length && at < end; i++) {
      const n = r.neighbors[i];
      if (n === w) continue;
      ids[at] = n;
      sims[at] = Math.max(-Q, Math.min(Q, Math.round((1 - r.distances[i]) * Q)));
      at++;
    }
  }
  return { k: width, ids, sims };
}

/** Similarity of a stored neighbour entry. */
export function neighbourSim(n: WordNeighbours, at: number): number {
  return n.sims[at] / Q;
}
