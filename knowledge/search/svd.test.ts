import { describe, expect, it } from 'vitest';
import { csrTimes, csrTransposeTimes, orthonormalize, symmetricEigen, truncatedSvd, type Csr } from './svd';

function csrOf(dense: number[][]): Csr {
  const rowStart = [0];
  const colIndex: number[] = [];
  const values: number[] = [];
  for (const row of dense) {
    row.forEach((v, j) => {
      if (v !== 0) {
        colIndex.push(j);
        values.push(v);
      }
    });
    rowStart.push(colIndex.length);
  }
  return {
    rows: dense.length,
    cols: dense[0].length,
    rowStart: Int32Array.from(rowStart),
    colIndex: Int32Array.from(colIndex),
    values: Float64Array.from(values),
  };
}

/** A deterministic sparse matrix: about a third of the cells hold a value in [-1, 1). */
function sparseDense(rows: number, cols: number, seed: number): number[][] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => (next() < 0.35 ? next() * 2 - 1 : 0)));
}

describe('csr products', () => {
  it('multiply by a block and by the transpose as dense algebra does', () => {
    const d = [
      [1, 0, 2],
      [0, 3, 0],
    ];
    const a = csrOf(d);
    // X is 3 × 2 row-major
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
    expect([...csrTimes(a, x, 2)]).toEqual([1 * 1 + 2 * 5, 1 * 2 + 2 * 6, 3 * 3, 3 * 4]);
    const y = Float64Array.from([1, 2, 3, 4]);
    expect([...csrTransposeTimes(a, y, 2)]).toEqual([1, 2, 9, 12, 2, 4]);
  });
});

describe('orthonormalize', () => {
  it('gives orthonormal columns spanning the same space', () => {
    const n = 6;
    const k = 3;
    const m = Float64Array.from([1, 1, 0, 1, 2, 1, 0, 1, 3, 2, 0, 1, 1, 1, 1, 0, 2, 5]);
    const orig = Float64Array.from(m);
    orthonormalize(m, n, k);
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += m[i * k + a] * m[i * k + b];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    // each original column is reproduced by its projection on the new basis
    for (let c = 0; c < k; c++) {
      const proj = new Float64Array(n);
      for (let b = 0; b < k; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += m[i * k + b] * orig[i * k + c];
        for (let i = 0; i < n; i++) proj[i] += dot * m[i * k + b];
      }
      for (let i = 0; i < n; i++) expect(proj[i]).toBeCloseTo(orig[i * k + c], 10);
    }
  });
});

describe('symmetricEigen', () => {
  it('reconstructs the matrix from descending eigenpairs', () => {
    const k = 5;
    const d = sparseDense(k, k, 7);
    const sym = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sym[i * k + j] = d[i][j] + d[j][i];
    const { values, vectors } = symmetricEigen(sym, k);
    for (let i = 1; i < k; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
    for (let i = 0; i < k; i++)
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let c = 0; c < k; c++) sum += vectors[i * k + c] * values[c] * vectors[j * k + c];
        expect(sum).toBeCloseTo(sym[i * k + j], 9);
      }
  });
});

describe('truncatedSvd', () => {
  it('finds the singular values of a permuted diagonal matrix and its unit singular vectors', () => {
    // rows 0..5, value i+1 at column (i * 5) % 6 of row i: singular values 6..1
    const d = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (j === (i * 5) % 6 ? i + 1 : 0)));
    const r = truncatedSvd(csrOf(d), { rank: 3, oversample: 3 });
    expect([...r.s].map((v) => Number(v.toFixed(8)))).toEqual([6, 5, 4]);
    // the first left singular vector is ±e5 (row 5 holds the 6)
    expect(Math.abs(r.u[5 * 3 + 0])).toBeCloseTo(1, 8);
  });

  it('agrees with the eigenvalues of A·Aᵀ on a random sparse matrix', () => {
    const d = sparseDense(30, 20, 3);
    const r = truncatedSvd(csrOf(d), { rank: 8, oversample: 12, iterations: 6 });
    const n = 30;
    const aat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let c = 0; c < 20; c++) aat[i * n + j] += d[i][c] * d[j][c];
    const { values } = symmetricEigen(aat, n);
    for (let c = 0; c < 8; c++) expect(r.s[c]).toBeCloseTo(Math.sqrt(values[c]), 6);
    // left singular vectors are orthonormal and satisfy ‖Aᵀ u‖ = s
    for (let c = 0; c < 8; c++) {
      let norm2 = 0;
      for (let j = 0; j < 20; j++) {
        let v = 0;
        for (let i = 0; i < n; i++) v += d[i][j] * r.u[i * 8 + c];
        norm2 += v * v;
      }
      expect(Math.sqrt(norm2)).toBeCloseTo(r.s[c], 6);
    }
  });
});
