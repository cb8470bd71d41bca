// Truncated SVD of a sparse matrix (randomized range finder with power iterations, Halko,
// Martinsson & Tropp 2011), for the corpus-trained word vectors (word-vectors.ts). Dense blocks
// are row-major Float64Arrays; the only dense decomposition is a small symmetric eigenproblem
// (cyclic Jacobi), so no linear-algebra dependency is needed.
import { mulberry32 } from './prng';

/** A sparse matrix in compressed sparse row form. */
export interface Csr {
  rows: number;
  cols: number;
  /** rowStart[i]..rowStart[i+1] index colIndex / values of row i. */
  rowStart: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
}

export interface SvdOptions {
  /** Singular triplets wanted. */
  rank: number;
  /** Extra directions sampled for accuracy (default 10). */
  oversample?: number;
  /** Power iterations (default 4). */
  iterations?: number;
  /** Seed of the random test matrix (default 1). */
  seed?: number;
}

export interface TruncatedSvd {
  /** Left singular vectors, rows × rank, row-major. */
  u: Float64Array;
  /** Singular values, descending. */
  s: Float64Array;
  rank: number;
}

/** Y (rows × k) = A · X (cols × k), all row-major. */
export function csrTimes(a: Csr, x: Float64Array, k: number): Float64Array {
  const y = new Float64Array(a.rows * k);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * k;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
      const v = a.values[p];
      const xo = a.colIndex[p] * k;
      for (let c = 0; c < k; c++) y[yo + c] += v * x[xo + c];
    }
  }
  return y;
}

/** Z (cols × k) = Aᵀ · Y (rows × k), all row-major. */
export function csrTransposeTimes(a: Csr, y: Float64Array, k: number): Float64Array {
  const z = new Float64Array(a.cols * k);
  for (let i = 0; i < a.rows; i++) {
    const yo = i * k;
    for (let p = a.rowStart[i]; p < a.rowStart[i + 1]; p++) {
      const v = a.values[p];
      const zo = a.colIndex[p] * k;
      for (let c = 0; c < k; c++) z[zo + c] += v * y[yo + c];
    }
  }
  return z;
}

/**
 * Orthonormalise the k columns of a row-major n × k block in place (modified Gram-Schmidt, on a
 * column-major copy so the inner loops are contiguous; a second pass restores the accuracy one
 * pass loses on nearly dependent columns). A column that vanishes is left zero.
 */
export function orthonormalize(m: Float64Array, n: number, k: number, passes = 2): void {
  const cols: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = m[i * k + c];
    cols.push(col);
  }
  for (let pass = 0; pass < passes; pass++) {
    for (let c = 0; c < k; c++) {
      const cc = cols[c];
      for (let b = 0; b < c; b++) {
        const cb = cols[b];
        let dot = 0;
        for (let i = 0; i < n; i++) dot += cb[i] * cc[i];
        if (dot !== 0) for (let i = 0; i < n; i++) cc[i] -= dot * cb[i];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += cc[i] * cc[i];
      norm = Math.sqrt(norm);
      const inv = norm > 1e-12 ? 1 / norm : 0;
      for (let i = 0; i < n; i++) cc[i] *= inv;
    }
  }
  for (let c = 0; c < k; c++) {
    const col = cols[c];
    for (let i = 0; i < n; i++) m[i * k + c] = col[i];
  }
}

/**
 * Eigen-decomposition of a symmetric k × k matrix (row-major, not modified) by cyclic Jacobi
 * rotations. Returns the eigenvalues descending and the eigenvectors as the columns of a
 * row-major k × k matrix in the same order.
 */
export function symmetricEigen(sym: Float64Array, k: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(sym);
  const v = new Float64Array(k * k);
  for (let i = 0; i < k; i++) v[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < k; i++) {
      diag += a[i * k + i] * a[i * k + i];
      for (let j = i + 1; j < k; j++) off += a[i * k + j] * a[i * k + j];
    }
    if (off <= 1e-22 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < k; r++) {
          // columns p and q of A
          const arp = a[r * k + p];
          const arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          // rows p and q of A
          const apr = a[p * k + r];
          const aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = v[r * k + p];
          const vrq = v[r * k + q];
          v[r * k + p] = c * vrp - s * vrq;
          v[r * k + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((x, y) => a[y * k + y] - a[x * k + x]);
  const values = new Float64Array(k);
  const vectors = new Float64Array(k * k);
  order.forEach((src, dst) => {
    values[dst] = a[src * k + src];
    for (let r = 0; r < k; r++) vectors[r * k + dst] = v[r * k + src];
  });
  return { values, vectors };
}

/** Deterministic standard normal draws (mulberry32 + Box-Muller). */
function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

/** The `rank` largest singular values of A and their left singular vectors. */
export function truncatedSvd(a: Csr, opts: SvdOptions): TruncatedSvd {
  const rank = Math.min(opts.rank, a.rows, a.cols);
  const l = Math.min(rank + (opts.oversample ?? 10), a.rows, a.cols);
  const draw = gaussian(opts.seed ?? 1);
  const omega = new Float64Array(a.cols * l);
  for (let i = 0; i < omega.length; i++) omega[i] = draw();
  // the power iterations only need a well-conditioned basis (one Gram-Schmidt pass); the basis
  // the result is read from gets two
  const iterations = opts.iterations ?? 4;
  let q = csrTimes(a, omega, l);
  orthonormalize(q, a.rows, l, iterations ? 1 : 2);
  for (let it = 0; it < iterations; it++) {
    const z = csrTransposeTimes(a, q, l);
    orthonormalize(z, a.cols, l, 1);
    q = csrTimes(a, z, l);
    orthonormalize(q, a.rows, l, it === iterations - 1 ? 2 : 1);
  }
  // B = Qᵀ A (l × cols) is held as its transpose Bt = Aᵀ Q (cols × l); B Bᵀ = Btᵀ Bt.
  const bt = csrTransposeTimes(a, q, l);
  const bbt = new Float64Array(l * l);
  for (let i = 0; i < a.cols; i++) {
    const o = i * l;
    for (let x = 0; x < l; x++) {
      const bx = bt[o + x];
      if (bx === 0) continue;
      for (let y = x; y < l; y++) bbt[x * l + y] += bx * bt[o + y];
    }
  }
  for (let x = 0; x < l; x++) for (let y = 0; y < x; y++) bbt[x * l + y] = bbt[y * l + x];
  const { values, vectors } = symmetricEigen(bbt, l);
  // U = Q W, first `rank` columns
  const u = new Float64Array(a.rows * rank);
  for (let i = 0; i < a.rows; i++) {
    for (let c = 0; c < rank; c++) {
      let sum = 0;
      for (let x = 0; x < l; x++) sum += q[i * l + x] * vectors[x * l + c];
      u[i * rank + c] = sum;
    }
  }
  const s = new Float64Array(rank);
  for (let c = 0; c < rank; c++) s[c] = Math.sqrt(Math.max(values[c], 0));
  return { u, s, rank };
}
