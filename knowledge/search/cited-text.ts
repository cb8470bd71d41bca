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
import { topKeys } from './top-k';

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
  postings: Map<string, Map<number, number>>; // term → key → term frequency (what add() updates)
  /** term → its postings as parallel arrays, same order as the map (what search() reads). */
  frozen: Map<string, { keys: Int32Array; tfs: Float64Array }>;
  lengths: Float64Array; // key → terms (grown as keys arrive)
  total: number;
}

function counts(terms: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function frozenPostings(field: GrowField, t: string): { keys: Int32Array; tfs: Float64Array } | undefined {
  let f = field.frozen.get(t);
  if (f) return f;
  const m = field.postings.get(t);
  if (!m) return undefined;
  f = { keys: Int32Array.from(m.keys()), tfs: Float64Array.from(m.values()) };
  field.frozen.set(t, f);
  return f;
}

export class CitedTextIndex {
  private readonly fields: GrowField[] = [0, 1].map(() => ({ postings: new Map(), frozen: new Map(), lengths: new Float64Array(64), total: 0 }));
  private readonly keys = new Set<number>();
  private maxKey = 0;
  // per-search scratch, indexed by key (keys are dense: article indices, law or chapter ids)
  private scores = new Float64Array(0);
  private touched: number[] = [];

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
        field.frozen.delete(t);
      }
      for (const k of ks) {
        if (k >= field.lengths.length) {
          const grown = new Float64Array(Math.max(k + 1, 2 * field.lengths.length));
          grown.set(field.lengths);
          field.lengths = grown;
        }
        field.lengths[k] += terms.length;
      }
      field.total += terms.length * ks.length;
    });
    for (const k of ks) {
      this.keys.add(k);
      if (k > this.maxKey) this.maxKey = k;
    }
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
    if (this.scores.length <= this.maxKey) this.scores = new Float64Array(this.maxKey + 1);
    const scores = this.scores;
    const touched = this.touched;
    touched.length = 0;
    for (let f = 0; f < this.fields.length; f++) {
      const field = this.fields[f];
      const fw = fieldWeights[f] ?? 0;
      if (fw === 0 || !field.total) continue;
      const avg = field.total / n;
      const lengths = field.lengths;
      for (const [t, w] of q) {
        const p = frozenPostings(field, t);
        if (!p) continue;
        const df = p.keys.length;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        const wt = w * fw * idf;
        for (let i = 0; i < df; i++) {
          const key = p.keys[i];
          if (allow && !allow[key]) continue;
          const tf = p.tfs[i];
          const norm = k1 * (1 - b + (b * lengths[key]) / avg);
          if (scores[key] === 0) touched.push(key);
          scores[key] += (wt * tf * (k1 + 1)) / (tf + norm);
        }
      }
    }
    const hits = topKeys(touched, scores, k); // every touched key scored > 0
    const out = { docs: hits, scores: hits.map((key) => scores[key]) };
    for (const key of touched) scores[key] = 0;
    return out;
  }
}
