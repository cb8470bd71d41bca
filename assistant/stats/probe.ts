// Schema probing: statistics read other modules' tables read-only and must work before those
// tables exist (a module not yet migrated) or while their columns evolve.
import type Database from 'better-sqlite3';

export class Schema {
  private cols = new Map<string, Set<string> | null>();
  constructor(private readonly sqlite: Database.Database) {}

  columns(table: string): Set<string> | null {
    if (!this.cols.has(table)) {
      const exists = this.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?").get(table);
      this.cols.set(table, exists ? new Set((this.sqlite.prepare(`PRAGMA table_info("${table.replace(/"/g, '')}")`).all() as { name: string }[]).map((c) => c.name)) : null);
    }
    return this.cols.get(table) ?? null;
  }

  has(table: string, ...columns: string[]): boolean {
    const c = this.columns(table);
    return Boolean(c && columns.every((x) => c.has(x)));
  }

  /** The first of the candidate table names that exists (modules may prefix their tables). */
  table(candidates: string[]): string | null {
    return candidates.find((t) => this.columns(t)) ?? null;
  }

  /** The first of the candidate columns the table has, or null. */
  pick(table: string, candidates: string[]): string | null {
    const c = this.columns(table);
    if (!c) return null;
    return candidates.find((x) => c.has(x)) ?? null;
  }
}
