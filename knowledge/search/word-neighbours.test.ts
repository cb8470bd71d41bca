import { describe, expect, it } from 'vitest';
import { buildWordNeighbours, neighbourSim } from './word-neighbours';

/** int8 rows (× 127) of the given unit-length vectors. */
function quantised(vectors: number[][]): Int8Array {
  const dim = vectors[0].length;
  const out = new Int8Array(vectors.length * dim);
  vectors.forEach((v, w) => {
    const n = Math.hypot(...v);
    v.forEach((x, c) => (out[w * dim + c] = Math.round((x / n) * 127)));
  });
  return out;
}

describe('word neighbours', () => {
  // two groups of words: 0–2 point one way, 3–5 another, 6 is alone
  const vectors = [
    [1, 0.1, 0, 0],
    [1, 0.2, 0, 0],
    [1, 0, 0.3, 0],
    [0, 1, 0.1, 0],
    [0, 1, 0, 0.2],
    [0.1, 1, 0, 0],
    [0, 0, 0, 1],
  ];
  const words = quantised(vectors);

  it('lists the nearest other words first, with their similarity, never the word itself', () => {
    const n = buildWordNeighbours(words, vectors.length, 4, 3);
    expect(n.k).toBe(3);
    for (let w = 0; w < vectors.length; w++) {
      const row = [...n.ids.subarray(w * 3, w * 3 + 3)];
      expect(row).not.toContain(w);
      const sims = row.map((_, i) => neighbourSim(n, w * 3 + i));
      expect([...sims].sort((a, b) => b - a)).toEqual(sims);
    }
    expect(new Set(n.ids.subarray(0, 2))).toEqual(new Set([1, 2]));
    expect(new Set(n.ids.subarray(3 * 3, 3 * 3 + 2))).toEqual(new Set([4, 5]));
    const cos01 = (1 + 0.02) / (Math.hypot(1, 0.1) * Math.hypot(1, 0.2));
    expect(neighbourSim(n, n.ids.subarray(0, 3).indexOf(1))).toBeCloseTo(cos01, 1);
  });

  it('is deterministic', () => {
    const a = buildWordNeighbours(words, vectors.length, 4, 3);
    const b = buildWordNeighbours(words, vectors.length, 4, 3);
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.sims]).toEqual([...b.sims]);
  });

  it('narrows the rows to the vocabulary and handles one or no word', () => {
    expect(buildWordNeighbours(words, vectors.length, 4, 50).k).toBe(6);
    const one = buildWordNeighbours(words.subarray(0, 4), 1, 4);
    expect(one.k).toBe(0);
    expect(one.ids.length).toBe(0);
    expect(buildWordNeighbours(new Int8Array(0), 0, 4).k).toBe(0);
  });
});
