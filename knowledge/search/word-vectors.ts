// Word vectors learned from the corpus itself, with no pretrained model: windowed co-occurrence
// counts over the statutes' own word sequences, positive pointwise mutual information (context
// frequencies smoothed to the power 0.75), and a truncated SVD (svd.ts) whose left singular
// vectors, scaled by the square root of the singular values, are the word vectors (Levy, Goldberg
// & Dagan 2015). Words that appear in the same legal contexts (车祸 / 交通事故 / 事故责任) end up
// close. This is distributional semantics of the corpus, not a language model: it only knows
// words the corpus uses at least `minCount` times.
import { truncatedSvd, type Csr } from './svd';

export interface WordVectorOptions {
  dim: number;
  /** Words on either side counted as context, weighted 1 / distance. */
  window: number;
  minCount: number;
  /** Most frequent words kept (pair keys are vocabulary² and must stay below 2³¹). */
  maxVocab: number;
  /** Power iterations of the SVD. */
  iterations: number;
  /** Context distribution smoothing. */
  contextPower: number;
}

export const WORD_VECTOR_OPTIONS: WordVectorOptions = {
  dim: 200,
  window: 5,
  minCount: 3,
  maxVocab: 46_000,
  iterations: 4,
  contextPower: 0.75,
};

export interface WordVectors {
  vocab: string[];
  ids: Map<string, number>;
  dim: number;
  /** vocab.length × dim, row-major, each row of unit length (all zero for a word with no signal). */
  vectors: Float32Array;
}

/** Vocabulary: words seen at least minCount times, the most frequent first, at most maxVocab. */
function buildVocab(sentences: readonly string[][], opts: WordVectorOptions): string[] {
  const counts = new Map<string, number>();
  for (const s of sentences) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts]
    .filter(([, c]) => c >= opts.minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, opts.maxVocab)
    .map(([w]) => w);
}

/** An open-addressing map from an unordered word pair to its summed weight. */
class PairCounts {
  keys: Int32Array;
  vals: Float64Array;
  size = 0;
  constructor(capacity = 1 << 16) {
    this.keys = new Int32Array(capacity).fill(-1);
    this.vals = new Float64Array(capacity);
  }
  add(key: number, w: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let h = Math.imul(key, 0x9e3779b1) & mask;
    for (;;) {
      const k = this.keys[h];
      if (k === key) {
        this.vals[h] += w;
        return;
      }
      if (k === -1) {
        this.keys[h] = key;
        this.vals[h] = w;
        this.size++;
        return;
      }
      h = (h + 1) & mask;
    }
  }
  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Int32Array(keys.length * 2).fill(-1);
    this.vals = new Float64Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], vals[i]);
  }
}

/** Symmetric windowed co-occurrence, then PPMI as a CSR matrix (vocab × vocab). */
export function ppmiMatrix(sentences: readonly string[][], ids: Map<string, number>, opts: WordVectorOptions): Csr {
  const v = ids.size;
  const pairs = new PairCounts();
  for (const s of sentences) {
    const seq: number[] = [];
    for (const w of s) {
      const id = ids.get(w);
      if (id !== undefined) seq.push(id);
    }
    for (let a = 0; a < seq.length; a++) {
      for (let d = 1; d <= opts.window && a + d < seq.length; d++) {
        const x = seq[a];
        const y = seq[a + d];
        pairs.add(x < y ? x * v + y : y * v + x, 1 / d);
      }
    }
  }
  // expand to both directions (a word paired with itself counts twice, as C + Cᵀ does)
  const rowSum = new Float64Array(v);
  const rowLen = new Int32Array(v);
  const { keys, vals } = pairs;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === -1) continue;
    const x = Math.floor(key / v);
    const y = key - x * v;
    rowSum[x] += vals[i];
    rowSum[y] += vals[i];
    rowLen[x]++;
    if (x !== y) rowLen[y]++;
  }
  let ctxTotal = 0;
  const ctx = new Float64Array(v);
  for (let x = 0; x < v; x++) ctxTotal += ctx[x] = Math.pow(rowSum[x], opts.contextPower);
  const rowStart = new Int32Array(v + 1);
  for (let x = 0; x < v; x++) rowStart[x + 1] = rowStart[x] + rowLen[x];
  const fill = rowStart.slice(0, v);
  const colIndex = new Int32Array(rowStart[v]);
  const values = new Float64Array(rowStart[v]);
  const put = (x: number, y: number, c: number) => {
    // pmi = log( P(x, y) / (P(x) · Pα(y)) )
    const pmi = Math.log((c * ctxTotal) / (rowSum[x] * ctx[y]));
    const p = fill[x]++;
    colIndex[p] = y;
    values[p] = pmi > 0 ? pmi : 0;
  };
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === -1) continue;
    const x = Math.floor(key / v);
    const y = key - x * v;
    if (x === y) put(x, x, 2 * vals[i]);
    else {
      put(x, y, vals[i]);
      put(y, x, vals[i]);
    }
  }
  return compact({ rows: v, cols: v, rowStart, colIndex, values });
}

/** Drop the zero (non-positive PMI) entries. */
function compact(m: Csr): Csr {
  const rowStart = new Int32Array(m.rows + 1);
  let n = 0;
  for (let i = 0; i < m.rows; i++) {
    for (let p = m.rowStart[i]; p < m.rowStart[i + 1]; p++) if (m.values[p] > 0) n++;
    rowStart[i + 1] = n;
  }
  const colIndex = new Int32Array(n);
  const values = new Float64Array(n);
  let q = 0;
  for (let p = 0; p < m.values.length; p++) {
    if (m.values[p] > 0) {
      colIndex[q] = m.colIndex[p];
      values[q++] = m.values[p];
    }
  }
  return { rows: m.rows, cols: m.cols, rowStart, colIndex, values };
}

/** Train word vectors on tokenised sentences (each an array of words in order). */
export function trainWordVectors(sentences: readonly string[][], options: Partial<WordVectorOptions> = {}): WordVectors {
  const opts = { ...WORD_VECTOR_OPTIONS, ...options };
  const vocab = buildVocab(sentences, opts);
  if (vocab.length * vocab.length >= 2 ** 31) throw new Error(`word vectors: vocabulary ${vocab.length} too large`);
  const ids = new Map(vocab.map((w, i) => [w, i]));
  const dim = Math.max(1, Math.min(opts.dim, vocab.length));
  const vectors = new Float32Array(vocab.length * dim);
  if (vocab.length === 0) return { vocab, ids, dim, vectors };
  const ppmi = ppmiMatrix(sentences, ids, opts);
  const svd = truncatedSvd(ppmi, { rank: dim, iterations: opts.iterations, seed: 1 });
  const scale = Array.from(svd.s, (s) => Math.sqrt(s));
  for (let w = 0; w < vocab.length; w++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += (svd.u[w * dim + c] * scale[c]) ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < dim; c++) vectors[w * dim + c] = svd.u[w * dim + c] * scale[c] * inv;
  }
  return { vocab, ids, dim, vectors };
}
