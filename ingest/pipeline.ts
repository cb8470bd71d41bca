// The ingest pipeline: paths → files → hash → (skip unchanged) → parse → one transaction per file
// (its documents, units and past orders replaced together) → optional prune of files gone from
// an ingest root. A file that fails to read or parse is reported and leaves the store untouched.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { openKnowledgeStore, type KnowledgeStore } from '../knowledge/store/db';
import { bumpGenerationRaw, storeStats } from '../knowledge/store/queries';
import { StoreWriter } from '../knowledge/store/writes';
import type { DocKind } from '../knowledge/types';
import { parseFile, SUPPORTED_EXTENSIONS, type FileFormat } from './parse-file';
import { ParseError } from './parsers/errors';

/** Files that sit in corpus folders but are not documents. */
const IGNORED_NAMES = new Set(['_index.md', 'README.md', 'readme.md', '法律法规模版.md', 'db.sqlite3']);

export interface IngestOptions {
  /** Open store to write to; or dbPath to open (and close) one. */
  store?: KnowledgeStore;
  dbPath?: string;
  /** Retire files previously ingested under a directory argument that are no longer there. */
  prune?: boolean;
  /** Force the kind of statute/case/guide documents in text and Markdown files. */
  kind?: DocKind;
  /** Re-parse even when the hash is unchanged. */
  force?: boolean;
  /** Parse and report only; write nothing (CLI --check). */
  dryRun?: boolean;
  /** ISO date for status computation (tests). */
  today?: string;
  /** Larger files are refused before they are read (default MAX_FILE_BYTES). */
  maxFileBytes?: number;
  onFile?: (e: FileEvent) => void;
  /** Called once the file list is known. */
  onStart?: (total: number) => void;
}

/**
 * 200 MB: the largest corpus file is under 1 MB and a year of a province's work orders as CSV
 * is tens of MB, while parsing holds a file several times over in memory (XLSX far more).
 */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

export type FileStatus = 'ingested' | 'unchanged' | 'failed';

export interface FileEvent {
  index: number; // 1-based
  total: number;
  path: string; // the file's key
  abs: string;
  status: FileStatus;
  format?: FileFormat;
  documents?: number;
  units?: number;
  orders?: number;
  error?: string;
}

export interface IngestSummary {
  files: number;
  ingested: number;
  unchanged: number;
  failed: { file: string; error: string }[];
  pruned: string[];
  /** Files inside directory arguments with an extension no parser reads (not errors). */
  unsupported: string[];
  /** Written in this run. */
  documents: number;
  units: number;
  orders: number;
  /** Whole store after the run. */
  store: ReturnType<typeof storeStats>;
  seconds: number;
}

interface Planned {
  abs: string;
  key: string;
}

function toKey(p: string): string {
  return p.split(sep).join('/');
}

function walk(dir: string, out: string[], unsupported: string[]): void {
  const names = readdirSync(dir).sort();
  for (const n of names) {
    if (n.startsWith('.') || IGNORED_NAMES.has(n)) continue;
    const p = join(dir, n);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out, unsupported);
    else if (!st.isFile()) continue;
    else if (SUPPORTED_EXTENSIONS.includes(extname(n).toLowerCase())) out.push(p);
    else unsupported.push(p);
  }
}

/** The LawRefBook corpus root (a folder with db.sqlite3) at or up to 4 levels above a path. */
function corpusRoot(abs: string, isDir: boolean): string | null {
  let d = isDir ? abs : dirname(abs);
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(d, 'db.sqlite3'))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return null;
}

/**
 * Expand arguments into files with their keys. Keys are paths relative to a base folder: the
 * parent of the corpus root when the path lies in a LawRefBook corpus (so
 * `lawrefbook/社会法/x.md` whether the corpus, 社会法 or the file itself is given); otherwise
 * `<dir name>/<path inside it>` for a directory and `<parent dir name>/<file name>` for a file.
 */
export function planFiles(paths: string[]): {
  files: Planned[];
  roots: string[];
  missing: { file: string; error: string }[];
  unsupported: string[];
} {
  const files: Planned[] = [];
  const unsupported: string[] = [];
  const roots: string[] = [];
  const missing: { file: string; error: string }[] = [];
  const seen = new Set<string>();
  const add = (abs: string, key: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      files.push({ abs, key });
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    let st;
    try {
      st = statSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      missing.push({ file: p, error: code === 'ENOENT' ? '文件或目录不存在' : code === 'EACCES' ? '没有读取权限' : `无法访问（${code}）` });
      continue;
    }
    const isDir = st.isDirectory();
    const root = corpusRoot(abs, isDir);
    const base = root ? dirname(root) : isDir ? dirname(abs) : dirname(dirname(abs));
    if (isDir) {
      const list: string[] = [];
      try {
        walk(abs, list, unsupported);
      } catch (e) {
        // not a prune root: its files would all look gone
        missing.push({ file: p, error: `目录无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）` });
        continue;
      }
      roots.push(`${toKey(relative(base, abs))}/`);
      for (const f of list) add(f, toKey(relative(base, f)));
    } else add(abs, toKey(relative(base, abs)));
  }
  return { files, roots, missing, unsupported };
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '文件不存在';
    if (code === 'EACCES') return '没有读取权限';
    if (code === 'EISDIR') return '是目录，不是文件';
    if (e.name === 'ParseError') return e.message;
    if (/UNIQUE constraint failed/.test(e.message)) return `写入失败：来源重复（${e.message}）`;
    return e.message || String(e);
  }
  return String(e);
}

export async function ingestPaths(paths: string[], opts: IngestOptions): Promise<IngestSummary> {
  const t0 = performance.now();
  const own = !opts.store;
  if (!opts.store && !opts.dbPath) throw new Error('ingestPaths: store or dbPath required');
  // --check on a store that does not exist yet must not create it
  const store = opts.store ?? openKnowledgeStore(opts.dryRun && !existsSync(opts.dbPath!) ? ':memory:' : opts.dbPath!);
  try {
    const writer = new StoreWriter(store, { today: opts.today });
    const plan = planFiles(paths);
    const total = plan.files.length;
    opts.onStart?.(total);
    const s: IngestSummary = {
      files: total,
      ingested: 0,
      unchanged: 0,
      failed: [...plan.missing],
      pruned: [],
      unsupported: plan.unsupported,
      documents: 0,
      units: 0,
      orders: 0,
      store: storeStats(store),
      seconds: 0,
    };
    let anyCase = false;
    for (let i = 0; i < plan.files.length; i++) {
      const f = plan.files[i];
      const ev: FileEvent = { index: i + 1, total, path: f.key, abs: f.abs, status: 'failed' };
      try {
        const size = statSync(f.abs).size;
        const limit = opts.maxFileBytes ?? MAX_FILE_BYTES;
        if (size > limit) throw new ParseError(`文件过大（${megabytes(size)}，上限 ${megabytes(limit)}），请拆分后分批导入`);
        const bytes = await readFile(f.abs);
        const hash = createHash('sha256').update(bytes).digest('hex');
        if (!opts.force && writer.hashOf(f.key) === hash) {
          ev.status = 'unchanged';
          s.unchanged++;
        } else {
          const parsed = await parseFile({ abs: f.abs, key: f.key, bytes, kind: opts.kind });
          const w = opts.dryRun
            ? { documents: parsed.documents.length, units: parsed.documents.reduce((n, d) => n + d.units.length, 0), orders: parsed.orders.length }
            : writer.writeFile({ path: f.key, hash, format: parsed.format, documents: parsed.documents, orders: parsed.orders });
          Object.assign(ev, { status: 'ingested', format: parsed.format, ...w });
          s.ingested++;
          s.documents += w.documents;
          s.units += w.units;
          s.orders += w.orders;
          if (parsed.format === 'case') anyCase = true;
        }
      } catch (e) {
        ev.error = errorText(e);
        s.failed.push({ file: f.abs, error: ev.error });
      }
      opts.onFile?.(ev);
    }
    if (opts.prune && !opts.dryRun) {
      const seen = new Set(plan.files.map((f) => f.key));
      for (const root of plan.roots) {
        for (const key of writer.filesUnder(root)) {
          if (!seen.has(key) && writer.removeFile(key)) s.pruned.push(key);
        }
      }
    }
    if (!opts.dryRun) {
      if (anyCase || s.ingested) resolveCitedTitles(store);
      writer.refreshDueVersions();
    }
    s.store = storeStats(store);
    s.seconds = (performance.now() - t0) / 1000;
    return s;
  } finally {
    if (own) store.close();
  }
}

/**
 * Cases cite laws by short names (《劳动合同法》第三十八条); point them at the stored full title
 * (中华人民共和国劳动合同法) when exactly that exists, so citation links resolve.
 */
function resolveCitedTitles(store: KnowledgeStore): void {
  const db = store.sqlite;
  const titles = new Set((db.prepare(`SELECT DISTINCT title FROM documents WHERE kind <> 'case' AND kind <> 'faq'`).pluck().all() as string[]));
  const rows = db.prepare(`SELECT id, meta FROM documents WHERE kind = 'case'`).all() as { id: number; meta: string }[];
  const upd = db.prepare('UPDATE documents SET meta = ? WHERE id = ?');
  db.transaction(() => {
    let changed = false;
    for (const r of rows) {
      const meta = JSON.parse(r.meta) as { cited?: { law: string; article: string }[] };
      if (!meta.cited?.length) continue;
      let dirty = false;
      for (const c of meta.cited) {
        if (titles.has(c.law)) continue;
        // 《…〈民法典〉…》 and 《…《民法典》…》 are both written; so are short names without 中华人民共和国
        const angle = c.law.replace(/〈/g, '《').replace(/〉/g, '》');
        const full = [`中华人民共和国${c.law}`, angle, c.law.replace(/《/g, '〈').replace(/》/g, '〉')].find((t) => titles.has(t));
        if (full) {
          c.law = full;
          dirty = true;
        }
      }
      if (dirty) {
        upd.run(JSON.stringify(meta), r.id);
        changed = true;
      }
    }
    if (changed) bumpGenerationRaw(db);
  })();
}

function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB`;
}
