// The assistant's store: one SQLite file (WAL) behind drizzle. Each module owns its tables
// (`<module>/schema.ts`) and its drizzle-kit migrations (`<module>/migrations/`), applied in the
// order of the module list (see knowledge/store/sqlite.ts for the shared SQLite set-up).
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrateModule, openSqlite, type AppDb, type OpenedDb } from '../../knowledge/store/sqlite';

export { migrateModule, openSqlite, type AppDb, type OpenedDb };

export function openAppDb(path: string, modules: { name: string; migrations?: string }[]): OpenedDb {
  const sqlite = openSqlite(path);
  const db = drizzle(sqlite) as AppDb;
  for (const m of modules) if (m.migrations) migrateModule(db, m.name, m.migrations);
  return { sqlite, db, close: () => sqlite.close() };
}
