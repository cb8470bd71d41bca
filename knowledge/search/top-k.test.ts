import { describe, expect, it } from 'vitest';
import { topKeys } from './top-k';

describe('topKeys', () => {
  it('gives the same order as a full sort by score, ties by the smaller key', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [0, 1, 5, 50, 400]) {
      const score = new Float64Array(1000);
      // few distinct values, so ties are common
      const keys = Array.from({ length: n }, () => Math.floor(rand() * 1000)).filter((v, i, a) => a.indexOf(v) === i);
      for (const key of keys) score[key] = Math.floor(rand() * 8);
      const full = [...keys].sort((a, b) => score[b] - score[a] || a - b);
      for (const k of [1, 3, 10, 200, 1000]) expect(topKeys(keys, score, k)).toEqual(full.slice(0, k));
    }
  });

  it('returns nothing for k ≤ 0', () => {
    expect(topKeys([1, 2], new Float64Array(3).fill(1), 0)).toEqual([]);
  });
});
