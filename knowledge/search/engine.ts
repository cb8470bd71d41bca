// The search engine: owns the in-memory indexes and runs the numbered pipeline documented in
// ./index.ts. One engine per open store; one query at a time (Node's event loop).
import type Database from 'better-sqlite3';
import type {
  Article,
  EmbeddingConfig,
  HitSignals,
  KnowledgeOptions,
  PastOrder,
  SearchDiagnostics,
  SearchHit,
  SearchQuery,
  SearchResult,
  SimilarOrder,
} from '../types';
import { loadThesaurus, type Thesaurus } from '../thesaurus/thesaurus';
import { Accumulator } from './accumulator';
import { FIELD_BODY, FIELD_HEAD, loadOrBuildArticleIndex, type ArticleIndex } from './article-index';
import { centroidOf, loadOrBuildUnitVectors, questionWords, unitCosine, type UnitVectors } from './unit-vectors';
import { SoftMatcher, softQuery } from './soft-match';
import { loadArtifactAnyGeneration, saveArtifact } from './artifacts';
import { DEFAULT_BM25, idf, scoreBm25, type QueryTerm } from './bm25';
import { Catalogue } from './catalogue';
import { CoverageScorer } from './coverage';
import { explainHit, type Expansion } from './explain';
import { associationTerms, thesaurusTerms } from './expand';
import { MISSING_RANK, N_FEATURES } from './features';
import { LearnedModels } from './learned';
import { analyseQuery, type AnalysedQuery } from './query';
import {
  confidenceOf,
  decodeReranker,
  DEFAULT_RERANKER,
  encodeReranker,
  MIN_ORDERS_TO_LEARN,
  applyReranker,
  calibrationScore,
  trainReranker,
  type TrainedReranker,
  type TrainingRows,
} from './rerank';
import { BIGRAM_PREFIX, displayTerm, segment, segmentWords } from './segment';
import { listPastOrders } from '../store/queries';
import { replayFolds } from './replay-folds';
import { DocCitesReader, readUnitMeta, rowToArticle, storeGeneration, UnitReader } from './store-read';
import { topKeys } from './top-k';
import { openStoreVectorStage, VECTOR_OFF_REASON, type VectorStage } from './vector';

/** Which stages run: all by default; the evaluation switches them off to measure each one. */
export interface StageSwitches {
  thesaurus: boolean;
  associations: boolean;
  votes: boolean;
  priors: boolean;
  rerank: boolean;
}

export const ALL_STAGES: StageSwitches = { thesaurus: true, associations: true, votes: true, priors: true, rerank: true };

export interface EngineOptions {
  embedding?: EmbeddingConfig;
  log?: KnowledgeOptions['log'];
  stages?: Partial<StageSwitches>;
  /** Force the reranker family (evaluation); default: trees with ≥300 orders, else linear. */
  rerankerKind?: 'linear' | 'gbdt';
  thesaurus?: Thesaurus;
  /** Reuse a reranker trained on somewhat fewer orders (default true; evaluations say false). */
  rerankerReuse?: boolean;
  /**
   * false: never load or train a reranker, keep the hand-set fusion (evals/rerank.ts trains its
   * own from `trainingRows` and `candidateRows`). Default true.
   */
  rerankerTraining?: boolean;
}

export interface VectorStatus {
  state: SearchDiagnostics['vector'];
  reason?: string;
}

export interface EngineInfo {
  rebuilt: boolean;
  articles: number;
  pastOrders: number;
  reranker: string;
}

interface Vote {
  sum: number;
  max: number;
  n: number;
  from: HitSignals['orderVotes'];
}

interface Candidate {
  doc: number;
  x: Float32Array;
  score: number;
  ranks: Record<string, number>;
}

interface Retrieved {
  aq: AnalysedQuery;
  expansions: Expansion[];
  cands: Candidate[];
  votes: Map<number, Vote>;
  stages: string[];
  /** Share of the question's words (IDF mass) an article covers, by itself or by expansions. */
  coverage: (doc: number) => number;
}

const POOL_KW = 100;
const POOL_FULL = 200;
const NEIGHBOURS = 50;
const ASSOC_TERMS = 50;
// inner folds of the reranker's out-of-fold replays: each replay sees 9/10 of the orders, close to
// what serving sees (all of them); 5 folds (4/5) measured R@100 0.881 / R@10 0.660 / MRR 0.530 on
// dev, 10 folds 0.886 / 0.655 / 0.534, 20 folds 0.885 / 0.656 / 0.530, at the same training time
const TRAIN_FOLDS = 10;
const VECTOR_K = 100;
const RRF_K = 60;
const VECTOR_RRF_WEIGHT = 0.5;
const SEEDS = 5;
const TOP_LAWS = 5;
const LAW_TOP_ARTICLES = 40;
const LAW_TOP_KEYWORD = 60;
const MISSING_LAW_RANK = 50;
const RERANKER_FORMAT = 12;
const CITED_POOL = 200;
const LAW_TEXT_TOP = 10;
const CHAPTER_TEXT_TOP = 10;
const CHAPTER_POOL = 10;
const CHAPTER_MAX_UNITS = 40;
/** A question word is covered by an article that holds it (or an expansion) in its text or head. */
const COVER_FIELDS = [FIELD_BODY, FIELD_HEAD];
/** Coverage of the question's words at which the top hit is taken at the model's word. */
const FULL_COVERAGE = 0.6;
const ARTICLE_NUMBER = /第[零〇一二三四五六七八九十百千两\d]+条(?:之[一二三四五六七八九十]+)?/g;

export class SearchEngine {
  private articles!: ArticleIndex;
  private unitVectors!: UnitVectors;
  private softMatcher!: SoftMatcher;
  private catalogue!: Catalogue;
  private learned!: LearnedModels;
  private reranker: TrainedReranker = DEFAULT_RERANKER;
  private accKw!: Accumulator;
  private accFull!: Accumulator;
  private coverageScorer!: CoverageScorer;
  private reader: UnitReader;
  private generation = '';
  private termCache = new Map<number, Int32Array>();
  private citesReader: DocCitesReader;
  /** docId → the articles a case or guide cites, resolved (see citesOf); cleared on load. */
  private citesCache = new Map<number, NonNullable<SearchHit['cites']>>();
  private readonly thesaurus: Thesaurus;
  readonly stages: StageSwitches;
  private vectorStage: VectorStage | null = null;
  lastOpen: EngineInfo = { rebuilt: false, articles: 0, pastOrders: 0, reranker: 'default' };
  /** How many times the keyword index was built from the store text by this engine (tests). */
  indexBuilds = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly opts: EngineOptions = {},
  ) {
    this.reader = new UnitReader(db);
    this.citesReader = new DocCitesReader(db);
    this.thesaurus = opts.thesaurus ?? loadThesaurus();
    this.stages = { ...ALL_STAGES, ...opts.stages };
    this.load();
    const provider = opts.embedding?.provider ?? 'none';
    if (provider !== 'none') {
      // K3's stage: builds or loads its HNSW index in the background; until it is live, recall
      // returns nothing and the diagnostics say why
      this.vectorStage = openStoreVectorStage(db, { embedding: opts.embedding, log: opts.log });
    }
  }

  /** Resolves when the vector stage settled its first load/build (tests, CLI; not the serving path). */
  async ready(): Promise<void> {
    if (this.vectorStage) await this.vectorStage.ready;
  }

  vectorStatus(): VectorStatus {
    if (!this.vectorStage) return { state: 'off', reason: VECTOR_OFF_REASON };
    const d = this.vectorStage.diagnostics();
    return { state: d.vector, reason: d.vectorReason };
  }

  close(): void {
    void this.vectorStage?.close();
    this.vectorStage = null;
  }

  // ------------------------------------------------------------------ loading and learning

  /** (Re)load from the store; the keyword index only rebuilds when the stored units changed. */
  load(allowTraining = true): EngineInfo {
    const { index, rebuilt } = loadOrBuildArticleIndex(this.db);
    if (rebuilt) this.indexBuilds++;
    if (!this.articles || this.articles.fingerprint !== index.fingerprint) {
      this.accKw = new Accumulator(Math.max(1, index.ix.nDocs));
      this.accFull = new Accumulator(Math.max(1, index.ix.nDocs));
      this.coverageScorer = new CoverageScorer(index.ix);
      this.termCache.clear();
    }
    this.articles = index;
    if (!this.unitVectors || this.unitVectors.fingerprint !== index.fingerprint) {
      this.unitVectors = loadOrBuildUnitVectors(this.db).vectors;
      this.softMatcher = new SoftMatcher(this.unitVectors);
    }
    this.citesCache.clear();
    this.catalogue = new Catalogue(readUnitMeta(this.db), index.unitIds);
    this.learned = new LearnedModels(this.catalogue, (d) => this.articleTerms(d));
    const orders = listPastOrders(this.db);
    for (const o of orders) this.learned.add(o);
    this.reranker = this.loadOrTrainReranker(orders, allowTraining);
    this.generation = storeGeneration(this.db);
    this.lastOpen = {
      rebuilt,
      articles: index.ix.nDocs,
      pastOrders: this.learned.size,
      reranker: this.reranker.orders ? `${this.reranker.second ? 'linear+gbdt' : 'linear'} (${this.reranker.orders} orders)` : 'default',
    };
    return this.lastOpen;
  }

  /** Reload when the store's generation moved on (another process ingested). */
  reloadIfChanged(): boolean {
    if (storeGeneration(this.db) === this.generation) return false;
    this.load(false);
    void this.vectorStage?.refresh();
    return true;
  }

  /** Re-read the store (knowledge.changed): indexes, learned models and the vector stage. */
  reload(): void {
    this.load(false);
    void this.vectorStage?.refresh();
  }

  /** Distinct word term ids of an article's text (for association learning), cached. */
  private articleTerms(doc: number): Int32Array {
    let t = this.termCache.get(doc);
    if (!t) {
      const r = this.reader.get(this.articles.unitIds[doc]);
      const ids = new Set<number>();
      if (r) {
        for (const w of segmentWords(r.text)) {
          const id = this.articles.ix.termIds.get(w);
          if (id !== undefined) ids.add(id);
        }
      }
      t = Int32Array.from(ids);
      this.termCache.set(doc, t);
    }
    return t;
  }

  /** What a trained reranker depends on besides the orders: the units, the stages, the family. */
  private rerankerCompat(): string {
    return `${this.articles.fingerprint}|${this.opts.rerankerKind ?? 'auto'}|${JSON.stringify(this.stages)}`;
  }

  private ordersFingerprint(orders: { id: number }[]): string {
    let s = 0;
    for (const o of orders) s += o.id;
    return `${this.rerankerCompat()}|orders:${orders.length}:${s}`;
  }

  private loadOrTrainReranker(orders: { id: number }[], allowTraining: boolean): TrainedReranker {
    if (!this.stages.rerank || this.learned.size < MIN_ORDERS_TO_LEARN || this.opts.rerankerTraining === false) return DEFAULT_RERANKER;
    const fp = this.ordersFingerprint(orders);
    const saved = loadArtifactAnyGeneration(this.db, 'reranker', RERANKER_FORMAT);
    const decoded = saved ? decodeReranker(saved.bytes) : null;
    if (decoded && saved!.generation === fp) return decoded;
    if (!allowTraining) {
      // a reload while serving never blocks the event loop on training: the features are
      // relative and scale-free, so the current (or last saved) model stays valid until the
      // next open or prepareIndex retrains it
      const keep = this.reranker !== DEFAULT_RERANKER ? this.reranker : decoded;
      if (keep) {
        this.opts.log?.info('search reranker kept until the next start', { trainedOn: keep.orders, orders: orders.length });
        return keep;
      }
    }
    if (saved) {
      // Orders resolved since the last training are already used by votes, priors and
      // associations; the reranker's weights stay valid until the order set has grown by a
      // fifth, so a restart after a few new orders does not pay a retraining.
      const m = /\|orders:(\d+):\d+$/.exec(saved.generation);
      const compat = saved.generation.startsWith(`${this.rerankerCompat()}|orders:`);
      if (decoded && compat && m && this.opts.rerankerReuse !== false && orders.length <= Number(m[1]) * 1.2) {
        this.opts.log?.info('search reranker reused', { trainedOn: Number(m[1]), orders: orders.length });
        return decoded;
      }
    }
    const t0 = performance.now();
    this.reranker = DEFAULT_RERANKER; // training replays the pipeline: make it deterministic
    const trained = this.train();
    if (!trained) return DEFAULT_RERANKER;
    saveArtifact(this.db, 'reranker', fp, RERANKER_FORMAT, encodeReranker(trained));
    this.opts.log?.info('search reranker trained', {
      kind: trained.second ? 'linear+gbdt' : 'linear',
      orders: trained.orders,
      rows: trained.rows,
      ms: Math.round(performance.now() - t0),
    });
    return trained;
  }

  /** Replay every past order leave-one-out and fit the reranker on its candidates. */
  private train(): TrainedReranker | null {
    const t = this.trainingRows();
    if (!t) return null;
    return trainReranker(t.sampled, t.all, t.used, this.opts.rerankerKind);
  }

  /**
   * Out-of-fold replays of the stored orders as labelled candidate rows: the orders are split
   * into TRAIN_FOLDS folds and each fold's questions are searched with everything learned from
   * the other folds only. (Leave-one-out leaks: an order's own law would be the one whose count
   * is exactly one lower, and boosted trees find that.) `split` picks another assignment of the
   * orders to the folds (replay-folds.ts); the engine trains on split 0.
   */
  trainingRows(split = 0): { sampled: TrainingRows; all: TrainingRows; used: number } | null {
    const X: number[] = [];
    const y: number[] = [];
    const groups: [number, number][] = [];
    const aX: number[] = [];
    const aY: number[] = [];
    const aGroups: [number, number][] = [];
    let used = 0;
    const allow = this.catalogue.mask(undefined, null);
    const full = this.learned;
    const folds = Math.min(TRAIN_FOLDS, full.size);
    const foldOf = replayFolds(full.size, folds, split);
    try {
      for (let k = 0; k < folds; k++) {
        const part = new LearnedModels(this.catalogue, (d) => this.articleTerms(d));
        for (let pos = 0; pos < full.size; pos++) if (foldOf[pos] !== k) part.addIndexed(full.orders.orders[pos]);
        this.learned = part;
        for (let pos = 0; pos < full.size; pos++) {
          if (foldOf[pos] !== k) continue;
          const gold = new Set(full.facts[pos].docs.filter((d) => d >= 0 && allow[d]));
          if (!gold.size) continue;
          const cands = this.retrieve(full.orders.orders[pos].order.question, undefined, allow).cands;
          // keep every positive, the 40 best-scored negatives and an even spread of the rest
          const neg = cands.filter((c) => !gold.has(c.doc));
          const keepNeg = new Set<Candidate>(neg.slice(0, 40));
          for (let i = 40; i < neg.length; i += 8) keepNeg.add(neg[i]);
          const start = y.length;
          const aStart = aY.length;
          for (const c of cands) {
            const isPos = gold.has(c.doc);
            for (let j = 0; j < N_FEATURES; j++) aX.push(c.x[j]);
            aY.push(isPos ? 1 : 0);
            if (!isPos && !keepNeg.has(c)) continue;
            for (let j = 0; j < N_FEATURES; j++) X.push(c.x[j]);
            y.push(isPos ? 1 : 0);
          }
          groups.push([start, y.length]);
          aGroups.push([aStart, aY.length]);
          used++;
        }
      }
    } finally {
      this.learned = full;
    }
    if (used < MIN_ORDERS_TO_LEARN || !y.some((v) => v === 1)) return null;
    const rows: TrainingRows = { X: Float32Array.from(X), y: Uint8Array.from(y), groups };
    const all: TrainingRows = { X: Float32Array.from(aX), y: Uint8Array.from(aY), groups: aGroups };
    return { sampled: rows, all, used };
  }

  /** Learn from one more past order, already stored with this id (reranker weights are kept). */
  learn(order: PastOrder & { id: number }): void {
    this.learned.add(order);
    this.generation = storeGeneration(this.db);
  }

  // ------------------------------------------------------------------ lookups

  get articleCount(): number {
    return this.catalogue.n;
  }

  get pastOrderCount(): number {
    return this.learned.size;
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
    const i = this.catalogue.find(title, number.trim().replace(/\s+/g, ''));
    return i < 0 ? null : this.article(i);
  }

  /** The articles a case or guide cites: stored titles, and each article's path when stored. */
  private citesOf(docId: number): NonNullable<SearchHit['cites']> {
    let c = this.citesCache.get(docId);
    if (!c) {
      c = this.citesReader.get(docId).map((r) => {
        const a = this.getArticle(r.law, r.article);
        return a ? { law: a.law, article: a.article, path: a.path } : { law: this.resolveLaw(r.law) ?? r.law, article: r.article };
      });
      this.citesCache.set(docId, c);
    }
    return c;
  }

  // ------------------------------------------------------------------ the pipeline

  /**
   * Stages 1–5 for one question: candidates with features and scores, best first.
   */
  private retrieve(text: string, context: string | undefined, allow: Uint8Array, vec?: Map<number, number>): Retrieved {
    const ix = this.articles.ix;
    const cat = this.catalogue;
    const st = this.stages;
    const stages: string[] = [];
    const L = this.learned;
    const useLearned = L.size > 0;

    // 1. normalise + segment
    const aq = analyseQuery(ix, text, context);
    const own = new Set(aq.terms.map((t) => t.id));
    stages.push('segment');

    // 2. expand: thesaurus, learned associations
    const expansions: Expansion[] = [];
    const extra: QueryTerm[] = [];
    if (st.thesaurus) {
      const th = thesaurusTerms(ix, this.thesaurus, text, own);
      extra.push(...th.terms);
      expansions.push(...th.expansions);
      stages.push('thesaurus');
    }
    if (st.associations && useLearned) {
      const bodyIdf = (t: number) => idf(ix.fields[FIELD_BODY], ix.nDocs, t);
      const as = associationTerms(ix, L.assoc.expand(aq.words, bodyIdf, ASSOC_TERMS), own);
      extra.push(...as.terms);
      expansions.push(...as.expansions);
      stages.push('associations');
    }

    // 3a. keyword recall (the question's own words), 3a'. expanded query
    this.accKw.reset();
    scoreBm25(ix, aq.terms, this.accKw);
    stages.push('keyword');
    const kw = this.accKw.top(POOL_KW, allow);
    let full = kw;
    let fullAcc = this.accKw;
    if (extra.length) {
      // BM25 is a sum over terms and expansions never repeat the question's own terms, so the
      // expanded run is the keyword run plus the expansion terms' scores (no re-scoring)
      const merged = new Map<number, number>();
      for (const t of extra) if (!own.has(t.id)) merged.set(t.id, Math.max(merged.get(t.id) ?? 0, t.weight));
      this.accFull.reset();
      scoreBm25(ix, [...merged].map(([id, weight]) => ({ id, weight })), this.accFull);
      this.accFull.addFrom(this.accKw);
      full = this.accFull.top(POOL_FULL, allow);
      fullAcc = this.accFull;
      stages.push('expanded');
    }

    // 3b. similar past orders vote for the articles they cited
    const votes = new Map<number, Vote>();
    const seg = st.votes && useLearned ? aq.segmented : null;
    if (seg) {
      for (const n of L.orders.neighbours(seg.words, seg.bigrams, NEIGHBOURS)) {
        const io = L.orders.orders[n.idx];
        for (const d of L.facts[n.idx].docs) {
          if (d < 0 || !allow[d]) continue;
          let v = votes.get(d);
          if (!v) votes.set(d, (v = { sum: 0, max: 0, n: 0, from: [] }));
          v.sum += n.sim;
          v.max = Math.max(v.max, n.sim);
          v.n++;
          v.from.push({ orderId: io.order.id, question: io.order.question, score: Math.round(n.sim * 1000) / 1000 });
        }
      }
      stages.push('orders');
    }

    // 3d. the cited articles whose past orders' questions and answers match the question
    const citedRank = new Map<number, number>();
    const citedScore = new Map<number, number>();
    if (seg) {
      const hits = L.citedText.search(seg.words, seg.bigrams, CITED_POOL, allow);
      const best = hits.scores[0] || 1;
      hits.docs.forEach((d, i) => {
        citedRank.set(d, i + 1);
        citedScore.set(d, hits.scores[i] / best);
      });
      stages.push('cited-text');
    }

    // explicit references: a named law, a named article
    const named = new Set<number>();
    for (const t of cat.resolver.mentioned(text)) {
      const id = cat.lawIds.get(t);
      if (id !== undefined) named.add(id);
    }
    const exact = new Set<number>();
    if (named.size) {
      for (const m of text.normalize('NFKC').matchAll(ARTICLE_NUMBER)) {
        for (const l of named) {
          const d = cat.find(cat.laws[l], m[0]);
          if (d >= 0 && allow[d]) exact.add(d);
        }
      }
    }

    // 4. fuse: the union of the runs, with every run's score and rank as features
    const kwRank = new Map<number, number>();
    kw.docs.forEach((d, i) => kwRank.set(d, i + 1));
    const fullRank = new Map<number, number>();
    full.docs.forEach((d, i) => fullRank.set(d, i + 1));
    const voteRank = new Map<number, number>();
    [...votes].sort((a, b) => b[1].sum - a[1].sum || a[0] - b[0]).forEach(([d], i) => voteRank.set(d, i + 1));
    const pool = new Set<number>([...full.docs, ...kw.docs, ...votes.keys(), ...exact, ...citedRank.keys()]);
    const vecRank = new Map<number, number>();
    if (vec?.size) {
      [...vec].sort((a, b) => b[1] - a[1]).forEach(([d], i) => vecRank.set(d, i + 1));
      for (const d of vec.keys()) pool.add(d);
      stages.push('vector');
    }
    // seeds: the best voted and best keyword articles; their co-cited articles, neighbours and
    // (for the laws they point to) the most cited articles join the pool
    const seeds = new Map<number, number>(); // doc → seed weight
    const topVoted = [...votes].sort((a, b) => b[1].sum - a[1].sum).slice(0, SEEDS);
    for (const [d, v] of topVoted) seeds.set(d, Math.max(seeds.get(d) ?? 0, v.max));
    for (let i = 0; i < Math.min(SEEDS, full.docs.length); i++) seeds.set(full.docs[i], Math.max(seeds.get(full.docs[i]) ?? 0, full.scores[i] / (full.scores[0] || 1)));
    const cocite = new Map<number, number>();
    const adjacent = new Set<number>();
    for (const [sd, w] of seeds) {
      const m = useLearned ? L.cocite.get(sd) : undefined;
      const base = useLearned ? Math.max(1, L.priors.articleCount(sd)) : 1;
      if (m) for (const [d, c] of m) if (allow[d]) cocite.set(d, (cocite.get(d) ?? 0) + (w * c) / base);
      for (const d of [sd - 1, sd + 1]) if (d >= 0 && d < cat.n && allow[d] && cat.lawOf[d] === cat.lawOf[sd]) adjacent.add(d);
    }
    for (const d of cocite.keys()) pool.add(d);
    for (const d of adjacent) pool.add(d);
    stages.push('fuse');

    const kwMax = kw.scores[0] || 1;
    const fullMax = full.scores[0] || 1;
    // law posteriors: how the expanded run's top score mass and the votes spread over laws
    const lawMassKw = new Map<number, number>();
    let massKw = 0;
    for (let i = 0; i < Math.min(30, full.docs.length); i++) {
      const l = cat.lawOf[full.docs[i]];
      lawMassKw.set(l, (lawMassKw.get(l) ?? 0) + full.scores[i]);
      massKw += full.scores[i];
    }
    const lawMassVote = new Map<number, number>();
    let massVote = 0;
    for (const [d, v] of votes) {
      const l = cat.lawOf[d];
      lawMassVote.set(l, (lawMassVote.get(l) ?? 0) + v.sum);
      massVote += v.sum;
    }
    // laws ranked by the keyword and vote mass they received
    const lawScore = new Map<number, number>();
    for (const [l, m] of lawMassKw) lawScore.set(l, (lawScore.get(l) ?? 0) + m / (massKw || 1));
    for (const [l, m] of lawMassVote) lawScore.set(l, (lawScore.get(l) ?? 0) + m / (massVote || 1));
    // 3d. laws whose past orders' questions and answers match the question (added to the law
    // ranking, so their most cited and best keyword articles join the pool below)
    const lawText = new Map<number, number>();
    if (seg) {
      const hits = L.lawText.search(seg.words, seg.bigrams, LAW_TEXT_TOP);
      let sum = 0;
      for (const v of hits.scores) sum += v;
      hits.docs.forEach((l, i) => lawText.set(l, hits.scores[i] / (sum || 1)));
      for (const [l, v] of lawText) lawScore.set(l, (lawScore.get(l) ?? 0) + v);
    }
    // 3d. chapters whose past orders match: the articles of the best (not too long) ones join
    const chapterText = new Map<number, number>();
    const chapterTextRank = new Map<number, number>();
    if (seg) {
      const hits = L.chapterText.search(seg.words, seg.bigrams, CHAPTER_TEXT_TOP);
      let sum = 0;
      for (const v of hits.scores) sum += v;
      hits.docs.forEach((c, i) => {
        chapterText.set(c, hits.scores[i] / (sum || 1));
        chapterTextRank.set(c, i + 1);
        if (i >= CHAPTER_POOL) return;
        const units = cat.chapterUnits[c];
        if (units.length <= CHAPTER_MAX_UNITS) for (const d of units) if (allow[d]) pool.add(d);
      });
    }
    const lawTextRank = new Map<number, number>();
    [...lawText].sort((a, b) => b[1] - a[1] || a[0] - b[0]).forEach(([l], i) => lawTextRank.set(l, i + 1));
    const lawRank = new Map<number, number>();
    [...lawScore].sort((a, b) => b[1] - a[1] || a[0] - b[0]).forEach(([l], i) => lawRank.set(l, i + 1));
    if (useLearned && st.priors) {
      const topLaws = [...lawRank.keys()].slice(0, TOP_LAWS);
      for (const l of topLaws) for (const d of L.topArticlesOfLaw(l, LAW_TOP_ARTICLES)) if (allow[d]) pool.add(d);
      // most misses are the right law with an article the global top 200 did not reach: the
      // best-scored articles within each top law join as well
      // (a law's own units are far fewer than the documents the expanded run touched)
      for (const l of topLaws) {
        const scored = cat.lawUnits[l].filter((d) => fullAcc.scores[d] > 0 && allow[d]);
        for (const d of topKeys(scored, fullAcc.scores, LAW_TOP_KEYWORD)) pool.add(d);
      }
    }
    // priors relative to how many orders were learned from, so they mean the same with 50 or
    // 5,000 orders (and in the reranker's out-of-fold training replays)
    const perOrders = 1000 / Math.max(1, L.priors.total);
    const usePriors = st.priors && useLearned;
    const lengths = ix.fields[FIELD_BODY].lengths;

    // absolute match quality: the question's word IDF mass, and the most its terms could score
    // (a word is covered by itself or by one of its thesaurus expansions). For the reranker's
    // feature a word no article body uses weighs nothing (as trained); for the answer's confidence
    // it weighs as much as the rarest word: it is what was asked, and a question made only of such
    // words (借钱不还) is covered through its expansions, not by nothing
    const qWords: { ids: number[]; idf: number; asked: number }[] = [];
    let qMass = 0;
    let askedMass = 0;
    const maxIdf = Math.log(1 + (ix.nDocs + 0.5) / 0.5);
    for (const w of aq.words) {
      if (w.length < 2 && !ix.termIds.has(w)) continue;
      const id = ix.termIds.get(w);
      const v = id === undefined ? maxIdf : idf(ix.fields[FIELD_BODY], ix.nDocs, id);
      const ids = id === undefined ? [] : [id];
      for (const e of expansions) if (e.from === w || (e.from.length > w.length && e.from.includes(w))) ids.push(e.termId);
      qWords.push({ ids, idf: v, asked: v || maxIdf });
      qMass += v;
      askedMass += v || maxIdf;
    }
    const coverage = (d: number) => (askedMass ? this.coverageScorer.score(qWords.map((q) => ({ ids: q.ids, weight: q.asked })), [d], COVER_FIELDS)[0] / askedMass : 0);
    let kwCeiling = 0;
    for (const t of aq.terms) kwCeiling += t.weight * idf(ix.fields[FIELD_BODY], ix.nDocs, t.id) * (DEFAULT_BM25.k1 + 1);
    kwCeiling = kwCeiling || 1;

    // rank of each candidate within its law by the expanded-run score
    const inLawRank = new Map<number, number>();
    {
      const byLaw = new Map<number, number[]>();
      for (const d of pool) {
        const l = cat.lawOf[d];
        const list = byLaw.get(l);
        if (list) list.push(d);
        else byLaw.set(l, [d]);
      }
      for (const list of byLaw.values()) {
        list.sort((a, b) => fullAcc.scores[b] - fullAcc.scores[a] || a - b);
        list.forEach((d, i) => inLawRank.set(d, i + 1));
      }
    }

    // the reranker's coverage feature for every candidate at once (as trained: a word no article
    // body uses weighs nothing here)
    const poolDocs = [...pool];
    const covered = this.coverageScorer.score(
      qWords.map((q) => ({ ids: q.ids, weight: q.idf })),
      poolDocs,
      COVER_FIELDS,
    );

    // the question and every candidate in the corpus-trained word space
    // (the question's own words only: adding the thesaurus's expansions measured the same, adding
    // the learned associations lower; see evals/README.md)
    const qWordIds = questionWords(this.unitVectors, text);
    const qVec = centroidOf(this.unitVectors, qWordIds);
    if (qVec) stages.push('word-vectors');
    const wordCos = new Float32Array(poolDocs.length);
    let bestCos = qVec && poolDocs.length ? -Infinity : 0;
    if (qVec) {
      for (let k = 0; k < poolDocs.length; k++) {
        wordCos[k] = unitCosine(this.unitVectors, qVec, poolDocs[k]);
        if (wordCos[k] > bestCos) bestCos = wordCos[k];
      }
    }
    // each question word met by the same or a near word of the candidate (soft-match.ts)
    const sq = softQuery(this.unitVectors, qWordIds);
    const soft = sq ? this.softMatcher.score(sq, poolDocs) : new Float32Array(poolDocs.length);

    const cands: Candidate[] = [];
    // one buffer for every candidate's features (a typed array this size is allocated outside the
    // JS heap: one allocation per query instead of one per candidate)
    const rows = new Float32Array(poolDocs.length * N_FEATURES);
    for (let k = 0; k < poolDocs.length; k++) {
      const d = poolDocs[k];
      const x = rows.subarray(k * N_FEATURES, (k + 1) * N_FEATURES);
      const law = cat.lawOf[d];
      const v = votes.get(d);
      const kr = kwRank.get(d);
      const fr = fullRank.get(d);
      const vr = voteRank.get(d);
      const ap = usePriors ? L.priors.articleCount(d) : 0;
      x[0] = this.accKw.scores[d] / kwMax;
      x[1] = kr ? Math.log1p(kr) : MISSING_RANK;
      x[2] = fullAcc.scores[d] / fullMax;
      x[3] = fr ? Math.log1p(fr) : MISSING_RANK;
      x[4] = v?.sum ?? 0;
      x[5] = v?.max ?? 0;
      x[6] = vr ? Math.log1p(vr) : MISSING_RANK;
      x[7] = Math.log1p(v?.n ?? 0);
      x[8] = Math.log1p(ap * perOrders);
      x[9] = usePriors ? Math.log1p(L.priors.lawCount(law) * perOrders) : 0;
      x[10] = usePriors && ap === 0 ? 1 : 0;
      x[11] = massKw ? (lawMassKw.get(law) ?? 0) / massKw : 0;
      x[12] = massVote ? (lawMassVote.get(law) ?? 0) / massVote : 0;
      x[13] = named.has(law) ? 1 : 0;
      x[14] = exact.has(d) ? 1 : 0;
      x[15] = cat.kindOf[d] === 0 ? 1 : 0;
      x[16] = Math.log1p(lengths[d]);
      x[17] = vec?.get(d) ?? 0;
      x[18] = cocite.get(d) ?? 0;
      x[19] = adjacent.has(d) ? 1 : 0;
      x[20] = qMass ? covered[k] / qMass : 0;
      x[21] = this.accKw.scores[d] / kwCeiling;
      x[22] = Math.log1p(lawRank.get(law) ?? MISSING_LAW_RANK);
      x[23] = Math.log1p(inLawRank.get(d) ?? 1000);
      const cr = citedRank.get(d);
      x[24] = citedScore.get(d) ?? 0;
      x[25] = cr ? Math.log1p(cr) : MISSING_RANK;
      x[26] = lawText.get(law) ?? 0;
      x[27] = Math.log1p(lawTextRank.get(law) ?? MISSING_LAW_RANK);
      const ch = cat.chapterOf[d];
      x[28] = chapterText.get(ch) ?? 0;
      x[29] = Math.log1p(chapterTextRank.get(ch) ?? MISSING_LAW_RANK);
      x[30] = wordCos[k];
      x[31] = wordCos[k] - bestCos;
      x[32] = soft[k];
      const ranks: Record<string, number> = {};
      if (kr) ranks.keyword = kr;
      if (fr && extra.length) ranks.expanded = fr;
      if (vr) ranks.orders = vr;
      if (vecRank.has(d)) ranks.vector = vecRank.get(d)!;
      cands.push({ doc: d, x, score: 0, ranks });
    }

    // 5. rerank
    if (st.rerank) {
      applyReranker(this.reranker, cands);
      stages.push('rerank');
    } else {
      // reciprocal rank fusion of the runs (the baseline the reranker is measured against)
      for (const c of cands) {
        const kr = kwRank.get(c.doc);
        const fr = extra.length ? fullRank.get(c.doc) : undefined;
        const vr = voteRank.get(c.doc);
        c.score = (kr ? 1 / (60 + kr) : 0) + (fr ? 1 / (60 + fr) : 0) + (vr ? 1 / (60 + vr) : 0) + (c.x[14] ? 1 : 0);
      }
    }
    cands.sort((a, b) => b.score - a.score || a.doc - b.doc);
    if (vecRank.size) {
      // the reranker is trained without vectors (replays cannot await an embedding engine), so
      // the vector run joins by reciprocal rank after it
      cands.forEach((c, i) => {
        const vr = vecRank.get(c.doc);
        c.score = 1 / (RRF_K + i + 1) + (vr ? VECTOR_RRF_WEIGHT / (RRF_K + vr) : 0);
      });
      cands.sort((a, b) => b.score - a.score || a.doc - b.doc);
    }
    return { aq, expansions, cands, votes, stages, coverage };
  }

  async search(q: SearchQuery): Promise<SearchResult> {
    const t0 = performance.now();
    const limit = Math.max(1, Math.min(q.limit ?? 10, 200));
    let lawTitle: string | null = null;
    if (q.filters?.law) lawTitle = this.resolveLaw(q.filters.law) ?? `\u0000${q.filters.law}`;
    const allow = this.catalogue.mask(q.filters, lawTitle);
    const vec = await this.vectorRecall(q.text, allow);
    const r = this.retrieve(q.text, q.context, allow, vec);

    // 6. explain
    const hits: SearchHit[] = [];
    for (const c of r.cands.slice(0, limit)) {
      const a = this.article(c.doc);
      if (!a) continue;
      hits.push({
        ...a,
        score: Math.round(c.score * 10000) / 10000,
        signals: explainHit(this.articles.ix, c.doc, r.aq, r.expansions, r.votes.get(c.doc)?.from ?? [], c.ranks, vec?.get(c.doc)),
        ...(a.kind === 'case' || a.kind === 'faq' ? { cites: this.citesOf(a.docId) } : {}),
      });
    }
    r.stages.push('explain');
    this.accKw.reset();
    this.accFull.reset();
    return {
      hits,
      terms: r.aq.words.filter((w) => !w.startsWith(BIGRAM_PREFIX)).map(displayTerm),
      confidence: this.confidence(r),
      tookMs: Math.round((performance.now() - t0) * 100) / 100,
      diagnostics: {
        stages: r.stages,
        vector: this.vectorStatus().state,
        vectorReason: this.vectorStatus().reason,
        articles: this.catalogue.n,
        pastOrders: this.learned.size,
      },
    };
  }

  private docOf(unitId: number): number {
    const ids = this.articles.unitIds;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] === unitId) return mid;
      if (ids[mid] < unitId) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** 3c. vector recall (only with a live embedding engine): document index → cosine. */
  private async vectorRecall(text: string, allow: Uint8Array): Promise<Map<number, number> | undefined> {
    const v = this.vectorStage;
    if (!v || v.diagnostics().vector !== 'live') return undefined;
    const hits = await v.recall(text, VECTOR_K, (unitId) => {
      const d = this.docOf(unitId);
      return d >= 0 && allow[d] === 1;
    });
    const out = new Map<number, number>();
    for (const h of hits) {
      const d = this.docOf(h.unitId);
      if (d >= 0 && allow[d] && !out.has(d)) out.set(d, h.score);
    }
    return out;
  }

  /** A question's ranked candidates (no text fetch, no explanation); the accumulators are released. */
  private rankedCandidates(text: string, allow: Uint8Array, vec?: Map<number, number>): Candidate[] {
    const r = this.retrieve(text, undefined, allow, vec);
    this.accKw.reset();
    this.accFull.reset();
    return r.cands;
  }

  private refOf(doc: number): { law: string; article: string } {
    return { law: this.catalogue.laws[this.catalogue.lawOf[doc]], article: this.catalogue.number[doc] ?? '' };
  }

  /**
   * Every candidate of a question with its reranker features, ranked by the current reranker
   * (studies of the reranker: evals/rerank.ts). The rows are this call's own.
   */
  candidateRows(text: string): { law: string; article: string; x: Float32Array }[] {
    return this.rankedCandidates(text, this.catalogue.mask(undefined, null)).map((c) => ({ ...this.refOf(c.doc), x: c.x }));
  }

  /** Only the ranked document indices (evaluation: no text fetch, no explanation). */
  rankOnly(text: string, k: number, filters?: SearchQuery['filters']): { law: string; article: string }[] {
    return this.topRefs(text, k, this.catalogue.mask(filters, null));
  }

  /** rankOnly with the vector run fused in as `search` does, when an embedding engine is live. */
  async rank(text: string, k: number, filters?: SearchQuery['filters']): Promise<{ law: string; article: string }[]> {
    const allow = this.catalogue.mask(filters, null);
    return this.topRefs(text, k, allow, await this.vectorRecall(text, allow));
  }

  private topRefs(text: string, k: number, allow: Uint8Array, vec?: Map<number, number>): { law: string; article: string }[] {
    return this.rankedCandidates(text, allow, vec)
      .slice(0, k)
      .map((c) => this.refOf(c.doc));
  }

  private confidence(r: Retrieved): number {
    const top = r.cands[0];
    if (!top) return 0;
    if (top.x[14]) return 0.95; // the question named this very article
    // the calibrated model says how often a top hit like this was right for past orders; the
    // top hit's coverage of the question's words keeps an off-topic question ("火星移民签证")
    // from borrowing that confidence from a single generic word it matched
    const coverage = Math.min(1, r.coverage(top.doc) / FULL_COVERAGE);
    const p = this.stages.rerank
      ? confidenceOf(this.reranker, calibrationScore(this.reranker, top))
      : Math.min(1, top.x[2] * 0.5 + Math.min(0.5, top.x[4] / 4));
    return Math.round(p * coverage * 1000) / 1000;
  }

  similarOrders(text: string, limit = 5): SimilarOrder[] {
    const s = segment(text);
    const nb = this.learned.orders.neighbours(s.words, s.bigrams, limit);
    const qWords = new Set(s.words);
    return nb.map((n) => {
      const io = this.learned.orders.orders[n.idx];
      const common = [...new Set(io.words.filter((w) => qWords.has(w)))].slice(0, 8);
      const why: string[] = [];
      if (common.length) why.push(`共同词: ${common.join(' ')}`);
      for (const c of io.order.cited.slice(0, 3)) why.push(`引用了 ${c.law.replace(/^中华人民共和国/, '')} ${c.article}`);
      if (io.order.category) why.push(`类别: ${io.order.category}`);
      return { order: io.order, score: Math.round(n.sim * 1000) / 1000, why };
    });
  }
}
