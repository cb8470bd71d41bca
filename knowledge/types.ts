// The knowledge core's public contract. Every door and the assistant depend on these types only
// (plus `openKnowledge` in knowledge/index.ts); nothing outside knowledge/ and ingest/ reads the
// knowledge tables directly.

/** What kind of source a document is. */
export type DocKind =
  | 'law' // 法律 (NPC and its Standing Committee, incl. 宪法, 民法典)
  | 'regulation' // 行政法规
  | 'interpretation' // 司法解释
  | 'rule' // 部门规章
  | 'local' // 地方性法规
  | 'case' // 典型案例
  | 'order' // past work order (工单)
  | 'faq'; // FAQ / service guide (办事指南)

/** A document's legal status. `amended` = an older version superseded by a newer one. */
export type DocStatus = 'in_force' | 'amended' | 'repealed' | 'not_yet_effective';

/** A reference to one article: the law's full title as in the store and the number as written. */
export interface ArticleRef {
  law: string; // e.g. 中华人民共和国劳动合同法
  article: string; // e.g. 第四十七条, 第一百三十三条之一
}

/** One article (or case section, FAQ entry) as stored. */
export interface Article extends ArticleRef {
  unitId: number;
  docId: number;
  kind: DocKind;
  path: string[]; // hierarchy: ['第四章 劳动合同的解除和终止'] or ['合同编', '第一分编 通则', ...]
  text: string; // full text including 款 and 项, without the leading article number
  status: DocStatus;
  effective: string | null; // ISO date the document version took effect
  source: string; // source path or URL it was ingested from
}

export interface SearchFilters {
  kinds?: DocKind[]; // default: law, regulation, interpretation, rule, local
  law?: string; // restrict to one law (full title or common short name)
  inForceOnly?: boolean; // default true
  region?: string; // for local regulations and work orders
}

export interface SearchQuery {
  text: string;
  limit?: number; // default 10
  filters?: SearchFilters;
  /** Extra context (earlier turns, triage domain) that may bias retrieval but is not the question. */
  context?: string;
}

/** Why a hit was found: shown to staff ("why it matched"). */
export interface HitSignals {
  keywordTerms: string[]; // query terms that hit this unit's text/title/path
  expansions: string[]; // thesaurus or learned expansions that hit, as "老板→用人单位"
  orderVotes: { orderId: number; question: string; score: number }[]; // past orders that cited it
  vectorScore?: number; // cosine similarity when a vector engine is live
  stageRanks: Record<string, number>; // rank in each recall stage, e.g. {keyword: 3, orders: 1}
}

export interface SearchHit extends Article {
  score: number;
  signals: HitSignals;
  /**
   * A typical case or service guide (办事指南): the articles it cites (its front matter and text),
   * with the stored title and the article's hierarchy path when the article is in the store.
   */
  cites?: (ArticleRef & { path?: string[] })[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Normalised query terms actually searched. */
  terms: string[];
  /** Confidence 0..1 that the top hits answer the question (used to decide "offer a human"). */
  confidence: number;
  tookMs: number;
  diagnostics: SearchDiagnostics;
}

export interface SearchDiagnostics {
  stages: string[]; // stages that ran, in order
  vector: 'off' | 'live' | 'error';
  vectorReason?: string; // e.g. "no embedding provider configured"
  articles: number; // units in the index
  pastOrders: number; // past orders learned from
}

/** A past work order as the knowledge core learns from it. Personal data is masked before. */
export interface PastOrder {
  id?: number;
  externalId?: string; // id in the source (e.g. lecoqa-0, or the live order number)
  question: string;
  summary?: string;
  category?: string;
  channel?: string;
  region?: string;
  resolution?: string;
  cited: ArticleRef[];
  createdAt?: string;
  resolvedAt?: string;
  satisfaction?: number; // 1..5
  synthetic?: boolean;
  source?: string;
}

export interface SimilarOrder {
  order: PastOrder & { id: number };
  score: number;
  why: string[]; // e.g. ["共同词: 工资 拖欠", "引用了 劳动合同法 第三十条"]
}

export interface Knowledge {
  /** Async because a vector engine may call an embedding API; keyword-only search resolves at once. */
  search(query: SearchQuery): Promise<SearchResult>;
  /** Closed past orders most similar to the text (for staff assist). */
  similarOrders(text: string, limit?: number): Promise<SimilarOrder[]>;
  /** Exact article lookup; law may be a full title or a common short name (劳动合同法). */
  getArticle(law: string, article: string): Article | null;
  /** Resolve a law name as a citizen, an LLM or staff might write it to the stored full title. */
  resolveLaw(name: string): string | null;
  /** Past orders citing any of the articles: for each ref in order, up to `perRef` (default 5) of
   *  the newest orders citing it; each order once. Law names may be short names. */
  pastOrdersCiting(refs: ArticleRef[], perRef?: number): (PastOrder & { id: number })[];
  /** Typical cases related to a text. */
  searchCases(text: string, limit?: number): Promise<SearchHit[]>;
  /** Learn from a newly resolved work order (stored and used by the next search). */
  addPastOrder(order: PastOrder): number;
  /** Re-read the store after an ingest (called on the knowledge.changed event). */
  reload(): void;
  stats(): { documents: number; articles: number; pastOrders: number; cases: number; vector: SearchDiagnostics['vector'] };
  close(): void;
}

/** Options of openKnowledge (knowledge/index.ts). */
export interface EmbeddingConfig {
  provider: 'none' | 'local' | 'openai';
  modelDir?: string;
  baseUrl?: string;
  apiKey?: string;
  model?: string;
}

export interface KnowledgeOptions {
  dbPath: string;
  embedding?: EmbeddingConfig;
  log?: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
}
