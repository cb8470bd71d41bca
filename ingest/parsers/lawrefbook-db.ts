// The LawRefBook `db.sqlite3`: one row per law version with level, publish and effective dates and
// an `expired` flag. Found by walking up from a file to the corpus root; read once per root.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LawRefBookRow {
  name: string;
  level: string; // 法律 | 行政法规 | 司法解释 | 部门规章 | 案例 | 其他
  publish: string | null;
  validFrom: string | null;
  expired: boolean;
}

export class LawRefBookDb {
  private byNameDate = new Map<string, LawRefBookRow>();
  private byName = new Map<string, LawRefBookRow[]>();

  constructor(rows: LawRefBookRow[]) {
    for (const r of rows) {
      const names = new Set([r.name, r.name.replace(/\s+/g, '')]);
      for (const n of names) {
        if (r.publish) this.byNameDate.set(`${n}|${r.publish}`, r);
        const list = this.byName.get(n) ?? [];
        list.push(r);
        this.byName.set(n, list);
      }
    }
  }

  static open(file: string): LawRefBookDb {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db
        .prepare('SELECT name, level, filename, publish, valid_from AS validFrom, expired FROM law')
        .all() as { name: string; level: string; filename: string | null; publish: string | null; validFrom: string | null; expired: number }[];
      const out: LawRefBookRow[] = [];
      for (const r of rows) {
        const row = { name: r.name, level: r.level, publish: r.publish || null, validFrom: r.validFrom || null, expired: !!r.expired };
        out.push(row);
        // 民法典 parts are named "民法典 合同编" with filename "合同编"
        if (r.filename && r.filename !== r.name) out.push({ ...row, name: r.filename });
      }
      return new LawRefBookDb(out);
    } finally {
      db.close();
    }
  }

  /** The row of a file named `name(date).md` (or `name.md`): by name and date, else the only row of that name. */
  lookup(name: string, date: string | null): LawRefBookRow | null {
    if (date) {
      const r = this.byNameDate.get(`${name}|${date}`);
      if (r) return r;
    }
    const list = this.byName.get(name);
    if (!list) return null;
    if (list.length === 1) return list[0];
    if (!date) return list.find((r) => !r.publish) ?? null;
    return null;
  }
}

const cache = new Map<string, LawRefBookDb | null>();

/** The db.sqlite3 of the corpus a file belongs to (up to 4 folders up), cached; null when none. */
export function findLawRefBookDb(file: string): LawRefBookDb | null {
  let dir = dirname(file);
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'db.sqlite3');
    if (cache.has(candidate)) {
      const hit = cache.get(candidate);
      if (hit) return hit;
    } else if (existsSync(candidate)) {
      let db: LawRefBookDb | null = null;
      try {
        db = LawRefBookDb.open(candidate);
      } catch {
        db = null; // not a LawRefBook db: ignore
      }
      cache.set(candidate, db);
      if (db) return db;
    } else cache.set(candidate, null);
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
