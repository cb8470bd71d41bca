// `npm run --silent eval:retrieval -- --corpus DIR --queries FILE [--orders FILE] [--folds N]
//   [--json] [--stages keyword,thesaurus,orders,fused] [--limit N] [--reranker linear|gbdt]`
//
// Builds (or reuses) a cached store of DIR with the real ingest pipeline, imports past work
// orders, runs every question of FILE (dev.jsonl format, read with the work-order parser) and
// prints recall@1/5/10/20/100, MRR@100 and latency p50/p95 per stage. With --folds N the past
// orders are the queries file itself, k-fold: each question is answered by an engine that learned
// only from the other folds. With --json the last line is one JSON object (the last stage).
//
// Vectors: with an embedding engine configured as for the service (EMBEDDING_PROVIDER=local +
// EMBEDDING_MODEL_DIR, or EMBEDDING_PROVIDER=openai + EMBEDDING_BASE_URL + EMBEDDING_MODEL), every
// stage also fuses the vector run, exactly as `search` does. The corpus is embedded once into
// `<cache>.vectors/` (a first build of the whole corpus takes long with a local model on 2 cores)
// and reused by later runs. An engine that does not come up live stops the run with its reason:
// a figure silently measured without vectors would be mistaken for one with them. The JSON line
// says which: `"vector":"off"` or `"vector":"openai bge-m3"`.
import { parseArgs } from 'node:util';
import { createLogger } from '../assistant/log';
import { parseWorkOrders } from '../ingest/parsers/orders';
import { embeddingConfigFrom, type EmbeddingEnv } from '../knowledge/embed/create';
import { SearchEngine, type StageSwitches } from '../knowledge/search/engine';
import type { PastOrder } from '../knowledge/types';
import { cachedCorpus, openForSearch } from './lib/corpus';
import { clearRounds, storeRoundOrders } from './lib/folds';
import { foldOf, scoreRanking, summarise, type QueryOutcome } from './lib/metrics';

const STAGES: Record<string, Partial<StageSwitches>> = {
  keyword: { thesaurus: false, associations: false, votes: false, priors: false, rerank: false },
  thesaurus: { thesaurus: true, associations: false, votes: false, priors: false, rerank: false },
  orders: { thesaurus: true, associations: true, votes: true, priors: true, rerank: false },
  fused: { thesaurus: true, associations: true, votes: true, priors: true, rerank: true },
};

async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      queries: { type: 'string' },
      orders: { type: 'string' },
      folds: { type: 'string' },
      json: { type: 'boolean', default: false },
      stages: { type: 'string', default: 'fused' },
      limit: { type: 'string' },
      reranker: { type: 'string' },
    },
  });
  if (!values.corpus || !values.queries) {
    console.error('usage: eval:retrieval -- --corpus DIR --queries FILE [--orders FILE] [--folds N] [--json] [--stages keyword,thesaurus,orders,fused]');
    process.exit(2);
  }
  const log = (s: string) => console.error(s);
  const engineLog = createLogger('info');
  const stages = values.stages!.split(',').map((s) => s.trim());
  for (const s of stages) if (!STAGES[s]) throw new Error(`unknown stage ${s} (keyword, thesaurus, orders, fused)`);
  const folds = values.folds ? Number(values.folds) : 0;
  const rerankerKind = values.reranker as 'linear' | 'gbdt' | undefined;
  const embedding = embeddingConfigFrom(process.env as EmbeddingEnv);
  const vectorLabel = embedding.provider === 'none' ? 'off' : `${embedding.provider} ${embedding.model ?? embedding.modelDir ?? ''}`.trim();

  const dbPath = await cachedCorpus(values.corpus, log);
  let queries = (await parseWorkOrders(values.queries)).filter((q) => q.cited.length);
  if (values.limit) queries = queries.slice(0, Number(values.limit));
  const extraOrders: PastOrder[] = values.orders ? await parseWorkOrders(values.orders) : [];

  const store = openForSearch(dbPath);
  try {
    for (const stage of stages) {
      const outcomes: QueryOutcome[] = [];
      const latencies: number[] = [];
      const rounds = folds > 1 ? folds : 1;
      for (let f = 0; f < rounds; f++) {
        // past orders of this round: the other folds (+ --orders), or --orders alone
        storeRoundOrders(store, queries, folds, f, extraOrders);
        const t0 = performance.now();
        const engine = new SearchEngine(store.sqlite, { stages: STAGES[stage], rerankerKind, rerankerReuse: false, embedding, log: engineLog });
        try {
          if (embedding.provider !== 'none') {
            await engine.ready();
            const v = engine.vectorStatus();
            if (v.state !== 'live') throw new Error(`vector stage is ${v.state}: ${v.reason ?? 'no reason given'}`);
          }
          log(`[${stage}] fold ${f + 1}/${rounds}: ${engine.pastOrderCount} past orders, ${engine.articleCount} units, open ${Math.round(performance.now() - t0)} ms (${engine.lastOpen.reranker}, vectors ${vectorLabel})`);
          for (let i = 0; i < queries.length; i++) {
            if (folds > 1 && foldOf(i, folds) !== f) continue;
            const q = queries[i];
            const t = performance.now();
            const ranked = await engine.rank(q.question, 100);
            latencies.push(performance.now() - t);
            outcomes.push(scoreRanking(ranked, q.cited));
          }
        } finally {
          engine.close();
        }
      }
      const s = summarise(outcomes, latencies);
      const line = { stage, folds: folds || undefined, ...s, vector: vectorLabel };
      if (values.json) console.log(JSON.stringify(line));
      else {
        console.log(
          `${stage.padEnd(10)} n=${s.queries} R@1 ${s['recall@1'].toFixed(3)} R@5 ${s['recall@5'].toFixed(3)} R@10 ${s['recall@10'].toFixed(3)} ` +
            `R@20 ${s['recall@20'].toFixed(3)} R@100 ${s['recall@100'].toFixed(3)} MRR ${s.mrr.toFixed(3)} p50 ${s.p50_ms} ms p95 ${s.p95_ms} ms`,
        );
      }
    }
  } finally {
    clearRounds(store);
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
