import { describe, expect, it } from 'vitest';
import { SoftMatcher, softQuery, type SoftQuery } from './soft-match';
import { questionWords, type UnitVectors } from './unit-vectors';

// A hand-made word space: 工资 has the near word 劳动报酬 (0.8) and 奖金 (0.5); 解除 has 辞退 (0.6).
const vocab = ['工资', '劳动报酬', '奖金', '解除', '辞退', '房屋', '用人单位'];
const ids = new Map(vocab.map((w, i) => [w, i]));
const K = 2;
const nIds = new Int32Array(vocab.length * K).fill(-1);
const nSims = new Int8Array(vocab.length * K);
function link(a: string, b: string, sim: number, slot: number) {
  nIds[ids.get(a)! * K + slot] = ids.get(b)!;
  nSims[ids.get(a)! * K + slot] = Math.round(sim * 127);
}
link('工资', '劳动报酬', 0.8, 0);
link('工资', '奖金', 0.5, 1);
link('解除', '辞退', 0.6, 0);
// units: 0 uses 劳动报酬 + 辞退, 1 uses 工资 + 解除, 2 uses 房屋, 3 uses 奖金 + 劳动报酬
const unitLists = [['劳动报酬', '辞退'], ['工资', '解除'], ['房屋'], ['奖金', '劳动报酬']];
const unitWordStart = new Uint32Array(unitLists.length + 1);
unitLists.forEach((l, u) => (unitWordStart[u + 1] = unitWordStart[u] + l.length));
const unitWords = Uint16Array.from(unitLists.flat().map((w) => ids.get(w)!));
const idf = Float32Array.from([2, 3, 2, 1, 2, 2, 1]);
const uv = {
  vocab,
  ids,
  idf,
  unitWordStart,
  unitWords,
  nUnits: unitLists.length,
  neighbours: { k: K, ids: nIds, sims: nSims },
} as unknown as UnitVectors;

const q = (words: string[]): SoftQuery => {
  const w = words.map((x) => ids.get(x)!);
  const weights = w.map((i) => idf[i]);
  return { words: w, weights, total: weights.reduce((a, b) => a + b, 0) };
};

describe('soft match', () => {
  const m = new SoftMatcher(uv);

  it('scores 1 for the words themselves, the neighbour similarity for near words, 0 for none', () => {
    const s = m.score(q(['工资', '解除']), [0, 1, 2, 3]);
    // IDF 2 (工资) and 1 (解除)
    expect(s[1]).toBeCloseTo(1, 5);
    expect(s[0]).toBeCloseTo((2 * (102 / 127) + 1 * (76 / 127)) / 3, 5);
    expect(s[2]).toBe(0);
    // unit 3 has two near words of 工资: the better one counts, once
    expect(s[3]).toBeCloseTo((2 * (102 / 127)) / 3, 5);
  });

  it('leaves no trace between queries', () => {
    m.score(q(['工资', '解除']), [0, 1]);
    const s = m.score(q(['房屋']), [0, 1, 2, 3]);
    expect([...s]).toEqual([0, 0, 1, 0]);
    const again = m.score(q(['工资', '解除']), [0]);
    expect(again[0]).toBeCloseTo((2 * (102 / 127) + 76 / 127) / 3, 5);
  });

  it('reads the question with the corpus segmenter and skips unknown words', () => {
    const sq = softQuery(uv, questionWords(uv, '用人单位不给我工资'))!;
    expect(sq.words.map((i) => vocab[i])).toEqual(expect.arrayContaining(['用人单位', '工资']));
    expect(sq.total).toBeCloseTo(sq.weights.reduce((a, b) => a + b, 0), 6);
    expect(softQuery(uv, questionWords(uv, 'xyz'))).toBeNull();
  });
});
