// A reusable score accumulator over all documents: one Float32Array plus the list of documents
// touched, so resetting costs O(touched) and a query allocates nothing proportional to the corpus.

export class Accumulator {
  readonly scores: Float32Array;
  private readonly mark: Uint8Array;
  private readonly list: Uint32Array;
  private n = 0;

  constructor(readonly size: number) {
    this.scores = new Float32Array(size);
    this.mark = new Uint8Array(size);
    this.list = new Uint32Array(size);
  }

  add(doc: number, v: number): void {
    if (!this.mark[doc]) {
      this.mark[doc] = 1;
      this.list[this.n++] = doc;
    }
    this.scores[doc] += v;
  }

  /** Add every touched score of another accumulator of the same size. */
  addFrom(other: Accumulator): void {
    for (let i = 0; i < other.n; i++) {
      const d = other.list[i];
      this.add(d, other.scores[d]);
    }
  }

  get touched(): number {
    return this.n;
  }

  touchedAt(i: number): number {
    return this.list[i];
  }

  reset(): void {
    if (this.n > this.size >> 4) {
      // a broad query touched much of the corpus: clearing whole arrays is cheaper than scattered writes
      this.scores.fill(0);
      this.mark.fill(0);
      this.n = 0;
      return;
    }
    for (let i = 0; i < this.n; i++) {
      const d = this.list[i];
      this.scores[d] = 0;
      this.mark[d] = 0;
    }
    this.n = 0;
  }

  /** The k best touched documents (optionally only those with allow[doc] = 1), best first. */
  top(k: number, allow?: Uint8Array | null): { docs: number[]; scores: number[] } {
    // bounded min-heap over (score, doc)
    const hs = new Float64Array(k);
    const hd = new Int32Array(k);
    let size = 0;
    for (let i = 0; i < this.n; i++) {
      const d = this.list[i];
      if (allow && !allow[d]) continue;
      const s = this.scores[d];
      if (s <= 0) continue;
      if (size < k) {
        let j = size++;
        while (j > 0) {
          const p = (j - 1) >> 1;
          if (hs[p] <= s) break;
          hs[j] = hs[p];
          hd[j] = hd[p];
          j = p;
        }
        hs[j] = s;
        hd[j] = d;
      } else if (s > hs[0]) {
        let j = 0;
        for (;;) {
          const l = 2 * j + 1;
          if (l >= size) break;
          const r = l + 1;
          const c = r < size && hs[r] < hs[l] ? r : l;
          if (hs[c] >= s) break;
          hs[j] = hs[c];
          hd[j] = hd[c];
          j = c;
        }
        hs[j] = s;
        hd[j] = d;
      }
    }
    const idx = Array.from({ length: size }, (_, i) => i).sort((a, b) => hs[b] - hs[a] || hd[a] - hd[b]);
    return { docs: idx.map((i) => hd[i]), scores: idx.map((i) => hs[i]) };
  }
}
