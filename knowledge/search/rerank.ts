// Stage 5: rerank. A model over the candidate features (./features) learned from past orders:
// every past order is replayed as a question with its own labels held out (leave-one-out over
// priors, associations and votes), its candidates labelled by the articles it cited. Gradient-
// boosted trees when there are enough orders, logistic regression below that, and a fixed
// hand-set linear fusion when there are too few to learn from (a fresh install).
import { N_FEATURES, FEATURE_NAMES } from './features';
import { scoreGbdt, trainGbdt, type GbdtModel } from './gbdt';
import { scoreLinear, trainLogistic, type LinearModel } from './linear';

export type RerankModel = LinearModel | GbdtModel;

export interface TrainedReranker {
  features: string[];
  model: RerankModel;
  /** Platt scaling of the top hit's score into P(one of the top 3 is right). */
  calib: { a: number; b: number };
  orders: number;
  rows: number;
}

export const MIN_ORDERS_TO_LEARN = 20;
export const MIN_ORDERS_FOR_TREES = 300;

/** Fusion used before any order has been learned from: keyword and expanded runs dominate. */
export const DEFAULT_RERANKER: TrainedReranker = {
  features: [...FEATURE_NAMES],
  model: {
    kind: 'linear',
    mean: new Array(N_FEATURES).fill(0),
    std: new Array(N_FEATURES).fill(1),
    // kw_score kw_rank full_score full_rank vote_score vote_max vote_rank voters art_prior law_prior
    // never_cited law_post_kw law_post_vote law_named exact_ref is_law len vector
    w: [2, -0.3, 3, -0.3, 1.5, 1, -0.2, 0.3, 0.4, 0.2, 0, 1.5, 1, 1, 6, 0.2, 0, 3],
    b: -4,
  },
  calib: { a: 1, b: 0 },
  orders: 0,
  rows: 0,
};

export function scoreModel(m: RerankModel, x: ArrayLike<number>): number {
  return m.kind === 'gbdt' ? scoreGbdt(m, x) : scoreLinear(m, x);
}

export interface TrainingRows {
  X: Float32Array;
  y: Uint8Array;
  /** Per query: [start, end) rows. */
  groups: [number, number][];
}

export function trainReranker(rows: TrainingRows, orders: number, kind?: 'linear' | 'gbdt'): TrainedReranker {
  const k = kind ?? (orders >= MIN_ORDERS_FOR_TREES ? 'gbdt' : 'linear');
  const model: RerankModel =
    k === 'gbdt' ? trainGbdt(rows.X, rows.y, N_FEATURES) : trainLogistic(rows.X, rows.y, N_FEATURES, { l2: 1e-2 });
  // calibrate: best score per query → was any of its top 3 right?
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [s, e] of rows.groups) {
    const scored: [number, number][] = [];
    for (let i = s; i < e; i++) scored.push([scoreModel(model, rows.X.subarray(i * N_FEATURES, (i + 1) * N_FEATURES)), rows.y[i]]);
    if (!scored.length) continue;
    scored.sort((a, b) => b[0] - a[0]);
    xs.push(scored[0][0]);
    ys.push(scored.slice(0, 3).some((r) => r[1]) ? 1 : 0);
  }
  return { features: [...FEATURE_NAMES], model, calib: platt(xs, ys), orders, rows: rows.y.length };
}

function platt(xs: number[], ys: number[]): { a: number; b: number } {
  if (xs.length < 5) return { a: 1, b: 0 };
  let a = 1;
  let b = 0;
  for (let it = 0; it < 500; it++) {
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const p = 1 / (1 + Math.exp(-(a * xs[i] + b)));
      ga += (p - ys[i]) * xs[i];
      gb += p - ys[i];
    }
    a -= (0.5 * ga) / xs.length;
    b -= (0.5 * gb) / xs.length;
  }
  return { a, b };
}

export function confidenceOf(r: TrainedReranker, topScore: number): number {
  return 1 / (1 + Math.exp(-(r.calib.a * topScore + r.calib.b)));
}

export function encodeReranker(r: TrainedReranker): Buffer {
  return Buffer.from(JSON.stringify(r), 'utf8');
}

export function decodeReranker(buf: Buffer): TrainedReranker | null {
  try {
    const r = JSON.parse(buf.toString('utf8')) as TrainedReranker;
    if (JSON.stringify(r.features) !== JSON.stringify(FEATURE_NAMES)) return null;
    return r;
  } catch {
    return null;
  }
}
