// Stage 5: rerank. A model over the candidate features (./features) learned from past orders:
// every past order is replayed as a question with its own labels held out (leave-one-out over
// priors, associations and votes), its candidates labelled by the articles it cited. Gradient-
// boosted trees when there are enough orders, logistic regression below that, and a fixed
// hand-set linear fusion when there are too few to learn from (a fresh install).
import { N_FEATURES, FEATURE_NAMES } from './features';
import { scoreGbdt, scoreGbdtRows, trainGbdt, type GbdtModel, type GbdtOptions } from './gbdt';
import { scoreLinear, trainLogistic, type LinearModel } from './linear';

export type RerankModel = LinearModel | GbdtModel;

export interface TrainedReranker {
  features: string[];
  /** First stage: ranks every candidate (monotone, safe far from the training data). */
  model: RerankModel;
  /** Optional second stage: boosted trees re-ordering the first stage's top `secondTop`. */
  second?: GbdtModel;
  secondTop?: number;
  /**
   * The final head: the trees' top `head` are re-picked and ordered by trees + `linear` × the
   * first stage's score (the two models disagree most on the head; the tail keeps the trees'
   * order, which deep recall prefers).
   */
  headBlend?: { linear: number; head: number };
  /** Platt scaling of the top hit's score into P(one of the top 3 is right). */
  calib: { a: number; b: number };
  orders: number;
  rows: number;
}

export const MIN_ORDERS_TO_LEARN = 20;
export const MIN_ORDERS_FOR_TREES = 300;
/** How many first-stage candidates the trees re-order (trained on exactly that slice). */
export const SECOND_STAGE_TOP = 300;
const SLICE_HEAD = 100;
const TAIL_SAMPLE = 4;
/**
 * Head blend (5-fold on dev, 1,432 questions): trees + 0.1 × linear over the top 20 moved R@1
 * 0.289 → 0.296 and MRR 0.515 → 0.521 (better in every fold) with R@100 unchanged; blending the
 * whole slice cost R@100 0.0014, and re-ordering only the tail (rank fusion with the linear model,
 * a tail-trained tree model, law diversification, adjacency to the top hits) never helped.
 */
export const HEAD_BLEND = { linear: 0.1, head: 20 };
/**
 * The trees' shape. `npm run eval:rerank` (5 folds on dev; the engine's own training replays and
 * test candidates, retrained per setting; the full eval gives the same figures), on the engine's
 * replay split: depth 4 × 120 trees R@100 0.8858; depth 3 × 120 / 200 / 300 trees 0.8901 /
 * 0.8906 / 0.8895, depth 2 × 400 0.8899, depth 5 / 6 0.8785 / 0.8751. Averaged over three replay
 * splits (`--splits 3`) depth 3 × 200 beats depth 4 × 120 on every split but by less: 0.8865 vs
 * 0.8842. R@10 0.655 and MRR 0.532 stay as they were.
 */
export const TREE_OPTIONS: GbdtOptions = { depth: 3, trees: 200 };

/** How the cascade is trained (evals/rerank.ts compares settings; the engine uses the defaults). */
export interface RerankSettings {
  trees: GbdtOptions;
  /** First-stage candidates the trees re-order. */
  top: number;
  /** Slice rows kept in full; below them every positive and one negative in `tailSample`. */
  head: number;
  tailSample: number;
  /** The final head re-picked by trees + `linear` × first stage (see HEAD_BLEND). */
  headBlend: { linear: number; head: number };
  /** Features a stage never reads (held at 0 in its training rows, so it cannot use them). */
  exclude?: { linear?: readonly string[]; trees?: readonly string[] };
}

export const DEFAULT_RERANK_SETTINGS: RerankSettings = {
  trees: TREE_OPTIONS,
  top: SECOND_STAGE_TOP,
  head: SLICE_HEAD,
  tailSample: TAIL_SAMPLE,
  headBlend: HEAD_BLEND,
  // the soft match for the trees only: in the first stage as well it lifted R@1 / MRR by 0.008 but
  // cost R@100 0.003 (it changes which 300 the trees see); see evals/README.md
  exclude: { linear: ['word_soft'] },
};

/** Fusion used before any order has been learned from: keyword and expanded runs dominate. */
export const DEFAULT_RERANKER: TrainedReranker = {
  features: [...FEATURE_NAMES],
  model: {
    kind: 'linear',
    mean: new Array(N_FEATURES).fill(0),
    std: new Array(N_FEATURES).fill(1),
    // kw_score kw_rank full_score full_rank vote_score vote_max vote_rank voters art_prior law_prior
    // never_cited law_post_kw law_post_vote law_named exact_ref is_law len vector cocite adjacent
    // coverage kw_abs law_rank in_law_rank cited_text cited_text_rank law_text law_text_rank
    // chapter_text chapter_text_rank word_vec word_vec_rel word_soft (the word space is left to the
    // trained models: the fixed fusion was set before it existed)
    w: [2, -0.3, 3, -0.3, 1.5, 1, -0.2, 0.3, 0.4, 0.2, 0, 1.5, 1, 1, 6, 0.2, 0, 3, 0.5, 0.2, 2, 1, -0.3, -0.3, 1, -0.1, 1, -0.2, 1, -0.2, 0, 0, 0],
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

function rowsOf(X: Float32Array, i: number): Float32Array {
  return X.subarray(i * N_FEATURES, (i + 1) * N_FEATURES);
}

/** Holds the named features at 0 in every row of X, in place; returns X. */
function zeroFeatures(X: Float32Array, names: readonly string[] | undefined): Float32Array {
  if (!names?.length) return X;
  const cols = names.map((n) => {
    const j = (FEATURE_NAMES as readonly string[]).indexOf(n);
    if (j < 0) throw new Error(`rerank settings: unknown feature ${n}`);
    return j;
  });
  for (let i = 0; i < X.length; i += N_FEATURES) for (const j of cols) X[i + j] = 0;
  return X;
}

/**
 * `all`: every candidate of every training query (for the trees' slice and calibration);
 * `sampled`: positives plus a spread of negatives (for the linear first stage).
 */
export function trainReranker(
  sampled: TrainingRows,
  all: TrainingRows,
  orders: number,
  kind?: 'linear' | 'gbdt',
  settings: RerankSettings = DEFAULT_RERANK_SETTINGS,
): TrainedReranker {
  const k = kind ?? (orders >= MIN_ORDERS_FOR_TREES ? 'gbdt' : 'linear');
  // the caller's rows stay as they are: the excluded features are zeroed in a copy
  const linearX = settings.exclude?.linear?.length ? zeroFeatures(Float32Array.from(sampled.X), settings.exclude.linear) : sampled.X;
  // stronger regularisation with few orders (a fresh sample knowledge base has ~50)
  const first = trainLogistic(linearX, sampled.y, N_FEATURES, {
    l2: Math.max(1e-2, 5 / Math.max(1, orders)),
  });
  const out: TrainedReranker = { features: [...FEATURE_NAMES], model: first, calib: { a: 1, b: 0 }, orders, rows: sampled.y.length };
  // the first stage's top slice of every query: what the trees will see at search time
  // (every row of the slice's head; below it, every positive and one negative in
  // `tailSample`, weighted by it, so the trees see the whole slice at a third of the cost)
  const sliceX: number[] = [];
  const sliceY: number[] = [];
  const sliceW: number[] = [];
  const slices: [number, number][] = [];
  for (const [s, e] of all.groups) {
    const idx: [number, number][] = [];
    for (let i = s; i < e; i++) idx.push([scoreLinear(first, rowsOf(all.X, i)), i]);
    idx.sort((a, b) => b[0] - a[0]);
    const start = sliceY.length;
    idx.slice(0, settings.top).forEach(([, i], r) => {
      let w = 1;
      if (r >= settings.head && !all.y[i]) {
        if (r % settings.tailSample !== 0) return;
        w = settings.tailSample;
      }
      for (const v of rowsOf(all.X, i)) sliceX.push(v);
      sliceY.push(all.y[i]);
      sliceW.push(w);
    });
    slices.push([start, sliceY.length]);
  }
  const sX = zeroFeatures(Float32Array.from(sliceX), settings.exclude?.trees); // a fresh copy: zeroed in place
  const sY = Uint8Array.from(sliceY);
  if (k === 'gbdt' && sY.some((v) => v === 1)) {
    out.second = trainGbdt(sX, sY, N_FEATURES, settings.trees, Float32Array.from(sliceW));
    out.secondTop = settings.top;
    out.headBlend = { ...settings.headBlend };
    out.rows = sY.length;
  }
  // calibrate: best final score per query → was any of its top 3 right?
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [s, e] of slices) {
    if (e === s) continue;
    const scored: [number, number][] = [];
    for (let i = s; i < e; i++) {
      const x = rowsOf(sX, i);
      scored.push([calibrationScore(out, { x }), sY[i]]);
    }
    scored.sort((a, b) => b[0] - a[0]);
    xs.push(scored[0][0]);
    ys.push(scored.slice(0, 3).some((r) => r[1]) ? 1 : 0);
  }
  out.calib = platt(xs, ys);
  return out;
}

/** Score candidates in place: first stage for all, trees for the first stage's top slice. */
export function applyReranker(r: TrainedReranker, cands: { x: Float32Array; score: number }[]): void {
  for (const c of cands) c.score = scoreModel(r.model, c.x);
  if (!r.second) return;
  cands.sort((a, b) => b.score - a.score);
  const top = Math.min(cands.length, r.secondTop ?? SECOND_STAGE_TOP);
  // trees' scores for the slice, kept above everything the first stage left below it
  const floor = top < cands.length ? cands[top].score : 0;
  const rows = new Float32Array(top * N_FEATURES);
  for (let i = 0; i < top; i++) rows.set(cands[i].x, i * N_FEATURES);
  const sec = scoreGbdtRows(r.second, rows, top, N_FEATURES);
  const minSec = Math.min(...sec);
  for (let i = 0; i < top; i++) cands[i].score = floor + 1 + (sec[i] - minSec);
  const hb = r.headBlend;
  if (!hb || !top) return;
  // the head: the trees' top `head` re-picked by the blend from the whole slice, kept above the rest
  const slice = cands.slice(0, top);
  const blend = new Map(slice.map((c, i) => [c, sec[i] + hb.linear * scoreModel(r.model, c.x)]));
  const head = [...slice].sort((a, b) => blend.get(b)! - blend.get(a)!).slice(0, hb.head);
  const inHead = new Set(head);
  const ceiling = Math.max(...slice.filter((c) => !inHead.has(c)).map((c) => c.score), floor);
  const minHead = Math.min(...head.map((c) => blend.get(c)!));
  for (const c of head) c.score = ceiling + 1 + (blend.get(c)! - minHead);
}

/** The score calibration applies to: the trees' score (plus the head blend), for trees. */
export function calibrationScore(r: TrainedReranker, c: { x: Float32Array }): number {
  if (!r.second) return scoreModel(r.model, c.x);
  return scoreGbdt(r.second, c.x) + (r.headBlend ? r.headBlend.linear * scoreModel(r.model, c.x) : 0);
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
