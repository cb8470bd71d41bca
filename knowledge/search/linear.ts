// A logistic-regression scorer over standardised features, trained by full-batch gradient
// descent with L2 (a few hundred thousand rows × 18 features trains in well under a second).
// Used as the fallback reranker and as the fast first stage of the boosted model.

export interface LinearModel {
  kind: 'linear';
  mean: number[];
  std: number[];
  w: number[];
  b: number;
}

export function trainLogistic(X: Float32Array, y: Uint8Array, d: number, opts: { l2?: number; iters?: number; posWeight?: number } = {}): LinearModel {
  const n = y.length;
  const l2 = opts.l2 ?? 1e-3;
  const iters = opts.iters ?? 300;
  const mean = new Array(d).fill(0);
  const std = new Array(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += X[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (X[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += y[i];
  const pw = opts.posWeight ?? (pos > 0 ? Math.min(50, (n - pos) / pos) : 1);
  const w = new Array(d).fill(0);
  let b = 0;
  const g = new Float64Array(d);
  // Adam on the full batch: robust without tuning a learning rate
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const lr = 0.05;
  const z = new Float64Array(d);
  for (let t = 1; t <= iters; t++) {
    g.fill(0);
    let gb = 0;
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      let s = b;
      for (let j = 0; j < d; j++) {
        z[j] = (X[i * d + j] - mean[j]) / std[j];
        s += w[j] * z[j];
      }
      const p = 1 / (1 + Math.exp(-s));
      const wi = y[i] ? pw : 1;
      const e = (p - y[i]) * wi;
      wsum += wi;
      for (let j = 0; j < d; j++) g[j] += e * z[j];
      gb += e;
    }
    for (let j = 0; j <= d; j++) {
      const gj = j < d ? g[j] / wsum + l2 * w[j] : gb / wsum;
      m[j] = 0.9 * m[j] + 0.1 * gj;
      v[j] = 0.999 * v[j] + 0.001 * gj * gj;
      const step = (lr * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8);
      if (j < d) w[j] -= step;
      else b -= step;
    }
  }
  return { kind: 'linear', mean, std, w, b };
}

export function scoreLinear(m: LinearModel, x: ArrayLike<number>): number {
  let s = m.b;
  for (let j = 0; j < m.w.length; j++) s += (m.w[j] * (x[j] - m.mean[j])) / m.std[j];
  return s;
}
