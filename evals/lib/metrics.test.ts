import { describe, expect, it } from 'vitest';
import { foldOf, percentile, scoreRanking, summarise } from './metrics';

const L = '中华人民共和国劳动合同法';
const ref = (a: string) => ({ law: L, article: a });

describe('retrieval metrics', () => {
  it('counts a gold article when law and number match, averaged over the gold set', () => {
    const ranked = [ref('第一条'), ref('第三十条'), { law: '其他法', article: '第三十八条' }, ref('第三十八条')];
    const o = scoreRanking(ranked, [ref('第三十条'), ref('第三十八条')]);
    expect(o.recall[1]).toBe(0);
    expect(o.recall[5]).toBe(1);
    expect(o.rr).toBe(0.5);
  });

  it('recall at 10 ignores hits after rank 10', () => {
    const ranked = Array.from({ length: 12 }, (_, i) => ref(`第${i}条`));
    const o = scoreRanking(ranked, [ref('第11条')]);
    expect(o.recall[10]).toBe(0);
    expect(o.recall[20]).toBe(1);
    expect(o.rr).toBeCloseTo(1 / 12);
  });

  it('summarises means and latency percentiles', () => {
    const s = summarise([scoreRanking([ref('a')], [ref('a')]), scoreRanking([], [ref('a')])], [1, 3]);
    expect(s.queries).toBe(2);
    expect(s['recall@1']).toBe(0.5);
    expect(s.mrr).toBe(0.5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(foldOf(7, 5)).toBe(2);
  });
});
