// `npm run --silent bench:search -- DIR [--queries FILE] [--limit N]`: search latency over the
// dev questions against the whole corpus DIR (cached store, see lib/corpus.ts), with the dev
// questions loaded as past work orders so every stage runs (keyword, thesaurus, associations,
// order votes, reranker, explain with text fetch). Prints one JSON line:
// {queries, p50_ms, p95_ms, p99_ms, qps}. Single process, one query at a time, after a warm-up.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseWorkOrders } from '../ingest/parsers/orders';
import { SearchEngine } from '../knowledge/search/engine';
import { deletePastOrders, insertPastOrders } from '../knowledge/store/queries';
import { cachedCorpus, openForSearch } from './lib/corpus';
import { percentile } from './lib/metrics';

const DEFAULT_QUERIES = fileURLToPath(new URL('../../shared/evals/dev.jsonl', import.meta.url));
const SOURCE = 'bench:past-orders';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { queries: { type: 'string' }, limit: { type: 'string' }, corpus: { type: 'string' } },
  });
  const dir = positionals[0] ?? values.corpus;
  if (!dir) {
    console.error('usage: bench:search -- DIR [--queries FILE] [--limit N]');
    process.exit(2);
  }
  const dbPath = await cachedCorpus(dir, (s) => console.error(s));
  const queries = await parseWorkOrders(values.queries ?? DEFAULT_QUERIES);
  const store = openForSearch(dbPath);
  try {
    deletePastOrders(store, SOURCE);
    insertPastOrders(store, queries.map((q, i) => ({ ...q, source: SOURCE, externalId: q.externalId ?? `q${i}` })));
    const engine = new SearchEngine(store.sqlite, {});
    console.error(`bench: ${engine.articleCount} units, ${engine.pastOrderCount} past orders, reranker ${engine.lastOpen.reranker}`);
    const texts = queries.map((q) => q.question).slice(0, values.limit ? Number(values.limit) : undefined);
    for (const t of texts.slice(0, 50)) await engine.search({ text: t }); // warm-up (JIT, page cache)
    const lat: number[] = [];
    const t0 = performance.now();
    for (const t of texts) {
      const s = performance.now();
      await engine.search({ text: t, limit: 10 });
      lat.push(performance.now() - s);
    }
    const total = (performance.now() - t0) / 1000;
    lat.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    console.log(
      JSON.stringify({
        queries: lat.length,
        p50_ms: r2(percentile(lat, 50)),
        p95_ms: r2(percentile(lat, 95)),
        p99_ms: r2(percentile(lat, 99)),
        qps: r2(lat.length / total),
      }),
    );
  } finally {
    deletePastOrders(store, SOURCE);
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
