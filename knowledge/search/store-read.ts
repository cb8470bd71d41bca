// Reads of the knowledge store that search needs and the store's query module does not offer:
// bulk scans for indexing (units joined with their document, without loading the whole table
// into one array), the index fingerprint, and single-unit fetches for hits. Plain prepared
// statements over knowledge/store/schema.ts tables; read-only.
import type Database from 'better-sqlite3';
import type { Article, ArticleRef, DocKind, DocStatus } from '../types';

export interface UnitRow {
  id: number;
  docId: number;
  number: string | null;
  path: string;
  text: string;
  kind: string;
  title: string;
  part: string | null;
  status: string;
  region: string | null;
  effective: string | null;
  source: string;
}

export type UnitMetaRow = Omit<UnitRow, 'text' | 'path' | 'source'> & { path?: string };

/**
 * Identity of the indexed units: count, highest id and id sum. An ingest that replaces a file
 * deletes and re-inserts its units (new ids), a prune deletes some, so any change of the text
 * changes this. Past orders bump meta.generation too but leave it alone: learning from a new
 * order must not re-segment the whole law (statuses, also changed by ingest, are not in the
 * persisted index; they are re-read at every open/reload).
 */
export function storeFingerprint(db: Database.Database): string {
  const u = db
    .prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(total(id), 0) AS s FROM units`)
    .get() as { n: number; m: number; s: number };
  return `units:${u.n}:${u.m}:${u.s}`;
}

/** meta.generation (0 when never written): bumped by every store write, checked by reload(). */
export function storeGeneration(db: Database.Database): string {
  try {
    const r = db.prepare(`SELECT value FROM meta WHERE key = 'generation'`).get() as { value: string } | undefined;
    return r?.value ?? '0';
  } catch {
    return '0';
  }
}

const UNIT_SELECT = `SELECT u.id, u.doc_id AS docId, u.number, u.path, u.text, d.kind, d.title, d.part, d.status,
  d.region, d.effective, d.source FROM units u JOIN documents d ON d.id = u.doc_id`;

/** Every unit with its document, in id order (streamed). */
export function iterateUnits(db: Database.Database): IterableIterator<UnitRow> {
  return db.prepare(`${UNIT_SELECT} ORDER BY u.id`).iterate() as IterableIterator<UnitRow>;
}

/** Unit metadata without text, in id order (for filters and law lookup, kept in memory). */
export function readUnitMeta(db: Database.Database): UnitMetaRow[] {
  return db
    .prepare(
      `SELECT u.id, u.doc_id AS docId, u.number, u.path, d.kind, d.title, d.part, d.status, d.region, d.effective
       FROM units u JOIN documents d ON d.id = u.doc_id ORDER BY u.id`,
    )
    .all() as UnitMetaRow[];
}

export function parsePath(path: string): string[] {
  try {
    const v = JSON.parse(path);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export function rowToArticle(r: UnitRow): Article {
  return {
    unitId: r.id,
    docId: r.docId,
    law: r.title,
    article: r.number ?? '',
    kind: r.kind as DocKind,
    path: parsePath(r.path),
    text: r.text,
    status: r.status as DocStatus,
    effective: r.effective,
    source: r.source,
  };
}

export class UnitReader {
  private byId: Database.Statement;
  constructor(db: Database.Database) {
    this.byId = db.prepare(`${UNIT_SELECT} WHERE u.id = ?`);
  }
  get(id: number): UnitRow | undefined {
    return this.byId.get(id) as UnitRow | undefined;
  }
}

/** The articles a document's meta says it cites (cases, guides): [] when none or unreadable. */
export class DocCitesReader {
  private byId: Database.Statement;
  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT meta FROM documents WHERE id = ?');
  }
  get(docId: number): ArticleRef[] {
    const r = this.byId.get(docId) as { meta: string } | undefined;
    if (!r) return [];
    try {
      const cited = (JSON.parse(r.meta) as { cited?: unknown }).cited;
      if (!Array.isArray(cited)) return [];
      return cited.filter((c): c is ArticleRef => typeof c?.law === 'string' && typeof c?.article === 'string');
    } catch {
      return [];
    }
  }
}

export function countDocuments(db: Database.Database): { documents: number; cases: number } {
  const r = db
    .prepare(`SELECT count(*) AS documents, coalesce(sum(kind = 'case'), 0) AS cases FROM documents`)
    .get() as { documents: number; cases: number };
  return r;
}
