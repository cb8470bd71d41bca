// `npm run --silent eval:rerank -- --corpus DIR --queries FILE [--folds N] [--splits N] [--setting JSON]...`
//
// Compares ways of training the search reranker on exactly what eval:retrieval measures, at a
// fraction of its cost. Per fold (past orders = the other folds, as in eval:retrieval) the engine
// is opened without a reranker, its out-of-fold training replays (`trainingRows`) and every test
// question's candidates with their features (`candidateRows`) are computed once, and each setting
// trains the cascade on those rows and ranks those candidates. One JSON line per setting on stdout
// (recall@1/5/10/20/100, MRR), in the order given. A setting is a partial RerankSettings, e.g.
// '{"trees":{"depth":4,"trees":120}}'; none given = the shipped defaults.
//
// With --splits N the replays are built N times, each with another assignment of the orders to
// the replays' inner folds (split 0 is the engine's own), every setting is trained on each, and
// its line gives the figures averaged over the splits plus `split_r100`, R@100 per split. On dev,
// R@100 differed by up to 0.007 between splits, so judge a reranker change on the average.
import { parseArgs } from 'node:util';
import { parseWorkOrders } from '../ingest/parsers/orders';
import { SearchEngine } from '../knowledge/search/engine';
import { applyReranker, DEFAULT_RERANK_SETTINGS, trainReranker, type RerankSettings } from '../knowledge/search/rerank';
import { cachedCorpus, openForSearch } from './lib/corpus';
import { clearRounds, storeRoundOrders } from './lib/folds';
import { foldOf, scoreRanking, summarise, type QueryOutcome, type Summary } from './lib/metrics';

const SETTING_KEYS = new Set(Object.keys(DEFAULT_RERANK_SETTINGS));

export function parseSetting(json: string): RerankSettings {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new Error(`--setting is not JSON: ${json}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`--setting must be a JSON object: ${json}`);
  for (const k of Object.keys(v)) if (!SETTING_KEYS.has(k)) throw new Error(`--setting: unknown field "${k}" (${[...SETTING_KEYS].join(', ')})`);
  const s = v as Partial<RerankSettings>;
  return {
    ...DEFAULT_RERANK_SETTINGS,
    ...s,
    trees: { ...DEFAULT_RERANK_SETTINGS.trees, ...s.trees },
    headBlend: { ...DEFAULT_RERANK_SETTINGS.headBlend, ...s.headBlend },
  };
}

/**
 * Recall and MRR averaged over the splits (every split ranks the same questions, so this is the
 * mean over all their outcomes), and R@100 per split when there is more than one.
 */
export function averageSplits(perSplit: QueryOutcome[][]): Omit<Summary, 'p50_ms' | 'p95_ms'> & { split_r100?: number[] } {
  const { p50_ms: _p50, p95_ms: _p95, ...mean } = summarise(perSplit.flat(), []);
  const out = { ...mean, queries: perSplit[0]?.length ?? 0 };
  return perSplit.length > 1 ? { ...out, split_r100: perSplit.map((o) => summarise(o, [])['recall@100']) } : out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      queries: { type: 'string' },
      folds: { type: 'string', default: '5' },
      setting: { type: 'string', multiple: true },
      splits: { type: 'string', default: '1' },
    },
  });
  if (!values.corpus || !values.queries) {
    console.error("usage: eval:rerank -- --corpus DIR --queries FILE [--folds N] [--splits N] [--setting '{\"trees\":{\"depth\":3}}']...");
    process.exit(2);
  }
  const settings = (values.setting ?? ['{}']).map(parseSetting);
  const folds = Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new Error('--folds must be an integer ≥ 2');
  const splits = Number(values.splits);
  if (!Number.isInteger(splits) || splits < 1) throw new Error('--splits must be an integer ≥ 1');
  const log = (s: string) => console.error(s);
  const dbPath = await cachedCorpus(values.corpus, log);
  const queries = (await parseWorkOrders(values.queries)).filter((q) => q.cited.length);
  // outcomes[setting][split]: one outcome per test question
  const outcomes: QueryOutcome[][][] = settings.map(() => Array.from({ length: splits }, () => []));
  const store = openForSearch(dbPath);
  try {
    for (let f = 0; f < folds; f++) {
      storeRoundOrders(store, queries, folds, f);
      const engine = new SearchEngine(store.sqlite, { rerankerTraining: false });
      const tests = queries.flatMap((q, i) => (foldOf(i, folds) === f ? [{ gold: q.cited, cands: engine.candidateRows(q.question) }] : []));
      for (let split = 0; split < splits; split++) {
        const t0 = performance.now();
        const rows = engine.trainingRows(split);
        if (!rows) throw new Error(`fold ${f + 1}: too few past orders to train a reranker`);
        log(`fold ${f + 1}/${folds}, split ${split}: ${rows.used} replays, ${tests.length} questions (${Math.round(performance.now() - t0)} ms)`);
        settings.forEach((s, k) => {
          const r = trainReranker(rows.sampled, rows.all, rows.used, 'gbdt', s);
          for (const t of tests) {
            const cands = t.cands.map((c) => ({ ...c, score: 0 }));
            applyReranker(r, cands);
            cands.sort((a, b) => b.score - a.score);
            outcomes[k][split].push(scoreRanking(cands, t.gold));
          }
        });
      }
    }
  } finally {
    clearRounds(store);
    store.close();
  }
  settings.forEach((s, k) => console.log(JSON.stringify({ setting: s, folds, ...averageSplits(outcomes[k]) })));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
