// Stage 4 input: how well an article covers each question word, counting a near word of the
// corpus-trained word space as a partial match (the `word_soft` reranker feature). For every
// question word the best similarity among the article's words is taken (1 for the word itself,
// the stored similarity for one of its nearest words, else 0), and these are averaged with the
// words' IDF as weights. Unlike the centroid cosine (unit-vectors.ts) each question word must be
// met by some word of the article; unlike the keyword runs a near word counts.
import type { UnitVectors } from './unit-vectors';
import { neighbourSim } from './word-neighbours';

export interface SoftQuery {
  /** Distinct vocabulary ids of the question's words. */
  words: number[];
  weights: number[];
  total: number;
}

/** The question's known words (unit-vectors questionWords) with their IDF, or null for none. */
export function softQuery(uv: UnitVectors, wordIds: readonly number[]): SoftQuery | null {
  if (!wordIds.length) return null;
  const words = [...wordIds];
  const weights = words.map((id) => uv.idf[id]);
  return { words, weights, total: weights.reduce((a, b) => a + b, 0) };
}

/**
 * Scores documents (unit indexes) against one question. Keeps per-vocabulary scratch arrays, so
 * one matcher serves many queries (not concurrently).
 */
export class SoftMatcher {
  private readonly head: Int32Array;
  private entNext = new Int32Array(0);
  private entWord = new Int32Array(0);
  private entSim = new Float32Array(0);

  constructor(private readonly uv: UnitVectors) {
    this.head = new Int32Array(uv.vocab.length).fill(-1);
  }

  score(q: SoftQuery, docs: readonly number[], out = new Float32Array(docs.length)): Float32Array {
    const { uv, head } = this;
    const nb = uv.neighbours;
    const cap = q.words.length * (nb.k + 1);
    if (this.entNext.length < cap) {
      this.entNext = new Int32Array(cap);
      this.entWord = new Int32Array(cap);
      this.entSim = new Float32Array(cap);
    }
    const { entNext, entWord, entSim } = this;
    // 1. an inverted table: vocabulary word → (question word, similarity) entries
    let n = 0;
    const touched: number[] = [];
    const add = (w: number, j: number, sim: number) => {
      if (head[w] < 0) touched.push(w);
      entWord[n] = j;
      entSim[n] = sim;
      entNext[n] = head[w];
      head[w] = n++;
    };
    for (let j = 0; j < q.words.length; j++) {
      const id = q.words[j];
      add(id, j, 1);
      const base = id * nb.k;
      for (let i = 0; i < nb.k; i++) {
        const w = nb.ids[base + i];
        if (w < 0) break;
        const sim = neighbourSim(nb, base + i);
        if (sim > 0) add(w, j, sim);
      }
    }
    // 2. per document, the best match of each question word among its words
    const best = new Float32Array(q.words.length);
    for (let k = 0; k < docs.length; k++) {
      const d = docs[k];
      best.fill(0);
      for (let p = uv.unitWordStart[d], end = uv.unitWordStart[d + 1]; p < end; p++) {
        for (let e = head[uv.unitWords[p]]; e >= 0; e = entNext[e]) {
          if (entSim[e] > best[entWord[e]]) best[entWord[e]] = entSim[e];
        }
      }
      let s = 0;
      for (let j = 0; j < best.length; j++) s += q.weights[j] * best[j];
      out[k] = q.total > 0 ? s / q.total : 0;
    }
    for (const w of touched) head[w] = -1;
    return out;
  }
}
