// Typed reads and small writes over the knowledge store, for search (knowledge/), the assistant
// and ingest. Raw prepared statements (not the ORM) on the bulk paths: the whole national law is
// ~65k units and search loads them at start.
//
// Every write here bumps meta.generation, so a running search index knows it must reload.
import type Database from 'better-sqlite3';
import type { Article, ArticleRef, DocKind, DocStatus, PastOrder } from '../types';
import type { KnowledgeDb, KnowledgeStore } from './db';

/** Anything that leads to the store's SQLite handle. */
export type StoreLike = KnowledgeStore | KnowledgeDb | Database.Database;

export function rawDb(s: StoreLike): Database.Database {
  if ('prepare' in s && typeof (s as Database.Database).prepare === 'function') return s as Database.Database;
  if ('sqlite' in s) return s.sqlite;
  return (s as KnowledgeDb).$client;
}

// ---------------------------------------------------------------- units (articles)

/** One unit joined with its document, as search indexes it. */
export interface StoredUnit extends Article {
  part: string | null;
  position: number;
  version: string | null;
}

interface UnitRow {
  unitId: number;
  docId: number;
  kind: string;
  title: string;
  part: string | null;
  status: string;
  effective: string | null;
  version: string | null;
  source: string;
  path: string;
  number: string | null;
  position: number;
  text: string;
}

const UNIT_SELECT = `SELECT u.id AS unitId, u.doc_id AS docId, d.kind AS kind, d.title AS title, d.part AS part,
  d.status AS status, d.effective AS effective, d.version AS version, d.source AS source, u.path AS path,
  u.number AS number, u.position AS position, u.text AS text
  FROM units u JOIN documents d ON d.id = u.doc_id`;

function parsePath(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

function toUnit(r: UnitRow): StoredUnit {
  return {
    unitId: r.unitId,
    docId: r.docId,
    kind: r.kind as DocKind,
    law: r.title,
    article: r.number ?? '',
    part: r.part,
    path: parsePath(r.path),
    text: r.text,
    status: r.status as DocStatus,
    effective: r.effective,
    source: r.source,
    position: r.position,
    version: r.version,
  };
}

export interface UnitFilter {
  kinds?: DocKind[];
  statuses?: DocStatus[];
}

function whereOf(f: UnitFilter): { sql: string; params: string[] } {
  const conds: string[] = [];
  const params: string[] = [];
  if (f.kinds?.length) {
    conds.push(`d.kind IN (${f.kinds.map(() => '?').join(',')})`);
    params.push(...f.kinds);
  }
  if (f.statuses?.length) {
    conds.push(`d.status IN (${f.statuses.map(() => '?').join(',')})`);
    params.push(...f.statuses);
  }
  return { sql: conds.length ? ` WHERE ${conds.join(' AND ')}` : '', params };
}

/** Every unit with its document, in document then position order. Streams (constant memory). */
export function* iterateUnits(s: StoreLike, filter: UnitFilter = {}): IterableIterator<StoredUnit> {
  const w = whereOf(filter);
  const stmt = rawDb(s).prepare(`${UNIT_SELECT}${w.sql} ORDER BY u.doc_id, u.position`);
  for (const r of stmt.iterate(...w.params) as IterableIterator<UnitRow>) yield toUnit(r);
}

export function countUnits(s: StoreLike, filter: UnitFilter = {}): number {
  const w = whereOf(filter);
  const r = rawDb(s)
    .prepare(`SELECT count(*) AS n FROM units u JOIN documents d ON d.id = u.doc_id${w.sql}`)
    .get(...w.params) as { n: number };
  return r.n;
}

export function getUnit(s: StoreLike, unitId: number): StoredUnit | null {
  const r = rawDb(s).prepare(`${UNIT_SELECT} WHERE u.id = ?`).get(unitId) as UnitRow | undefined;
  return r ? toUnit(r) : null;
}

// In force first, then a future version, then the newest of the rest (a repealed law's last text).
/** The units around one unit in its document (e.g. to show the article before and after). */
export function getNeighbours(s: StoreLike, unitId: number, radius = 1): StoredUnit[] {
  const rows = rawDb(s)
    .prepare(
      `${UNIT_SELECT} WHERE u.doc_id = (SELECT doc_id FROM units WHERE id = ?)
         AND u.position BETWEEN (SELECT position FROM units WHERE id = ?) - ? AND (SELECT position FROM units WHERE id = ?) + ?
       ORDER BY u.position`,
    )
    .all(unitId, unitId, radius, unitId, radius) as UnitRow[];
  return rows.map(toUnit);
}

const STATUS_ORDER = `CASE d.status WHEN 'in_force' THEN 0 WHEN 'not_yet_effective' THEN 1 ELSE 2 END`;

/**
 * One article by the law's full title as stored and its number as written (第四十七条). When
 * several versions hold it, the one in force wins, then the newest. Also accepts the title
 * without its 中华人民共和国 prefix. Short names and aliases are resolved by search (resolveLaw).
 */
export function getArticle(s: StoreLike, title: string, number: string): StoredUnit | null {
  const stmt = rawDb(s).prepare(
    `${UNIT_SELECT} WHERE d.title = ? AND u.number = ? ORDER BY ${STATUS_ORDER}, d.version DESC, d.effective DESC LIMIT 1`,
  );
  const t = title.trim();
  const n = number.trim();
  const r = (stmt.get(t, n) ?? (t.startsWith('中华人民共和国') ? undefined : stmt.get(`中华人民共和国${t}`, n))) as
    | UnitRow
    | undefined;
  return r ? toUnit(r) : null;
}

/** All versions of one article (newest first), e.g. to show what changed. */
export function getArticleVersions(s: StoreLike, title: string, number: string): StoredUnit[] {
  const rows = rawDb(s)
    .prepare(`${UNIT_SELECT} WHERE d.title = ? AND u.number = ? ORDER BY d.version DESC, d.effective DESC`)
    .all(title, number) as UnitRow[];
  return rows.map(toUnit);
}

// ---------------------------------------------------------------- laws

export interface LawSummary {
  title: string;
  kind: DocKind;
  /** Best status among its versions: in_force if any version is in force. */
  status: DocStatus;
  versions: number;
  /** Units of the best version(s) (all 民法典 parts together). */
  articles: number;
  effective: string | null;
}

/** Distinct statute titles (cases, orders and FAQ excluded) with their best status. */
export function listLaws(s: StoreLike): LawSummary[] {
  const rows = rawDb(s)
    .prepare(
      `SELECT d.title AS title, d.kind AS kind, d.status AS status, d.version AS version, d.part AS part,
         d.effective AS effective, (SELECT count(*) FROM units u WHERE u.doc_id = d.id) AS n
       FROM documents d WHERE d.kind IN ('law','regulation','interpretation','rule','local')
       ORDER BY d.title, ${STATUS_ORDER}, d.version DESC`,
    )
    .all() as {
    title: string;
    kind: string;
    status: string;
    version: string | null;
    part: string | null;
    effective: string | null;
    n: number;
  }[];
  const out = new Map<string, LawSummary & { best: string; versionSet: Set<string> }>();
  for (const r of rows) {
    let l = out.get(r.title);
    if (!l) {
      l = {
        title: r.title,
        kind: r.kind as DocKind,
        status: r.status as DocStatus,
        versions: 0,
        articles: 0,
        effective: r.effective,
        best: r.status,
        versionSet: new Set(),
      };
      out.set(r.title, l);
    }
    l.versionSet.add(r.version ?? '');
    if (r.status === l.best) l.articles += r.n;
  }
  return [...out.values()].map(({ best: _b, versionSet, ...l }) => ({ ...l, versions: versionSet.size }));
}

// ---------------------------------------------------------------- past work orders

interface OrderRow {
  id: number;
  externalId: string | null;
  question: string;
  summary: string | null;
  category: string | null;
  channel: string | null;
  region: string | null;
  resolution: string | null;
  cited: string;
  createdAt: string | null;
  resolvedAt: string | null;
  satisfaction: number | null;
  synthetic: number;
  source: string;
}

function parseCited(json: string): ArticleRef[] {
  try {
    const v = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v
      .filter((x) => x && typeof x.law === 'string' && typeof x.article === 'string')
      .map((x) => ({ law: x.law, article: x.article }));
  } catch {
    return [];
  }
}

function toOrder(r: OrderRow): PastOrder & { id: number } {
  const o: PastOrder & { id: number } = { id: r.id, question: r.question, cited: parseCited(r.cited), source: r.source };
  if (r.externalId != null) o.externalId = r.externalId;
  if (r.summary != null) o.summary = r.summary;
  if (r.category != null) o.category = r.category;
  if (r.channel != null) o.channel = r.channel;
  if (r.region != null) o.region = r.region;
  if (r.resolution != null) o.resolution = r.resolution;
  if (r.createdAt != null) o.createdAt = r.createdAt;
  if (r.resolvedAt != null) o.resolvedAt = r.resolvedAt;
  if (r.satisfaction != null) o.satisfaction = r.satisfaction;
  if (r.synthetic) o.synthetic = true;
  return o;
}

const ORDER_SELECT = `SELECT id, external_id AS externalId, question, summary, category, channel, region, resolution,
  cited, created_at AS createdAt, resolved_at AS resolvedAt, satisfaction, synthetic, source FROM past_orders`;

export function listPastOrders(s: StoreLike, opts: { source?: string } = {}): (PastOrder & { id: number })[] {
  const db = rawDb(s);
  const rows = (
    opts.source
      ? db.prepare(`${ORDER_SELECT} WHERE source = ? ORDER BY id`).all(opts.source)
      : db.prepare(`${ORDER_SELECT} ORDER BY id`).all()
  ) as OrderRow[];
  return rows.map(toOrder);
}

export function getPastOrder(s: StoreLike, id: number): (PastOrder & { id: number }) | null {
  const r = rawDb(s).prepare(`${ORDER_SELECT} WHERE id = ?`).get(id) as OrderRow | undefined;
  return r ? toOrder(r) : null;
}

export function countPastOrders(s: StoreLike): number {
  return (rawDb(s).prepare('SELECT count(*) AS n FROM past_orders').get() as { n: number }).n;
}

const orderStmts = new WeakMap<Database.Database, Database.Statement>();
function insertOrderStmt(db: Database.Database): Database.Statement {
  let st = orderStmts.get(db);
  if (!st) {
    st = db.prepare(
      `INSERT INTO past_orders (external_id, question, summary, category, channel, region, resolution, cited,
         created_at, resolved_at, satisfaction, synthetic, source)
       VALUES (@externalId, @question, @summary, @category, @channel, @region, @resolution, @cited,
         @createdAt, @resolvedAt, @satisfaction, @synthetic, @source)
       ON CONFLICT (source, external_id) DO UPDATE SET question = excluded.question, summary = excluded.summary,
         category = excluded.category, channel = excluded.channel, region = excluded.region,
         resolution = excluded.resolution, cited = excluded.cited, created_at = excluded.created_at,
         resolved_at = excluded.resolved_at, satisfaction = excluded.satisfaction, synthetic = excluded.synthetic
       RETURNING id`,
    );
    orderStmts.set(db, st);
  }
  return st;
}

/** Insert without bumping the generation or opening a transaction (ingest batches its own). */
export function insertPastOrderRaw(db: Database.Database, o: PastOrder, defaultSource = 'live'): number {
  const row = {
    externalId: o.externalId ?? null,
    question: o.question,
    summary: o.summary ?? null,
    category: o.category ?? null,
    channel: o.channel ?? null,
    region: o.region ?? null,
    resolution: o.resolution ?? null,
    cited: JSON.stringify((o.cited ?? []).map((c) => ({ law: c.law, article: c.article }))),
    createdAt: o.createdAt ?? null,
    resolvedAt: o.resolvedAt ?? null,
    satisfaction: o.satisfaction ?? null,
    synthetic: o.synthetic ? 1 : 0,
    source: o.source ?? defaultSource,
  };
  const r = insertOrderStmt(db).get(row) as { id: number };
  return r.id;
}

/**
 * Store one past order (e.g. a live order just resolved). An order with the same source and
 * externalId is updated in place. Returns its id. Bumps the generation.
 */
export function insertPastOrder(s: StoreLike, o: PastOrder): number {
  const db = rawDb(s);
  return db.transaction(() => {
    const id = insertPastOrderRaw(db, o);
    bumpGenerationRaw(db);
    return id;
  })();
}

/** Store many past orders in one transaction; returns their ids in order. Bumps the generation once. */
export function insertPastOrders(s: StoreLike, orders: PastOrder[]): number[] {
  const db = rawDb(s);
  return db.transaction(() => {
    const ids = orders.map((o) => insertPastOrderRaw(db, o));
    bumpGenerationRaw(db);
    return ids;
  })();
}

export function deletePastOrders(s: StoreLike, source: string): number {
  const db = rawDb(s);
  return db.transaction(() => {
    const n = db.prepare('DELETE FROM past_orders WHERE source = ?').run(source).changes;
    if (n) bumpGenerationRaw(db);
    return n;
  })();
}

// ---------------------------------------------------------------- typical cases

export interface CaseSection {
  unitId: number;
  heading: string; // 基本案情, 裁判结果, 案例分析, 典型意义 ...
  text: string;
}

export interface StoredCase {
  docId: number;
  title: string;
  status: DocStatus;
  source: string;
  /** The case's area as filed, e.g. 劳动人事 (the corpus folder). */
  category: string | null;
  facts: string;
  holding: string;
  cited: ArticleRef[];
  sections: CaseSection[];
}

/** Typical cases with their sections and the articles they cite. */
export function listCases(s: StoreLike): StoredCase[] {
  const db = rawDb(s);
  const docs = db
    .prepare(`SELECT id, title, status, source, meta FROM documents WHERE kind = 'case' ORDER BY id`)
    .all() as { id: number; title: string; status: string; source: string; meta: string }[];
  const unitsOf = db.prepare('SELECT id, number, text FROM units WHERE doc_id = ? ORDER BY position');
  return docs.map((d) => {
    let meta: Record<string, unknown> = {};
    try {
      meta = JSON.parse(d.meta);
    } catch {
      /* keep empty */
    }
    const sections = (unitsOf.all(d.id) as { id: number; number: string | null; text: string }[]).map((u) => ({
      unitId: u.id,
      heading: u.number ?? '',
      text: u.text,
    }));
    return {
      docId: d.id,
      title: d.title,
      status: d.status as DocStatus,
      source: d.source,
      category: typeof meta.category === 'string' ? meta.category : null,
      facts: typeof meta.facts === 'string' ? meta.facts : '',
      holding: typeof meta.holding === 'string' ? meta.holding : '',
      cited: parseCited(JSON.stringify(meta.cited ?? [])),
      sections,
    };
  });
}

// ---------------------------------------------------------------- generation + stats

export function generation(s: StoreLike): number {
  const r = rawDb(s).prepare(`SELECT value FROM meta WHERE key = 'generation'`).get() as { value: string } | undefined;
  return r ? Number(r.value) || 0 : 0;
}

/** Bump without a transaction of its own (call inside the writer's transaction). */
export function bumpGenerationRaw(db: Database.Database): number {
  const r = db
    .prepare(
      `INSERT INTO meta (key, value) VALUES ('generation', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value`,
    )
    .get() as { value: string };
  return Number(r.value);
}

export function bumpGeneration(s: StoreLike): number {
  return bumpGenerationRaw(rawDb(s));
}

export interface StoreStats {
  documents: number;
  articles: number; // units of statute documents (incl. unnumbered preambles and amendment items)
  numberedArticles: number; // statute units with an article number (第X条)
  cases: number;
  faqs: number;
  pastOrders: number;
  generation: number;
}

export function storeStats(s: StoreLike): StoreStats {
  const db = rawDb(s);
  const one = (q: string) => (db.prepare(q).get() as { n: number }).n;
  return {
    documents: one('SELECT count(*) AS n FROM documents'),
    articles: one(
      `SELECT count(*) AS n FROM units u JOIN documents d ON d.id = u.doc_id
       WHERE d.kind IN ('law','regulation','interpretation','rule','local')`,
    ),
    numberedArticles: one(
      `SELECT count(*) AS n FROM units u JOIN documents d ON d.id = u.doc_id
       WHERE d.kind IN ('law','regulation','interpretation','rule','local') AND u.number IS NOT NULL`,
    ),
    cases: one(`SELECT count(*) AS n FROM documents WHERE kind = 'case'`),
    faqs: one(`SELECT count(*) AS n FROM documents WHERE kind = 'faq'`),
    pastOrders: one('SELECT count(*) AS n FROM past_orders'),
    generation: generation(db),
  };
}
