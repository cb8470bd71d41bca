import { describe, expect, it } from 'vitest';
import { ppmiMatrix, trainWordVectors, WORD_VECTOR_OPTIONS, type WordVectors } from './word-vectors';

/** Cosine of two words (0 when either is unknown). */
function wordSimilarity(wv: WordVectors, a: string, b: string): number {
  const x = wv.ids.get(a);
  const y = wv.ids.get(b);
  if (x === undefined || y === undefined) return 0;
  let dot = 0;
  for (let c = 0; c < wv.dim; c++) dot += wv.vectors[x * wv.dim + c] * wv.vectors[y * wv.dim + c];
  return dot;
}

/** The k words closest to `word`. */
function nearestWords(wv: WordVectors, word: string, k: number): string[] {
  const x = wv.ids.get(word);
  if (x === undefined) return [];
  const scored: [number, number][] = [];
  for (let y = 0; y < wv.vocab.length; y++) if (y !== x) scored.push([y, wordSimilarity(wv, word, wv.vocab[y])]);
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([y]) => wv.vocab[y]);
}

/** Two topics; within each, two words always occur in the same contexts. */
function corpus(): string[][] {
  const out: string[][] = [];
  const road = ['发生', '责任', '赔偿', '保险', '驾驶', '机动车', '认定'];
  const wage = ['拖欠', '用人单位', '支付', '劳动者', '足额', '按月', '仲裁'];
  for (let i = 0; i < 40; i++) {
    const r = road[i % road.length];
    const r2 = road[(i + 3) % road.length];
    const w = wage[i % wage.length];
    const w2 = wage[(i + 3) % wage.length];
    out.push([r, i % 2 ? '车祸' : '交通事故', r2]);
    out.push([w, i % 2 ? '工资' : '劳动报酬', w2]);
  }
  out.push(['罕见词']);
  return out;
}

describe('ppmiMatrix', () => {
  it('computes PMI with smoothed context counts and keeps only positive entries', () => {
    const ids = new Map([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
    // a b (distance 1, weight 1), a c (distance 2, weight 0.5), b c (distance 1, weight 1)
    const m = ppmiMatrix([['a', 'b', 'c']], ids, { ...WORD_VECTOR_OPTIONS, window: 2 });
    const row = (x: number) =>
      Object.fromEntries(Array.from({ length: m.rowStart[x + 1] - m.rowStart[x] }, (_, k) => [m.colIndex[m.rowStart[x] + k], m.values[m.rowStart[x] + k]]));
    // row sums: a 1.5, b 2, c 1.5; context mass pow(·, 0.75)
    const ctx = [1.5, 2, 1.5].map((v) => Math.pow(v, 0.75));
    const total = ctx.reduce((s, v) => s + v, 0);
    const pmi = (c: number, x: number, y: number) => Math.log((c * total) / ([1.5, 2, 1.5][x] * ctx[y]));
    expect(row(0)[1]).toBeCloseTo(pmi(1, 0, 1), 10);
    expect(row(1)[2]).toBeCloseTo(pmi(1, 1, 2), 10);
    expect(row(0)[2]).toBeCloseTo(pmi(0.5, 0, 2), 10);
    expect(row(2)[0]).toBeCloseTo(pmi(0.5, 2, 0), 10);
  });

  it('drops pairs that co-occur less than chance', () => {
    const ids = new Map(['a', 'b', 'c'].map((w, i) => [w, i] as [string, number]));
    // a–b six times, a–c once, b–c once (window 1)
    const sents = [...Array(6).fill(['a', 'b']), ['a', 'c'], ['b', 'c']];
    const m = ppmiMatrix(sents, ids, { ...WORD_VECTOR_OPTIONS, window: 1 });
    const c = [
      [0, 6, 1],
      [6, 0, 1],
      [1, 1, 0],
    ];
    const sums = c.map((r) => r.reduce((s, v) => s + v, 0));
    const ctx = sums.map((v) => Math.pow(v, 0.75));
    const total = ctx.reduce((s, v) => s + v, 0);
    for (let x = 0; x < 3; x++) {
      const stored = new Map<number, number>();
      for (let p = m.rowStart[x]; p < m.rowStart[x + 1]; p++) stored.set(m.colIndex[p], m.values[p]);
      for (let y = 0; y < 3; y++) {
        const pmi = c[x][y] ? Math.log((c[x][y] * total) / (sums[x] * ctx[y])) : -Infinity;
        if (pmi > 0) expect(stored.get(y)).toBeCloseTo(pmi, 10);
        else expect(stored.has(y)).toBe(false);
      }
    }
    // the rare a–c pair is below chance for a (a's mass is mostly b), so it is dropped
    expect(Math.log((1 * total) / (sums[0] * ctx[2]))).toBeLessThan(0);
  });
});

describe('trainWordVectors', () => {
  it('puts words used in the same contexts next to each other', () => {
    const wv = trainWordVectors(corpus(), { dim: 4 });
    expect(wv.ids.has('罕见词')).toBe(false); // below minCount
    expect(wordSimilarity(wv, '车祸', '交通事故')).toBeGreaterThan(0.9);
    expect(wordSimilarity(wv, '工资', '劳动报酬')).toBeGreaterThan(0.9);
    expect(wordSimilarity(wv, '车祸', '工资')).toBeLessThan(0.3);
    expect(nearestWords(wv, '车祸', 1)).toEqual(['交通事故']);
    expect(wordSimilarity(wv, '车祸', '罕见词')).toBe(0);
    for (let w = 0; w < wv.vocab.length; w++) {
      let norm = 0;
      for (let c = 0; c < wv.dim; c++) norm += wv.vectors[w * wv.dim + c] ** 2;
      expect(norm).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic', () => {
    const a = trainWordVectors(corpus(), { dim: 4 });
    const b = trainWordVectors(corpus(), { dim: 4 });
    expect([...a.vectors]).toEqual([...b.vectors]);
  });

  it('handles an empty corpus', () => {
    const wv = trainWordVectors([[], ['孤词']]);
    expect(wv.vocab).toEqual([]);
    expect(nearestWords(wv, '孤词', 3)).toEqual([]);
  });
});
