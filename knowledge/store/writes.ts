// Transactional writes of ingested files: a file's documents, units and past orders are
// replaced together in ONE transaction, statuses of every version of the touched laws are
// recomputed, and the generation is bumped. Raw prepared statements: this is the ingest hot path.
import type Database from 'better-sqlite3';
import type { DocKind, DocStatus, PastOrder } from '../types';
import { bumpGenerationRaw, insertPastOrderRaw, rawDb, type StoreLike } from './queries';

export interface NewUnit {
  /** Article number as written (第四十七条), a section heading for cases/FAQ, or null. */
  number: string | null;
  path: string[];
  text: string;
}

export interface NewDocument {
  kind: DocKind;
  title: string;
  part?: string | null;
  issuer?: string | null;
  promulgated?: string | null;
  effective?: string | null;
  /**
   * What the source itself declares. `repealed` (e.g. the LawRefBook db.sqlite3 expired flag)
   * sticks when no newer version exists; otherwise statute statuses are computed over all
   * versions of the same title: newest effective version in force, older ones amended, future
   * ones not yet effective.
   */
  declaredStatus?: DocStatus | null;
  version?: string | null;
  region?: string | null;
  /** Unique per document: the file's path, with `#N` appended when a file holds several. */
  source: string;
  meta?: Record<string, unknown>;
  units: NewUnit[];
}

export interface FileWrite {
  /** Path key of the file (see ingest/README.md). */
  path: string;
  hash: string;
  format: string;
  documents: NewDocument[];
  orders: PastOrder[];
}

export const STATUTE_KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local'];
const STATUTE_SQL = STATUTE_KINDS.map((k) => `'${k}'`).join(',');

/** Prepared statements of one store, built once per writer. */
export class StoreWriter {
  private readonly db: Database.Database;
  private readonly st: ReturnType<StoreWriter['prepare']>;
  /** ISO date used for not_yet_effective (tests pin it). */
  today: string;

  constructor(s: StoreLike, opts: { today?: string } = {}) {
    this.db = rawDb(s);
    this.st = this.prepare();
    this.today = opts.today ?? new Date().toISOString().slice(0, 10);
  }

  private prepare() {
    const db = this.db;
    return {
      fileHash: db.prepare('SELECT hash FROM files WHERE path = ?').pluck(),
      docsOfFile: db.prepare('SELECT id, title, part, kind FROM documents WHERE file = ?'),
      deleteDocsOfFile: db.prepare('DELETE FROM documents WHERE file = ?'),
      deleteOrdersOfFile: db.prepare('DELETE FROM past_orders WHERE source = ?'),
      deleteFile: db.prepare('DELETE FROM files WHERE path = ?'),
      insertDoc: db.prepare(
        `INSERT INTO documents (kind, title, part, issuer, promulgated, effective, status, version, region, source, hash, meta, file)
         VALUES (@kind, @title, @part, @issuer, @promulgated, @effective, @status, @version, @region, @source, @hash, @meta, @file)`,
      ),
      insertUnit: db.prepare('INSERT INTO units (doc_id, number, position, path, text) VALUES (?, ?, ?, ?, ?)'),
      upsertFile: db.prepare(
        `INSERT INTO files (path, hash, format, documents, units, orders, ingested_at)
         VALUES (@path, @hash, @format, @documents, @units, @orders, strftime('%Y-%m-%dT%H:%M:%fZ','now'))
         ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, format = excluded.format, documents = excluded.documents,
           units = excluded.units, orders = excluded.orders, ingested_at = excluded.ingested_at`,
      ),
      versionsOf: db.prepare(
        `SELECT id, version, effective, promulgated, json_extract(meta, '$.declaredStatus') AS declared FROM documents
         WHERE title = ? AND coalesce(part, '') = ? AND kind IN (${STATUTE_SQL})`,
      ),
      setStatus: db.prepare('UPDATE documents SET status = ? WHERE id = ? AND status <> ?'),
      filesUnder: db.prepare(`SELECT path FROM files WHERE substr(path, 1, length(?)) = ?`).pluck(),
    };
  }

  /** Stored hash of a file, or undefined when never ingested. */
  hashOf(path: string): string | undefined {
    return this.st.fileHash.get(path) as string | undefined;
  }

  /** Replace everything a file produced, in one transaction. Returns units written. */
  writeFile(f: FileWrite): { documents: number; units: number; orders: number } {
    return this.db.transaction(() => {
      const touched = this.removeFileRows(f.path);
      let units = 0;
      for (const d of f.documents) {
        const meta = { ...(d.meta ?? {}) } as Record<string, unknown>;
        if (d.declaredStatus) meta.declaredStatus = d.declaredStatus;
        const isStatute = STATUTE_KINDS.includes(d.kind);
        const status: DocStatus = d.declaredStatus ?? 'in_force';
        const r = this.st.insertDoc.run({
          kind: d.kind,
          title: d.title,
          part: d.part ?? null,
          issuer: d.issuer ?? null,
          promulgated: d.promulgated ?? null,
          effective: d.effective ?? null,
          status,
          version: d.version ?? null,
          region: d.region ?? null,
          source: d.source,
          hash: f.hash,
          meta: JSON.stringify(meta),
          file: f.path,
        });
        const docId = Number(r.lastInsertRowid);
        d.units.forEach((u, i) => {
          this.st.insertUnit.run(docId, u.number, i, JSON.stringify(u.path), u.text);
        });
        units += d.units.length;
        if (isStatute) touched.add(groupKey(d.title, d.part ?? ''));
      }
      for (const o of f.orders) insertPastOrderRaw(this.db, { ...o, source: f.path }, f.path);
      for (const k of touched) this.recomputeStatus(k);
      this.st.upsertFile.run({
        path: f.path,
        hash: f.hash,
        format: f.format,
        documents: f.documents.length,
        units,
        orders: f.orders.length,
      });
      bumpGenerationRaw(this.db);
      return { documents: f.documents.length, units, orders: f.orders.length };
    })();
  }

  /** Retire a file: its documents, units and past orders go, statuses of its laws are recomputed. */
  removeFile(path: string): boolean {
    return this.db.transaction(() => {
      const had = this.st.fileHash.get(path) !== undefined;
      const touched = this.removeFileRows(path);
      for (const k of touched) this.recomputeStatus(k);
      this.st.deleteFile.run(path);
      if (had || touched.size) bumpGenerationRaw(this.db);
      return had;
    })();
  }

  /**
   * Versions whose effective date has come since they were written (not_yet_effective, effective
   * <= today): recompute their laws' statuses. Called at the end of every ingest run.
   */
  refreshDueVersions(): number {
    const due = this.db
      .prepare(`SELECT DISTINCT title, coalesce(part, '') AS part FROM documents WHERE status = 'not_yet_effective' AND effective <= ?`)
      .all(this.today) as { title: string; part: string }[];
    if (!due.length) return 0;
    this.db.transaction(() => {
      for (const d of due) this.recomputeStatus(groupKey(d.title, d.part));
      bumpGenerationRaw(this.db);
    })();
    return due.length;
  }

  /** Stored file paths starting with a prefix (for --prune of one ingest root). */
  filesUnder(prefix: string): string[] {
    return this.st.filesUnder.all(prefix, prefix) as string[];
  }

  private removeFileRows(path: string): Set<string> {
    const touched = new Set<string>();
    for (const d of this.st.docsOfFile.all(path) as { title: string; part: string | null; kind: string }[]) {
      if (STATUTE_KINDS.includes(d.kind as DocKind)) touched.add(groupKey(d.title, d.part ?? ''));
    }
    this.st.deleteDocsOfFile.run(path);
    this.st.deleteOrdersOfFile.run(path);
    return touched;
  }

  /** Statuses of all versions of one law (one 民法典 part): see NewDocument.declaredStatus. */
  private recomputeStatus(key: string): void {
    const [title, part] = splitKey(key);
    const rows = this.st.versionsOf.all(title, part) as {
      id: number;
      version: string | null;
      effective: string | null;
      promulgated: string | null;
      declared: string | null;
    }[];
    const date = (r: (typeof rows)[number]) => r.version ?? r.effective ?? r.promulgated ?? '';
    rows.sort((a, b) => (date(b) < date(a) ? -1 : date(b) > date(a) ? 1 : b.id - a.id));
    let current = false;
    for (const r of rows) {
      let status: DocStatus;
      if (r.effective && r.effective > this.today && !current) status = 'not_yet_effective';
      else if (!current) {
        current = true;
        status = r.declared === 'repealed' ? 'repealed' : 'in_force';
      } else status = 'amended';
      this.st.setStatus.run(status, r.id, status);
    }
  }
}

function groupKey(title: string, part: string): string {
  return `${title}\u0000${part}`;
}
function splitKey(k: string): [string, string] {
  const i = k.indexOf('\u0000');
  return [k.slice(0, i), k.slice(i + 1)];
}
