import { describe, expect, it } from 'vitest';
import { Accumulator } from './accumulator';

describe('Accumulator', () => {
  it('keeps the k best touched documents, best first, honouring the allow mask', () => {
    const a = new Accumulator(10);
    [3, 1, 4, 1, 5, 9, 2, 6].forEach((v, d) => a.add(d, v));
    a.add(1, 10); // doc 1 = 11
    expect(a.top(3).docs).toEqual([1, 5, 7]);
    const allow = new Uint8Array(10).fill(1);
    allow[1] = 0;
    expect(a.top(2, allow)).toEqual({ docs: [5, 7], scores: [9, 6] });
  });

  it('resets only what it touched and can add another run', () => {
    const a = new Accumulator(5);
    const b = new Accumulator(5);
    a.add(2, 1);
    b.add(2, 2);
    b.add(4, 3);
    a.addFrom(b);
    expect(a.top(5)).toEqual({ docs: [2, 4], scores: [3, 3] });
    a.reset();
    expect(a.touched).toBe(0);
    expect(Array.from(a.scores)).toEqual([0, 0, 0, 0, 0]);
  });

  it('resets the same way whether a query touched a few documents or most of them', () => {
    const a = new Accumulator(64);
    for (const touched of [2, 60]) {
      for (let d = 0; d < touched; d++) a.add(d, d + 1);
      a.reset();
      expect(a.touched).toBe(0);
      expect(a.scores.every((v) => v === 0)).toBe(true);
      // marks were cleared too: a document touched again is listed once and scored afresh
      a.add(1, 5);
      a.add(1, 2);
      expect(a.top(64)).toEqual({ docs: [1], scores: [7] });
      a.reset();
    }
  });
});
