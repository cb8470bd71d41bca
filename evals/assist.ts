// `npm run --silent eval:assist -- --orders FILE [--folds 5] [--corpus DIR | --kb FILE|sample] [--limit N] [--json]`
//
// How often the repeat-contact push's similar closed orders (top 5) include one citing a gold
// article of the new question. The orders FILE (dev.jsonl format, read with the work-order parser)
// is imported as past work orders k-fold: the questions of fold f are asked against a knowledge
// store that learned only the other folds (a question never sees itself). Each question goes
// through gatherMaterial — the same function the push uses — and is scored on its similarOrders.
// Knowledge base: the law corpus (../shared/corpus/lawrefbook, or --corpus DIR; a cached store
// built by the real ingest pipeline, see evals/lib/corpus.ts), a store file with --kb FILE, or
// the sample knowledge base with --kb sample (also the fallback without a corpus). The store is
// copied per fold into a temp dir (SQLite backup), never modified in place; past orders already
// in it whose question is one of the eval's questions are removed from the copy (no leakage).
// With --json the last line is {"queries","hit@1","hit@5","ceiling@any",...}; ceiling@any is the
// share of questions whose gold article at least one past order of the store (the other folds)
// cites — the most any choice of similar orders could reach.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatherMaterial } from '../assistant/assist/material';
import { parseWorkOrders } from '../ingest/parsers/orders';
import { ensureSampleKnowledge } from '../ingest/sample';
import { openKnowledge } from '../knowledge';
import { deletePastOrders, insertPastOrders, listPastOrders } from '../knowledge/store/queries';
import { openKnowledgeStore } from '../knowledge/store/db';
import type { ArticleRef, Knowledge, PastOrder } from '../knowledge/types';
import { cachedCorpus } from './lib/corpus';
import { foldOf, percentile } from './lib/metrics';

const SOURCE = 'eval:assist';
/** The law corpus the platform runs on (the eval's default knowledge base when present). */
const DEFAULT_CORPUS = '../shared/corpus/lawrefbook';

export interface AssistEvalResult {
  queries: number;
  'hit@1': number;
  'hit@5': number;
  /** Share of questions where at least one past order in the store (other folds) cites a gold
   *  article: no choice of 5 orders can do better than this (the hit@5 ceiling). */
  'ceiling@any': number;
  folds: number;
  past_orders_per_fold: number;
  kb: string;
  p50_ms: number;
  p95_ms: number;
}

/** Does any of the first k similar orders cite a gold article? Law names resolved on both sides. */
export function hitAt(k: number, similar: { cited: ArticleRef[] }[], gold: ArticleRef[], resolve: (law: string) => string): boolean {
  const g = new Set(gold.map((r) => `${resolve(r.law)}|${r.article}`));
  return similar.slice(0, k).some((o) => o.cited.some((c) => g.has(`${resolve(c.law)}|${c.article}`)));
}

async function baseStore(values: { corpus?: string; kb?: string }, dir: string, log: (s: string) => void): Promise<{ path: string; label: string }> {
  if (values.kb && values.kb !== 'sample') return { path: values.kb, label: values.kb };
  const corpus = values.corpus ?? (values.kb === 'sample' || !existsSync(DEFAULT_CORPUS) ? undefined : DEFAULT_CORPUS);
  if (corpus) return { path: await cachedCorpus(corpus, log), label: `corpus:${corpus}` };
  const p = join(dir, 'sample.sqlite');
  await ensureSampleKnowledge(p);
  return { path: p, label: 'sample' };
}

export async function runAssistEval(opts: {
  orders: PastOrder[];
  folds: number;
  base: string;
  label: string;
  dir: string;
  log?: (s: string) => void;
}): Promise<AssistEvalResult> {
  const log = opts.log ?? (() => {});
  const queries = opts.orders.map((o, i) => ({ ...o, externalId: o.externalId ?? `q${i}` })).filter((q) => q.cited.length);
  let h1 = 0;
  let h5 = 0;
  let reachable = 0;
  let n = 0;
  let perFold = 0;
  const lat: number[] = [];
  for (let f = 0; f < opts.folds; f++) {
    const path = join(opts.dir, `fold-${f}.sqlite`);
    const src = new Database(opts.base, { readonly: true });
    await src.backup(path);
    src.close();
    const past = queries.filter((_, i) => foldOf(i, opts.folds) !== f);
    perFold = past.length;
    const store = openKnowledgeStore(path);
    const asked = new Set(queries.map((q) => q.question.replace(/\s/g, '')));
    for (const src of new Set(listPastOrders(store).filter((o) => asked.has(o.question.replace(/\s/g, ''))).map((o) => o.source ?? ''))) {
      log(`removing past orders of source ${src} from the copy (they contain eval questions)`);
      deletePastOrders(store, src);
    }
    insertPastOrders(store, past.map((o) => ({ ...o, source: SOURCE })));
    const storeCited = listPastOrders(store).flatMap((o) => o.cited);
    store.close();
    const t0 = performance.now();
    const k: Knowledge = await openKnowledge({ dbPath: path, embedding: { provider: 'none' } });
    log(`fold ${f + 1}/${opts.folds}: ${k.stats().pastOrders} past orders, ${k.stats().articles} articles, open ${Math.round(performance.now() - t0)} ms`);
    const resolve = (law: string) => k.resolveLaw(law) ?? law;
    const citedAny = new Set(storeCited.map((r) => `${resolve(r.law)}|${r.article}`));
    try {
      for (let i = 0; i < queries.length; i++) {
        if (foldOf(i, opts.folds) !== f) continue;
        const q = queries[i];
        const t = performance.now();
        const m = await gatherMaterial(k, { question: q.question });
        lat.push(performance.now() - t);
        const similar = m.similarOrders.filter((o) => o.externalId !== q.externalId); // never itself (defensive)
        if (similar.length !== m.similarOrders.length) throw new Error(`question ${q.externalId} saw itself`);
        n++;
        if (q.cited.some((r) => citedAny.has(`${resolve(r.law)}|${r.article}`))) reachable++;
        if (hitAt(1, similar, q.cited, resolve)) h1++;
        if (hitAt(5, similar, q.cited, resolve)) h5++;
      }
    } finally {
      k.close();
      rmSync(path, { force: true });
      rmSync(`${path}-wal`, { force: true });
      rmSync(`${path}-shm`, { force: true });
    }
  }
  const sorted = lat.sort((a, b) => a - b);
  const r4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    queries: n,
    'hit@1': r4(h1 / (n || 1)),
    'hit@5': r4(h5 / (n || 1)),
    'ceiling@any': r4(reachable / (n || 1)),
    folds: opts.folds,
    past_orders_per_fold: perFold,
    kb: opts.label,
    p50_ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p95_ms: Math.round(percentile(sorted, 95) * 10) / 10,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      orders: { type: 'string' },
      folds: { type: 'string', default: '5' },
      corpus: { type: 'string' },
      kb: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.orders) {
    console.error('usage: eval:assist -- --orders FILE [--folds 5] [--corpus DIR | --kb FILE|sample] [--limit N] [--json]');
    process.exit(2);
  }
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) {
    console.error('--folds must be an integer ≥ 2');
    process.exit(2);
  }
  const log = (s: string) => console.error(s);
  const dir = mkdtempSync(join(tmpdir(), 'lawline-eval-assist-'));
  try {
    let orders = await parseWorkOrders(values.orders);
    if (values.limit) orders = orders.slice(0, Number(values.limit));
    const base = await baseStore(values, dir, log);
    const r = await runAssistEval({ orders, folds, base: base.path, label: base.label, dir, log });
    if (values.json) console.log(JSON.stringify(r));
    else console.log(`queries ${r.queries}  hit@1 ${r['hit@1']}  hit@5 ${r['hit@5']}  ceiling@any ${r['ceiling@any']}  (${r.folds} folds, ${r.past_orders_per_fold} past orders each, kb ${r.kb}, p95 ${r.p95_ms} ms)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
