// Everything search learns from past work orders, kept together so it can be rebuilt at open,
// extended one order at a time (addPastOrder), and queried leave-one-out for training:
// similar-order index (kNN votes), citation priors, term associations.
import type { PastOrder } from '../types';
import { TermAssociations } from './associations';
import { CitedTextIndex } from './cited-text';
import type { Catalogue } from './catalogue';
import { OrderIndex, type IndexedOrder } from './orders';
import { CitationPriors } from './priors';

export interface OrderFacts {
  docs: number[]; // cited articles as document indices (-1 when not in the index)
  laws: Set<number>;
  terms: Set<number>; // distinct word terms of the cited articles
}

export class LearnedModels {
  readonly orders = new OrderIndex();
  readonly priors = new CitationPriors();
  readonly assoc = new TermAssociations();
  /** Per cited article: the questions and answers of the orders that cited it (stage 3d). */
  readonly citedText = new CitedTextIndex();
  /** The same per cited law (a law classifier over past questions and answers). */
  readonly lawText = new CitedTextIndex({ k1: 1.2, b: 0.75, fieldWeights: [1, 0.5] });
  /** The same per cited chapter. */
  readonly chapterText = new CitedTextIndex({ k1: 1.2, b: 0.75, fieldWeights: [1, 0.5] });
  /** Per order position in `orders`. */
  readonly facts: OrderFacts[] = [];
  /** Co-citation: how often two articles were cited by the same order (multi-article answers). */
  readonly cocite = new Map<number, Map<number, number>>();
  private lawTop: Map<number, number[]> | null = null;
  private posById = new Map<number, number>();

  constructor(
    private readonly cat: Catalogue,
    /** Distinct word term ids of an article (cached by the caller). */
    private readonly articleTerms: (doc: number) => Int32Array,
  ) {}

  add(order: PastOrder & { id: number }): void {
    this.orders.add(order);
    this.learnLast();
  }

  /** Add an order already segmented by another LearnedModels (training folds). */
  addIndexed(io: IndexedOrder): void {
    this.orders.addIndexed(io);
    this.learnLast();
  }

  private learnLast(): void {
    const pos = this.orders.size - 1;
    const order = this.orders.orders[pos].order;
    this.posById.set(order.id, pos);
    // cited laws as written by staff or an import ("劳动合同法") resolve to the stored title
    const docs = order.cited.map((c) => {
      const d = this.cat.find(c.law, c.article.trim());
      if (d >= 0) return d;
      const title = this.cat.resolver.resolve(c.law);
      return title ? this.cat.find(title, c.article.trim()) : -1;
    });
    const laws = new Set<number>();
    const terms = new Set<number>();
    for (const d of docs) {
      if (d < 0) continue;
      laws.add(this.cat.lawOf[d]);
      for (const t of this.articleTerms(d)) terms.add(t);
    }
    this.facts.push({ docs, laws, terms });
    const distinct = [...new Set(docs.filter((d) => d >= 0))];
    for (const a of distinct) {
      let m = this.cocite.get(a);
      if (!m) this.cocite.set(a, (m = new Map()));
      for (const b of distinct) if (b !== a) m.set(b, (m.get(b) ?? 0) + 1);
    }
    this.lawTop = null;
    this.priors.add(docs, this.cat);
    this.assoc.add(this.orders.orders[pos].words, terms);
    this.citedText.add(this.orders.orders[pos], docs);
    this.lawText.add(this.orders.orders[pos], [...laws]);
    this.chapterText.add(this.orders.orders[pos], docs.map((d) => (d < 0 ? -1 : this.cat.chapterOf[d])));
  }

  /** The most cited articles of a law, most cited first. */
  topArticlesOfLaw(law: number, k: number): number[] {
    if (!this.lawTop) {
      this.lawTop = new Map();
      for (const [d] of this.priors.citedArticles()) {
        const l = this.cat.lawOf[d];
        const list = this.lawTop.get(l) ?? [];
        list.push(d);
        this.lawTop.set(l, list);
      }
    }
    return (this.lawTop.get(law) ?? []).slice(0, k);
  }

  position(orderId: number): number | undefined {
    return this.posById.get(orderId);
  }

  get size(): number {
    return this.orders.size;
  }
}
