// The knowledge store: documents (a law version, a case, a guide), their units (articles, case
// sections, FAQ entries) and past work orders learned from. Migrations: `npm run db:generate -- knowledge`.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** law | regulation | interpretation | rule | local | case | faq (see knowledge/types.ts DocKind) */
    kind: text('kind').notNull(),
    /** Full title as written on the document's first line, e.g. 中华人民共和国劳动合同法. */
    title: text('title').notNull(),
    /** For 民法典 parts: the part (编) this file holds, e.g. 合同编. */
    part: text('part'),
    issuer: text('issuer'),
    promulgated: text('promulgated'), // ISO date
    effective: text('effective'), // ISO date
    /** in_force | amended | repealed | not_yet_effective */
    status: text('status').notNull(),
    /** Version label: the date in the file name for statutes. */
    version: text('version'),
    region: text('region'),
    /** Where it came from: a path relative to the ingest root, or a URL. Unique per document. */
    source: text('source').notNull(),
    /** sha256 of the source bytes: unchanged files are skipped on re-ingest. */
    hash: text('hash').notNull(),
    /** JSON: format-specific extras (e.g. a case's cited articles, front matter). */
    meta: text('meta').notNull().default('{}'),
    /** Ingested file this document came from (a file may hold several cases); see `files`. */
    file: text('file'),
    ingestedAt: text('ingested_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    uniqueIndex('documents_source').on(t.source),
    index('documents_title').on(t.title, t.status),
    index('documents_file').on(t.file),
  ],
);

export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    docId: integer('doc_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    /** Article number exactly as written (第四十七条, 第一百三十三条之一); a heading for case/FAQ units. */
    number: text('number'),
    /** Position inside the document (0-based), for ordering and neighbours. */
    position: integer('position').notNull(),
    /** JSON array of hierarchy headings: 编/分编/章/节. */
    path: text('path').notNull().default('[]'),
    /** Full text with 款 as separate lines and 项 kept, without the leading number. */
    text: text('text').notNull(),
  },
  (t) => [index('units_doc').on(t.docId, t.position), index('units_number').on(t.number)],
);

export const pastOrders = sqliteTable(
  'past_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Id in the source (lecoqa-0, a live order number); unique with source. */
    externalId: text('external_id'),
    question: text('question').notNull(),
    summary: text('summary'),
    category: text('category'),
    channel: text('channel'),
    region: text('region'),
    resolution: text('resolution'),
    /** JSON array of {law, article}. */
    cited: text('cited').notNull().default('[]'),
    createdAt: text('created_at'),
    resolvedAt: text('resolved_at'),
    satisfaction: real('satisfaction'),
    synthetic: integer('synthetic', { mode: 'boolean' }).notNull().default(false),
    /** File it was imported from, or 'live' for orders resolved in this system. */
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('past_orders_ext').on(t.source, t.externalId)],
);

/** Small key/value facts, e.g. `generation`: bumped by every write so search knows to reload. */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** One row per ingested file: its hash decides whether a re-ingest skips it; --prune retires
 *  files under an ingest root that are no longer there. */
export const files = sqliteTable('files', {
  /** Path relative to the ingest root (or as given), with forward slashes. */
  path: text('path').primaryKey(),
  /** sha256 of the file bytes. */
  hash: text('hash').notNull(),
  /** statute | case | orders | faq */
  format: text('format').notNull(),
  documents: integer('documents').notNull().default(0),
  units: integer('units').notNull().default(0),
  orders: integer('orders').notNull().default(0),
  ingestedAt: text('ingested_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});
