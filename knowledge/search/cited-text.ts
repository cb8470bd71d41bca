// Stage 3d: what past orders said about each article (doc2query without a model). Every article a
// past order cited gets a small document of its own: the questions (field 0) and the answers
// (field 1) of the orders that cited it. A new question is matched against these documents with
// BM25, so an article is found through the words citizens and staff used around it even when
// the law words it differently and none of its citing orders is among the nearest neighbours.
// Kept as growable postings (term → key → tf), so learning one more order costs its own terms
// only: no rebuild on the next query (a CSR rebuild of the law-level documents took ~0.5 s).
import type { Bm25Params } from './bm25';
import type { IndexedOrder } from './orders';
import { segment, type Segmented } from './segment';

const CITED_BM25: Bm25Params = { k1: 1.2, b: 0.5, fieldWeights: [1, 0.5] };
const BIGRAM_W = 0.35;

// an order's answer, segmented once (orders are shared between the training folds' models)
const answerCache = new WeakMap<IndexedOrder, Segmented>();

export function answerOf(io: IndexedOrder): Segmented {
  let s = answerCache.get(io);
  if (!s) {
    const text = io.order.resolution?.trim();
    s = text ? segment(text) : { words: [], bigrams: [] };
    answerCache.set(io, s);
  }
  return s;
}

export interface CitedHits {
  docs: number[];
  scores: number[];
}

interface GrowField {
  postings: Map<string, Map<number, number>>; // term → key → term frequency
  lengths: Map<number, number>; // key → terms
  total: number;
}

function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

export class CitedTextIndex {
  private readonly fields: GrowField[] = [0, 1].map(() => ({ postings: new Map(), lengths: new Map(), total: 0 }));
  private readonly keys = new Set<number>();

  constructor(private readonly params: Bm25Params = CITED_BM25) {}

  /** One order citing `keys` (article document indices, or law / chapter ids; negatives ignored). */
  add(io: IndexedOrder, keys: readonly number[]): void {
    const ks = [...new Set(keys)].filter((k) => k >= 0);
    if (!ks.length) return;
    const a = answerOf(io);
    const texts = [io.words.concat(io.bigrams), a.words.concat(a.bigrams)];
    texts.forEach((terms, f) => {
      const field = this.fields[f];
      for (const [t, n] of counts(terms)) {
        let m = field.postings.get(t);
        if (!m) field.postings.set(t, (m = new Map()));
        for (const k of ks) m.set(k, (m.get(k) ?? 0) + n);
      }
      for (const k of ks) field.lengths.set(k, (field.lengths.get(k) ?? 0) + terms.length);
      field.total += terms.length * ks.length;
    });
    for (const k of ks) this.keys.add(k);
  }

  get size(): number {
    return this.keys.size;
  }

  /** The k keys whose orders' words best match the question (BM25, words + bigrams), best first. */
  search(words: string[], bigrams: string[], k: number, allow?: Uint8Array): CitedHits {
    const n = this.keys.size;
    if (!n) return { docs: [], scores: [] };
    const q = new Map<string, number>();
    for (const t of words) if (!q.has(t)) q.set(t, 1);
    for (const t of bigrams) if (!q.has(t)) q.set(t, BIGRAM_W);
    const { k1, b, fieldWeights } = this.params;
    const scores = new Map<number, number>();
    this.fields.forEach((field, f) => {
      const fw = fieldWeights[f] ?? 0;
      if (fw === 0 || !field.total) return;
      const avg = field.total / n;
      for (const [t, w] of q) {
        const m = field.postings.get(t);
        if (!m) continue;
        const idf = Math.log(1 + (n - m.size + 0.5) / (m.size + 0.5));
        const wt = w * fw * idf;
        for (const [key, tf] of m) {
          if (allow && !allow[key]) continue;
          const norm = k1 * (1 - b + (b * (field.lengths.get(key) ?? 0)) / avg);
          scores.set(key, (scores.get(key) ?? 0) + (wt * tf * (k1 + 1)) / (tf + norm));
        }
      }
    });
    const top = [...scores].filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1] || x[0] - y[0]).slice(0, k);
    return { docs: top.map((x) => x[0]), scores: top.map((x) => x[1]) };
  }
}
