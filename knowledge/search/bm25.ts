// Stage 3a: keyword recall, BM25 over several fields (article text; law title + chapter path).
// Each field has its own IDF and length normalisation; a term's field scores are summed with the
// field weights (BM25F-like without merged term frequencies, which measured no better here).
import type { Accumulator } from './accumulator';
import type { FieldPostings, InvertedIndex } from './postings';

export interface Bm25Params {
  k1: number;
  b: number;
  /** Weight of each field's BM25 score. */
  fieldWeights: number[];
  /**
   * Terms in more than this share of a field's documents are skipped in that field: their IDF
   * is near zero (中华人民共和国 in the title field, 规定 in the text) but their postings are the
   * longest, so they cost most of a query's time for almost no ranking signal.
   */
  maxDfRatio?: number;
}

const DF_CUTOFF_MIN_DOCS = 10_000;

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75, fieldWeights: [1, 0.6], maxDfRatio: 0.25 };

/** A query term with its weight (1 for the user's own words, less for expansions). */
export interface QueryTerm {
  id: number;
  weight: number;
}

export function idf(field: FieldPostings, nDocs: number, termId: number): number {
  const df = field.offsets[termId + 1] - field.offsets[termId];
  if (df === 0) return 0;
  return Math.log(1 + (nDocs - df + 0.5) / (df + 0.5));
}

// k1 · (1 − b + b · length / average length) per document, computed once per field and params
const normCache = new WeakMap<FieldPostings, { k1: number; b: number; norm: Float64Array }>();

function lengthNorms(field: FieldPostings, k1: number, b: number): Float64Array {
  const c = normCache.get(field);
  if (c && c.k1 === k1 && c.b === b) return c.norm;
  const avg = field.avgLength || 1;
  const norm = new Float64Array(field.lengths.length);
  for (let d = 0; d < norm.length; d++) norm[d] = k1 * (1 - b + (b * field.lengths[d]) / avg);
  normCache.set(field, { k1, b, norm });
  return norm;
}

/** Add the BM25 scores of the query terms to the accumulator. */
export function scoreBm25(ix: InvertedIndex, query: QueryTerm[], acc: Accumulator, p: Bm25Params = DEFAULT_BM25): void {
  for (let f = 0; f < ix.fields.length; f++) {
    const fw = p.fieldWeights[f] ?? 0;
    if (fw === 0) continue;
    const field = ix.fields[f];
    const { offsets, docs, tfs } = field;
    const k1 = p.k1;
    const norm = lengthNorms(field, k1, p.b);
    // (only at scale: in a small store a law's title is in most documents and still tells)
    const maxDf = ix.nDocs >= DF_CUTOFF_MIN_DOCS ? (p.maxDfRatio ?? 1) * ix.nDocs : Infinity;
    for (const q of query) {
      if (offsets[q.id + 1] - offsets[q.id] > maxDf) continue;
      const w = q.weight * fw * idf(field, ix.nDocs, q.id);
      if (w <= 0) continue;
      const end = offsets[q.id + 1];
      for (let i = offsets[q.id]; i < end; i++) {
        const d = docs[i];
        const tf = tfs[i];
        acc.add(d, (w * tf * (k1 + 1)) / (tf + norm[d]));
      }
    }
  }
}

/** Does document `doc` contain term `termId` in field `f`? (binary search in its postings) */
export function hasTerm(ix: InvertedIndex, f: number, termId: number, doc: number): boolean {
  const { offsets, docs } = ix.fields[f];
  let lo = offsets[termId];
  let hi = offsets[termId + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = docs[mid];
    if (v === doc) return true;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
