// A cached knowledge store of an evaluation corpus: evals/.cache/corpus-<hash of the path>.sqlite,
// built with the real ingest pipeline (incremental: unchanged files are skipped by hash, so a
// second run costs a directory walk) and opened for search with the search migrations applied.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestPaths } from '../../ingest/pipeline';
import { migrateModule, type AppDb } from '../../assistant/db/index';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/store/db';
import { SEARCH_MIGRATIONS } from '../../knowledge/index';

/** evals/.cache, or EVAL_CACHE_DIR (tests keep their throwaway corpora out of the repo's cache). */
export const CACHE_DIR = process.env.EVAL_CACHE_DIR || fileURLToPath(new URL('../.cache', import.meta.url));

export function cachePath(corpusDir: string): string {
  const h = createHash('sha1').update(resolve(corpusDir)).digest('hex').slice(0, 12);
  return join(CACHE_DIR, `corpus-${h}.sqlite`);
}

/** Ingest (or refresh) the corpus into its cache store; returns the store path. */
export async function cachedCorpus(corpusDir: string, log: (s: string) => void = () => {}): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const db = cachePath(corpusDir);
  const s = await ingestPaths([resolve(corpusDir)], { dbPath: db, prune: true });
  log(`corpus: ${s.files} files, ${s.ingested} ingested, ${s.unchanged} unchanged, ${s.failed.length} failed → ${db}`);
  return db;
}

export function openForSearch(dbPath: string): KnowledgeStore {
  const store = openKnowledgeStore(dbPath);
  migrateModule(store.db as unknown as AppDb, 'search', SEARCH_MIGRATIONS);
  return store;
}
