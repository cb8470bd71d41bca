// Stage 3b: similar past work orders. Past questions are indexed like articles (words +
// bigrams); the k most similar to the query vote for the articles they cited, weighted by
// similarity. Adding an order appends its segmented terms and rebuilds the small CSR lazily, so
// the learning loop costs one segmentation per resolved order.
import type { ArticleRef, PastOrder } from '../types';
import { Accumulator } from './accumulator';
import { scoreBm25, type Bm25Params, type QueryTerm } from './bm25';
import { IndexBuilder, type InvertedIndex } from './postings';
import { segment } from './segment';

const ORDER_BM25: Bm25Params = { k1: 1.2, b: 0.5, fieldWeights: [1] };
const BIGRAM_W = 0.35;

export interface IndexedOrder {
  order: PastOrder & { id: number };
  words: string[];
  bigrams: string[];
}

export interface Neighbour {
  idx: number; // position in OrderIndex.orders
  score: number; // BM25 similarity
  sim: number; // normalised 0..1 against the best neighbour
}

export class OrderIndex {
  readonly orders: IndexedOrder[] = [];
  private ix: InvertedIndex | null = null;
  private acc: Accumulator | null = null;

  add(order: PastOrder & { id: number }): void {
    const text = order.summary && order.summary !== order.question ? `${order.question} ${order.summary}` : order.question;
    const s = segment(text);
    this.orders.push({ order, words: s.words, bigrams: s.bigrams });
    this.ix = null;
  }

  addIndexed(io: IndexedOrder): void {
    this.orders.push(io);
    this.ix = null;
  }

  get size(): number {
    return this.orders.length;
  }

  private index(): InvertedIndex {
    if (!this.ix) {
      const b = new IndexBuilder(1);
      for (const o of this.orders) b.add([o.words.concat(o.bigrams)]);
      this.ix = b.build();
      this.acc = new Accumulator(Math.max(1, this.orders.length));
    }
    return this.ix;
  }

  /** Query terms (strings) → this index's weighted term ids. */
  private terms(words: string[], bigrams: string[]): QueryTerm[] {
    const ix = this.index();
    const m = new Map<number, number>();
    for (const [list, w] of [
      [words, 1],
      [bigrams, BIGRAM_W],
    ] as const) {
      for (const t of list) {
        const id = ix.termIds.get(t);
        if (id !== undefined && !m.has(id)) m.set(id, w);
      }
    }
    return [...m].map(([id, weight]) => ({ id, weight }));
  }

  /** The k most similar past orders (excluding ids in `exclude`, e.g. the order itself in training). */
  neighbours(words: string[], bigrams: string[], k: number, exclude?: ReadonlySet<number>): Neighbour[] {
    if (this.orders.length === 0) return [];
    const ix = this.index();
    const acc = this.acc!;
    acc.reset();
    scoreBm25(ix, this.terms(words, bigrams), acc, ORDER_BM25);
    let allow: Uint8Array | null = null;
    if (exclude?.size) {
      allow = new Uint8Array(this.orders.length).fill(1);
      this.orders.forEach((o, i) => {
        if (exclude.has(o.order.id)) allow![i] = 0;
      });
    }
    const top = acc.top(k, allow);
    acc.reset();
    const best = top.scores[0] ?? 1;
    return top.docs.map((idx, i) => ({ idx, score: top.scores[i], sim: top.scores[i] / best }));
  }

  cited(idx: number): ArticleRef[] {
    return this.orders[idx].order.cited;
  }
}
