// The search engine: owns the in-memory indexes and runs the numbered pipeline documented in
// ./index.ts. One engine per open store; not thread-safe (one query at a time per process,
// which is how Node runs it).
import type Database from 'better-sqlite3';
import type { Article, EmbeddingConfig, KnowledgeOptions, PastOrder, SearchDiagnostics, SearchHit, SearchQuery, SearchResult, SimilarOrder } from '../types';
import { Accumulator } from './accumulator';
import { loadOrBuildArticleIndex, type ArticleIndex } from './article-index';
import { scoreBm25 } from './bm25';
import { Catalogue } from './catalogue';
import { analyseQuery } from './query';
import { OrderIndex } from './orders';
import { displayTerm, segment } from './segment';
import { readPastOrders, readUnitMeta, rowToArticle, storeGeneration, UnitReader } from './store-read';
import { explainHit } from './explain';

export interface EngineOptions {
  embedding?: EmbeddingConfig;
  log?: KnowledgeOptions['log'];
}

export interface VectorStatus {
  state: SearchDiagnostics['vector'];
  reason?: string;
}

export interface EngineInfo {
  rebuilt: boolean;
  articles: number;
  pastOrders: number;
}

export class SearchEngine {
  private articles!: ArticleIndex;
  private catalogue!: Catalogue;
  private acc!: Accumulator;
  private reader: UnitReader;
  readonly orders = new OrderIndex();
  private generation = '';
  lastOpen: EngineInfo = { rebuilt: false, articles: 0, pastOrders: 0 };

  private vector: VectorStatus = { state: 'off', reason: '未配置向量嵌入服务 (no embedding provider configured)' };

  constructor(
    private readonly db: Database.Database,
    private readonly opts: EngineOptions = {},
  ) {
    this.reader = new UnitReader(db);
    this.load();
  }

  /** Resolves when optional async stages (vector) are ready or known to be off. */
  async ready(): Promise<void> {}

  vectorStatus(): VectorStatus {
    return this.vector;
  }

  close(): void {}

  /** (Re)load everything from the store; the keyword index only rebuilds when units changed. */
  load(): EngineInfo {
    const { index, rebuilt } = loadOrBuildArticleIndex(this.db);
    if (!this.articles || this.articles.fingerprint !== index.fingerprint || !this.acc) {
      this.acc = new Accumulator(Math.max(1, index.ix.nDocs));
    }
    this.articles = index;
    this.catalogue = new Catalogue(readUnitMeta(this.db), index.unitIds);
    (this as { orders: OrderIndex }).orders = new OrderIndex();
    for (const o of readPastOrders(this.db)) this.orders.add(o);
    this.generation = storeGeneration(this.db);
    this.lastOpen = { rebuilt, articles: index.ix.nDocs, pastOrders: this.orders.size };
    return this.lastOpen;
  }

  /** Reload when the store's generation moved on (another process ingested). */
  reloadIfChanged(): boolean {
    if (storeGeneration(this.db) === this.generation) return false;
    this.load();
    return true;
  }

  get articleCount(): number {
    return this.catalogue.n;
  }

  resolveLaw(name: string): string | null {
    return this.catalogue.resolver.resolve(name);
  }

  article(docIdx: number): Article | null {
    const r = this.reader.get(this.articles.unitIds[docIdx]);
    return r ? rowToArticle(r) : null;
  }

  getArticle(law: string, number: string): Article | null {
    const title = this.catalogue.lawIds.has(law) ? law : this.resolveLaw(law);
    if (!title) return null;
    const i = this.catalogue.find(title, number.trim());
    return i < 0 ? null : this.article(i);
  }

  /** Learn from one more past order already stored with this id. */
  learn(order: PastOrder & { id: number }): void {
    this.orders.add(order);
    this.generation = storeGeneration(this.db);
  }

  search(q: SearchQuery): SearchResult {
    const t0 = performance.now();
    const limit = Math.max(1, Math.min(q.limit ?? 10, 200));
    const ix = this.articles.ix;
    const stages: string[] = [];

    // 1. normalise + segment
    const aq = analyseQuery(ix, q.text, q.context);
    const seg = segment(q.text);
    stages.push('segment');

    // filters (law by full or short name)
    let lawTitle: string | null = null;
    if (q.filters?.law) lawTitle = this.resolveLaw(q.filters.law) ?? `\u0000${q.filters.law}`;
    const allow = this.catalogue.mask(q.filters, lawTitle);

    // 3a. keyword recall
    this.acc.reset();
    scoreBm25(ix, aq.terms, this.acc, undefined);
    stages.push('keyword');
    const kw = this.acc.top(Math.max(limit, 100), allow);

    // 3b. similar past orders vote for their cited articles
    const votes = new Map<number, { score: number; from: { orderId: number; question: string; score: number }[] }>();
    const nb = this.orders.neighbours(seg.words, seg.bigrams, 20);
    for (const n of nb) {
      const o = this.orders.orders[n.idx].order;
      for (const ref of o.cited) {
        const d = this.catalogue.find(ref.law, ref.article);
        if (d < 0 || !allow[d]) continue;
        const v = votes.get(d) ?? { score: 0, from: [] };
        v.score += n.sim;
        v.from.push({ orderId: o.id, question: o.question, score: Math.round(n.sim * 1000) / 1000 });
        votes.set(d, v);
      }
    }
    if (nb.length) stages.push('orders');

    // 4. fuse: reciprocal rank fusion of the runs
    const fused = new Map<number, number>();
    const kwRank = new Map<number, number>();
    kw.docs.forEach((d, r) => {
      kwRank.set(d, r + 1);
      fused.set(d, (fused.get(d) ?? 0) + 1 / (60 + r + 1));
    });
    const voteRank = new Map<number, number>();
    [...votes].sort((a, b) => b[1].score - a[1].score).forEach(([d], r) => {
      voteRank.set(d, r + 1);
      fused.set(d, (fused.get(d) ?? 0) + 1 / (60 + r + 1));
    });
    stages.push('fuse');
    const ranked = [...fused].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);

    // 6. explain
    const hits: SearchHit[] = [];
    for (const [d, score] of ranked) {
      const a = this.article(d);
      if (!a) continue;
      const stageRanks: Record<string, number> = {};
      if (kwRank.has(d)) stageRanks.keyword = kwRank.get(d)!;
      if (voteRank.has(d)) stageRanks.orders = voteRank.get(d)!;
      hits.push({
        ...a,
        score,
        signals: explainHit(ix, d, aq, [], votes.get(d)?.from ?? [], stageRanks),
      });
    }
    stages.push('explain');
    this.acc.reset();
    const top = kw.scores[0] ?? 0;
    const confidence = hits.length ? Math.min(1, top / (top + 8)) : 0;
    return {
      hits,
      terms: aq.words.map(displayTerm),
      confidence,
      tookMs: performance.now() - t0,
      diagnostics: {
        stages,
        vector: this.vector.state,
        vectorReason: this.vector.reason,
        articles: this.catalogue.n,
        pastOrders: this.orders.size,
      },
    };
  }

  similarOrders(text: string, limit = 5): SimilarOrder[] {
    const s = segment(text);
    const nb = this.orders.neighbours(s.words, s.bigrams, limit);
    const qWords = new Set(s.words);
    return nb.map((n) => {
      const io = this.orders.orders[n.idx];
      const common = [...new Set(io.words.filter((w) => qWords.has(w)))].slice(0, 8);
      const why: string[] = [];
      if (common.length) why.push(`共同词: ${common.join(' ')}`);
      for (const c of io.order.cited.slice(0, 3)) why.push(`引用了 ${c.law.replace(/^中华人民共和国/, '')} ${c.article}`);
      return { order: io.order, score: Math.round(n.sim * 1000) / 1000, why };
    });
  }
}
