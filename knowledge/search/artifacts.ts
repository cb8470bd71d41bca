// Persisted search artefacts (search_artifacts table, migration set 'search'): a blob per key,
// valid only for the store fingerprint and format it was built with.
import type Database from 'better-sqlite3';

export function loadArtifact(db: Database.Database, key: string, generation: string, format: number): Buffer | null {
  const r = db
    .prepare(`SELECT generation, format, bytes FROM search_artifacts WHERE key = ?`)
    .get(key) as { generation: string; format: number; bytes: Buffer } | undefined;
  if (!r || r.generation !== generation || r.format !== format) return null;
  return r.bytes;
}

export function saveArtifact(db: Database.Database, key: string, generation: string, format: number, bytes: Buffer): void {
  try {
    db.prepare(
      `INSERT INTO search_artifacts (key, generation, format, bytes, built_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET generation = excluded.generation, format = excluded.format,
       bytes = excluded.bytes, built_at = excluded.built_at`,
    ).run(key, generation, format, bytes, new Date().toISOString());
  } catch (e) {
    // a read-only store still searches; it just rebuilds at every start
    if (!/readonly/i.test(String(e))) throw e;
  }
}

/** The stored artefact whatever generation it was built for (callers judge staleness). */
export function loadArtifactAnyGeneration(db: Database.Database, key: string, format: number): { generation: string; bytes: Buffer } | null {
  const r = db
    .prepare(`SELECT generation, format, bytes FROM search_artifacts WHERE key = ?`)
    .get(key) as { generation: string; format: number; bytes: Buffer } | undefined;
  if (!r || r.format !== format) return null;
  return { generation: r.generation, bytes: r.bytes };
}
