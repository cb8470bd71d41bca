// Retrieval metrics as the issue defines them: a gold article counts when law title and article
// number match; recall@k is averaged per question (the fraction of its gold articles in the top
// k); MRR@100 is the reciprocal rank of the first gold article within 100; latency percentiles.
import type { ArticleRef } from '../../knowledge/types';

export const CUTOFFS = [1, 5, 10, 20, 100] as const;

export function refKey(r: ArticleRef): string {
  return `${r.law}\u0000${r.article}`;
}

export interface QueryOutcome {
  recall: Record<number, number>;
  rr: number;
}

export function scoreRanking(ranked: ArticleRef[], gold: ArticleRef[]): QueryOutcome {
  const g = new Set(gold.map(refKey));
  const recall: Record<number, number> = {};
  let found = 0;
  let rr = 0;
  const seen = new Set<string>();
  let ci = 0;
  for (let i = 0; i < Math.min(ranked.length, 100); i++) {
    const k = refKey(ranked[i]);
    if (g.has(k) && !seen.has(k)) {
      seen.add(k);
      found++;
      if (!rr) rr = 1 / (i + 1);
    }
    while (ci < CUTOFFS.length && CUTOFFS[ci] === i + 1) recall[CUTOFFS[ci++]] = g.size ? found / g.size : 0;
  }
  for (; ci < CUTOFFS.length; ci++) recall[CUTOFFS[ci]] = g.size ? found / g.size : 0;
  return { recall, rr };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  queries: number;
  'recall@1': number;
  'recall@5': number;
  'recall@10': number;
  'recall@20': number;
  'recall@100': number;
  mrr: number;
  p50_ms: number;
  p95_ms: number;
}

const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function summarise(outcomes: QueryOutcome[], latencies: number[]): Summary {
  const n = outcomes.length || 1;
  const mean = (f: (o: QueryOutcome) => number) => r4(outcomes.reduce((s, o) => s + f(o), 0) / n);
  const lat = [...latencies].sort((a, b) => a - b);
  return {
    queries: outcomes.length,
    'recall@1': mean((o) => o.recall[1]),
    'recall@5': mean((o) => o.recall[5]),
    'recall@10': mean((o) => o.recall[10]),
    'recall@20': mean((o) => o.recall[20]),
    'recall@100': mean((o) => o.recall[100]),
    mrr: mean((o) => o.rr),
    p50_ms: Math.round(percentile(lat, 50) * 100) / 100,
    p95_ms: Math.round(percentile(lat, 95) * 100) / 100,
  };
}

/** Question i's fold: stable round-robin over the file order. */
export function foldOf(i: number, folds: number): number {
  return i % folds;
}
