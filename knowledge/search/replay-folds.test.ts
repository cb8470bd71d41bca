import { describe, expect, it } from 'vitest';
import { replayFolds } from './replay-folds';

const sizes = (f: Uint32Array, folds: number) => {
  const s = new Array(folds).fill(0);
  for (const k of f) s[k]++;
  return s;
};

describe('replay folds', () => {
  it('split 0 is position mod folds (what the engine trains on)', () => {
    expect([...replayFolds(7, 3)]).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect([...replayFolds(7, 3, 0)]).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('other splits are balanced, deterministic, and differ from split 0 and from each other', () => {
    const n = 1145;
    const a = replayFolds(n, 10, 1);
    const b = replayFolds(n, 10, 2);
    for (const f of [a, b]) {
      const s = sizes(f, 10);
      expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
    }
    expect([...replayFolds(n, 10, 1)]).toEqual([...a]);
    const same = (x: Uint32Array, y: Uint32Array) => x.filter((v, i) => v === y[i]).length / n;
    // a shuffled split shares about 1 / folds of its assignments with any other split
    expect(same(a, replayFolds(n, 10, 0))).toBeLessThan(0.2);
    expect(same(a, b)).toBeLessThan(0.2);
  });

  it('refuses a bad fold count or split', () => {
    expect(() => replayFolds(5, 0)).toThrow(/folds/);
    expect(() => replayFolds(5, 3, -1)).toThrow(/split/);
    expect(() => replayFolds(5, 3, 1.5)).toThrow(/split/);
  });
});
