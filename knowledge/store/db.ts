// Open the knowledge store: one SQLite file (WAL) with the knowledge module's migrations applied.
// The migrations folder is resolved from this file, so it works whatever the cwd.
import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { fileURLToPath } from 'node:url';
import { migrateModule, openSqlite, type AppDb } from './sqlite';
import * as schema from './schema';

export type KnowledgeDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export interface KnowledgeStore {
  sqlite: Database.Database;
  db: KnowledgeDb;
  close(): void;
}

export const KNOWLEDGE_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export function openKnowledgeStore(path: string): KnowledgeStore {
  const sqlite = openSqlite(path);
  try {
    // Bulk ingest writes tens of MB; a bigger page cache and in-memory temp tables help.
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('temp_store = MEMORY');
    const db = drizzle(sqlite, { schema });
    migrateModule(db as unknown as AppDb, 'knowledge', KNOWLEDGE_MIGRATIONS);
    let closed = false;
    return {
      sqlite,
      db,
      close() {
        if (closed) return;
        closed = true;
        sqlite.close();
      },
    };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}
