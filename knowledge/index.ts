// The knowledge core's entry point: open a store for search (`openKnowledge`) and build its
// persisted search index ahead of time (`prepareIndex`, called by the ingest CLI). Everything
// behind the Knowledge interface lives in ./search (pipeline) and ./store (tables, queries).
import { fileURLToPath } from 'node:url';
import { migrateModule, type AppDb } from './store/sqlite';
import { openKnowledgeStore, type KnowledgeStore } from './store/db';
import { insertPastOrder, storeStats } from './store/queries';
import { SearchEngine } from './search/engine';
import { CitingIndex } from './citing';
import type { Knowledge, KnowledgeOptions, PastOrder, SearchHit } from './types';

export const SEARCH_MIGRATIONS = fileURLToPath(new URL('./search/migrations', import.meta.url));

function openStoreForSearch(dbPath: string): KnowledgeStore {
  const store = openKnowledgeStore(dbPath);
  try {
    migrateModule(store.db as unknown as AppDb, 'search', SEARCH_MIGRATIONS);
  } catch (e) {
    store.close();
    throw e;
  }
  return store;
}

/** Build (or confirm up to date) the persisted keyword index of a store, then close it. */
export async function prepareIndex(dbPath: string): Promise<void> {
  const store = openStoreForSearch(dbPath);
  try {
    new SearchEngine(store.sqlite);
  } finally {
    store.close();
  }
}

export async function openKnowledge(opts: KnowledgeOptions): Promise<Knowledge> {
  const store = openStoreForSearch(opts.dbPath);
  let engine: SearchEngine;
  try {
    // the vector stage (when configured) loads or builds in the background: never awaited here,
    // search serves without it until it is live and its diagnostics say so
    engine = new SearchEngine(store.sqlite, { embedding: opts.embedding, log: opts.log });
  } catch (e) {
    store.close();
    throw e;
  }
  opts.log?.info('knowledge opened', { ...engine.lastOpen, vector: engine.vectorStatus().state });
  let closed = false;
  const citing = new CitingIndex(store, (name) => engine.resolveLaw(name));

  return {
    async search(query) {
      return engine.search(query);
    },
    async similarOrders(text, limit) {
      return engine.similarOrders(text, limit);
    },
    getArticle(law, article) {
      return engine.getArticle(law, article);
    },
    resolveLaw(name) {
      return engine.resolveLaw(name);
    },
    pastOrdersCiting(refs, perRef = 5) {
      return citing.citing(refs, perRef);
    },
    async searchCases(text, limit = 5): Promise<SearchHit[]> {
      const r = await engine.search({ text, limit, filters: { kinds: ['case'], inForceOnly: false } });
      return r.hits;
    },
    addPastOrder(order: PastOrder): number {
      // store cited laws under their full stored titles, so every reader of past_orders agrees
      const cited = order.cited.map((c) => ({ law: engine.resolveLaw(c.law) ?? c.law, article: c.article.trim() }));
      const o = { ...order, cited, source: order.source ?? 'live' };
      const id = insertPastOrder(store, o);
      engine.learn({ ...o, id });
      citing.add(id, cited);
      return id;
    },
    reload() {
      engine.reload();
      citing.invalidate();
    },
    stats() {
      const s = storeStats(store);
      return {
        documents: s.documents,
        articles: s.articles,
        pastOrders: s.pastOrders,
        cases: s.cases,
        vector: engine.vectorStatus().state,
      };
    },
    close() {
      if (closed) return;
      closed = true;
      engine.close();
      store.close();
    },
  };
}
