// Stage 4 helper: how much of the question each candidate holds (the reranker's `coverage`
// feature). A question word is covered by a candidate when the candidate's text or head (law
// title, chapter path) holds the word itself or one of its expansions; the candidate's coverage
// is the summed weight (IDF) of the words it covers.
//
// Asking "does doc d hold term t" by binary search for every candidate × word × term × field was
// the single largest cost of a search (~1,500 candidates × ~20 words). Here each term's postings
// are walked once and matched against the candidate list through a doc → slot table, unless the
// postings are so long that binary searches over the candidates are cheaper. Same result, same
// summation order (word by word, as the per-candidate loop added them).
import { hasTerm } from './bm25';
import type { InvertedIndex } from './postings';

export interface CoverWord {
  /** The word's own term id (when indexed) and the term ids of its expansions. */
  readonly ids: readonly number[];
  readonly weight: number;
}

export class CoverageScorer {
  private readonly slot: Int32Array; // document → index in the current candidate list, or -1

  constructor(private readonly ix: InvertedIndex) {
    this.slot = new Int32Array(Math.max(1, ix.nDocs)).fill(-1);
  }

  /** For each of `docs`, the summed weight of the words it covers in any of `fields`. */
  score(words: readonly CoverWord[], docs: readonly number[], fields: readonly number[]): Float64Array {
    const n = docs.length;
    const out = new Float64Array(n);
    if (!n || !words.length) return out;
    const covered = new Uint8Array(n);
    const slot = this.slot;
    for (let i = 0; i < n; i++) slot[docs[i]] = i;
    try {
      for (const w of words) {
        if (!w.ids.length) continue;
        covered.fill(0);
        for (const id of w.ids) {
          for (const f of fields) {
            const { offsets, docs: postings } = this.ix.fields[f];
            const start = offsets[id];
            const len = offsets[id + 1] - start;
            if (len === 0) continue;
            if (len <= n * Math.log2(len + 1)) {
              for (let j = start, end = start + len; j < end; j++) {
                const i = slot[postings[j]];
                if (i >= 0 && !covered[i]) {
                  covered[i] = 1;
                  out[i] += w.weight;
                }
              }
            } else {
              for (let i = 0; i < n; i++) {
                if (!covered[i] && hasTerm(this.ix, f, id, docs[i])) {
                  covered[i] = 1;
                  out[i] += w.weight;
                }
              }
            }
          }
        }
      }
    } finally {
      for (let i = 0; i < n; i++) slot[docs[i]] = -1;
    }
    return out;
  }
}
