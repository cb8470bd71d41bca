// SQLite behind drizzle, shared by the knowledge store and the assistant's store: WAL for
// crash-safe concurrent readers, and per-module drizzle-kit migrations, each module with its own
// migrations table so modules evolve independently. Lives in knowledge/ (the lowest layer) so
// that the knowledge core never imports the assistant.
import Database from 'better-sqlite3';
import { type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
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

