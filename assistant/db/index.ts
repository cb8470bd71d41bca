// The assistant's store: one SQLite file (WAL) behind drizzle. Each module owns its tables
// (`<module>/schema.ts`) and its drizzle-kit migrations (`<module>/migrations/`), applied in the
// order of the module list with a migrations table per module, so modules evolve independently.
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type AppDb = BetterSQLite3Database<Record<string, unknown>>;

export interface OpenedDb {
  sqlite: Database.Database;
  db: AppDb;
  close(): void;
}

export function openSqlite(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL'); // WAL + NORMAL: durable across process crashes
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** Apply one module's migrations (no-op when the module has none yet). */
export function migrateModule(db: AppDb, name: string, folder: string): void {
  if (!existsSync(`${folder}/meta/_journal.json`)) return;
  migrate(db, { migrationsFolder: folder, migrationsTable: `__drizzle_migrations_${name}` });
}

export function openAppDb(path: string, modules: { name: string; migrations?: string }[]): OpenedDb {
  const sqlite = openSqlite(path);
  const db = drizzle(sqlite) as AppDb;
  for (const m of modules) if (m.migrations) migrateModule(db, m.name, m.migrations);
  return { sqlite, db, close: () => sqlite.close() };
}
