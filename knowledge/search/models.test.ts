import { describe, expect, it } from 'vitest';
import { depthOf, scoreGbdt, scoreGbdtRows, trainGbdt } from './gbdt';
import { scoreLinear, trainLogistic } from './linear';
import { FEATURE_NAMES, N_FEATURES } from './features';
import { applyReranker, calibrationScore, decodeReranker, DEFAULT_RERANK_SETTINGS, DEFAULT_RERANKER, encodeReranker, trainReranker, type TrainingRows } from './rerank';


function lcg(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

describe('reranker models', () => {
  it('logistic regression learns a linear rule', () => {
    const rnd = lcg(7);
    const n = 2000;
    const X = new Float32Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = rnd();
      X[2 * i + 1] = rnd();
      y[i] = X[2 * i] + 0.5 * X[2 * i + 1] > 0.9 ? 1 : 0;
    }
    const m = trainLogistic(X, y, 2);
    let ok = 0;
    for (let i = 0; i < n; i++) ok += (scoreLinear(m, X.subarray(2 * i, 2 * i + 2)) > 0 ? 1 : 0) === y[i] ? 1 : 0;
    expect(ok / n).toBeGreaterThan(0.9);
    expect(m.w[0]).toBeGreaterThan(m.w[1]);
  });

  it('boosted trees learn an interaction a linear model cannot', () => {
    const rnd = lcg(11);
    const n = 4000;
    const X = new Float32Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      X[2 * i] = rnd();
      X[2 * i + 1] = rnd();
      y[i] = (X[2 * i] > 0.5) !== (X[2 * i + 1] > 0.5) ? 1 : 0; // xor
    }
    const m = trainGbdt(X, y, 2, { trees: 40, depth: 3 });
    let ok = 0;
    for (let i = 0; i < n; i++) ok += (scoreGbdt(m, X.subarray(2 * i, 2 * i + 2)) > 0 ? 1 : 0) === y[i] ? 1 : 0;
    expect(ok / n).toBeGreaterThan(0.95);
    // scoring all rows at once gives each row's own score, to the last bit
    // (uneven trees, rows on a threshold, a missing value)
    X[0] = Number.NaN;
    X[3] = m.trees[0].threshold[0];
    const batch = scoreGbdtRows(m, X, n - 3, 2); // rows walk four at a time, and the rest one by one
    expect(batch.length).toBe(n - 3);
    for (let i = 0; i < n - 3; i++) expect(batch[i]).toBe(scoreGbdt(m, X.subarray(2 * i, 2 * i + 2)));
    const shallow = trainGbdt(X, y, 2, { trees: 5, depth: 4, minLeaf: 900 });
    const leafDepths = (t: (typeof shallow.trees)[0], node = 0, at = 0): number[] =>
      t.feature[node] < 0 ? [at] : [...leafDepths(t, t.left[node], at + 1), ...leafDepths(t, t.right[node], at + 1)];
    // some tree has leaves at different depths (the compiled layout pads them)
    expect(shallow.trees.some((t) => new Set(leafDepths(t)).size > 1)).toBe(true);
    const sb = scoreGbdtRows(shallow, X, n, 2);
    for (let i = 0; i < n; i++) expect(sb[i]).toBe(scoreGbdt(shallow, X.subarray(2 * i, 2 * i + 2)));
    // trees too deep to pad are scored row by row, with the same result
    const noise = Uint8Array.from(y, () => (rnd() < 0.5 ? 1 : 0)); // labels with no pattern grow deep trees
    const deep = trainGbdt(X, noise, 2, { trees: 3, depth: 14, minLeaf: 1 });
    expect(Math.max(...deep.trees.map((t) => leafDepths(t).reduce((a, b) => Math.max(a, b), 0)))).toBeGreaterThan(10);
    const db = scoreGbdtRows(deep, X, 50, 2);
    for (let i = 0; i < 50; i++) expect(db[i]).toBe(scoreGbdt(deep, X.subarray(2 * i, 2 * i + 2)));
  });

  it('grows each tree on a seeded sample of rows and features when asked (stochastic boosting)', () => {
    const rnd = lcg(5);
    const n = 4000;
    const d = 4;
    const X = new Float32Array(n * d);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) X[d * i + j] = rnd();
      y[i] = (X[d * i] > 0.5) !== (X[d * i + 1] > 0.5) ? 1 : 0; // xor of the first two; the others are noise
    }
    const opts = { trees: 60, depth: 3, subsample: 0.6, colsample: 0.5 };
    const a = trainGbdt(X, y, d, { ...opts, seed: 3 });
    // reproducible for a seed, different for another
    expect(trainGbdt(X, y, d, { ...opts, seed: 3 })).toEqual(a);
    expect(trainGbdt(X, y, d, { ...opts, seed: 4 })).not.toEqual(a);
    // each tree splits on at most half of the features
    for (const t of a.trees) expect(new Set(t.feature.filter((f) => f >= 0)).size).toBeLessThanOrEqual(2);
    // and the ensemble still learns the interaction
    let ok = 0;
    for (let i = 0; i < n; i++) ok += (scoreGbdt(a, X.subarray(d * i, d * (i + 1))) > 0 ? 1 : 0) === y[i] ? 1 : 0;
    expect(ok / n).toBeGreaterThan(0.9);
    // without sampling options the trees are the deterministic full-data ones
    expect(trainGbdt(X, y, d, { trees: 10, depth: 3, subsample: 1, colsample: 1, seed: 9 })).toEqual(trainGbdt(X, y, d, { trees: 10, depth: 3 }));
  });

  it('trains the cascade on candidate rows, ranks the positive first and round-trips', () => {
    const rnd = lcg(3);
    const groups: [number, number][] = [];
    const X: number[] = [];
    const y: number[] = [];
    for (let q = 0; q < 400; q++) {
      const start = y.length;
      for (let c = 0; c < 30; c++) {
        const pos = c === 0;
        for (let j = 0; j < N_FEATURES; j++) X.push(j === 2 ? (pos ? 0.6 : 0.4) + 0.5 * rnd() : rnd());
        y.push(pos ? 1 : 0);
      }
      groups.push([start, y.length]);
    }
    const rows: TrainingRows = { X: Float32Array.from(X), y: Uint8Array.from(y), groups };
    const r = trainReranker(rows, rows, 400, 'gbdt');
    expect(r.second?.trees.length).toBeGreaterThan(0);
    const back = decodeReranker(encodeReranker(r))!;
    let first = 0;
    for (const [s, e] of groups.slice(0, 100)) {
      const cands = [];
      for (let i = s; i < e; i++) cands.push({ x: rows.X.subarray(i * N_FEATURES, (i + 1) * N_FEATURES), score: 0, y: rows.y[i] });
      applyReranker(back, cands);
      cands.sort((a, b) => b.score - a.score);
      first += cands[0].y;
    }
    expect(first / 100).toBeGreaterThan(0.6); // chance is 1/30
    // the shipped tree shape, and a setting of eval:rerank honoured field by field
    expect(r.second!.trees.length).toBe(DEFAULT_RERANK_SETTINGS.trees.trees);
    expect(Math.max(...r.second!.trees.map((t) => depthOf(t)))).toBeLessThanOrEqual(DEFAULT_RERANK_SETTINGS.trees.depth!);
    const small = trainReranker(rows, rows, 400, 'gbdt', { ...DEFAULT_RERANK_SETTINGS, trees: { depth: 2, trees: 7 }, top: 10 });
    expect(small.second!.trees.length).toBe(7);
    expect(Math.max(...small.second!.trees.map((t) => depthOf(t)))).toBe(2);
    expect(small.secondTop).toBe(10);
    // a feature a stage excludes is never read by it: weight 0 in the first stage, no split in the trees
    const blind = trainReranker(rows, rows, 400, 'gbdt', {
      ...DEFAULT_RERANK_SETTINGS,
      trees: { depth: 2, trees: 20 },
      exclude: { linear: ['full_score'], trees: ['full_score', 'kw_score'] },
    });
    expect((r.model as { w: number[] }).w[2]).not.toBe(0);
    expect((blind.model as { w: number[] }).w[2]).toBe(0);
    expect(r.second!.trees.some((t) => t.feature.includes(2))).toBe(true);
    expect(blind.second!.trees.every((t) => !t.feature.includes(2) && !t.feature.includes(0))).toBe(true);
    expect(() => trainReranker(rows, rows, 400, 'gbdt', { ...DEFAULT_RERANK_SETTINGS, exclude: { trees: ['no_such'] } })).toThrow(
      /unknown feature no_such/,
    );
  });

  it('ignores a persisted model of another feature set and keeps the default fusion in step', () => {
    const old = { ...DEFAULT_RERANKER, features: FEATURE_NAMES.filter((f) => !f.startsWith('cited_text')) };
    expect(decodeReranker(encodeReranker(old))).toBeNull();
    expect(decodeReranker(encodeReranker(DEFAULT_RERANKER))).not.toBeNull();
    const w = (DEFAULT_RERANKER.model as { w: number[] }).w;
    expect(w.length).toBe(N_FEATURES);
    expect(new Set(FEATURE_NAMES).size).toBe(N_FEATURES);
  });

  it('re-picks the head by trees + linear and keeps the trees order below it', () => {
    const rnd = lcg(5);
    const groups: [number, number][] = [];
    const X: number[] = [];
    const y: number[] = [];
    for (let q = 0; q < 300; q++) {
      const start = y.length;
      for (let c = 0; c < 40; c++) {
        const pos = c < 2;
        for (let j = 0; j < N_FEATURES; j++) X.push(j === 2 ? (pos ? 0.6 : 0.4) + 0.5 * rnd() : j === 0 ? (pos ? 0.55 : 0.45) + 0.5 * rnd() : rnd());
        y.push(pos ? 1 : 0);
      }
      groups.push([start, y.length]);
    }
    const rows: TrainingRows = { X: Float32Array.from(X), y: Uint8Array.from(y), groups };
    const r = trainReranker(rows, rows, 300, 'gbdt');
    expect(r.headBlend).toBeDefined();
    const head = r.headBlend!.head;
    const cands = [];
    for (let i = 0; i < 40; i++) cands.push({ x: rows.X.subarray(i * N_FEATURES, (i + 1) * N_FEATURES), score: 0 });
    applyReranker(r, cands);
    cands.sort((a, b) => b.score - a.score);
    // the head is ordered by the blend (= the calibration score), the rest by the trees alone
    const blend = cands.slice(0, head).map((c) => calibrationScore(r, c));
    for (let i = 1; i < blend.length; i++) expect(blend[i]).toBeLessThanOrEqual(blend[i - 1]);
    const trees = cands.slice(head).map((c) => scoreGbdt(r.second!, c.x));
    for (let i = 1; i < trees.length; i++) expect(trees[i]).toBeLessThanOrEqual(trees[i - 1]);
    // and nothing below the head outranks it by the blend
    const minHead = Math.min(...blend);
    for (const c of cands.slice(head)) expect(calibrationScore(r, c)).toBeLessThanOrEqual(minHead);
  });
});
