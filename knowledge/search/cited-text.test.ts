import { describe, expect, it } from 'vitest';
import { answerOf, CitedTextIndex } from './cited-text';
import { OrderIndex } from './orders';

function orders(list: { question: string; resolution?: string }[]) {
  const o = new OrderIndex();
  list.forEach((x, i) => o.add({ id: i + 1, question: x.question, resolution: x.resolution, cited: [] }));
  return o.orders;
}

describe('cited text (past questions and answers per cited article)', () => {
  it('finds an article through the words of the orders that cited it', () => {
    const [a, b, c] = orders([
      { question: '老板拖欠工资三个月不给怎么办', resolution: '用人单位应当按时足额支付劳动报酬' },
      { question: '离婚后孩子抚养费怎么算', resolution: '不直接抚养子女的一方应当负担部分或者全部抚养费' },
      { question: '公司一直不发工资可以辞职吗' },
    ]);
    const ix = new CitedTextIndex();
    ix.add(a, [7]);
    ix.add(b, [3, -1]);
    ix.add(c, [7, 9]);
    expect(ix.size).toBe(3);
    const hits = ix.search(['工资', '不发'], [], 10);
    expect(hits.docs[0]).toBe(7); // cited by both wage questions
    expect(hits.docs).not.toContain(3);
    expect(hits.scores[0]).toBeGreaterThan(hits.scores[1] ?? 0);
    // the answers are searchable too (second field)
    expect(ix.search(['抚养费'], [], 10).docs).toEqual([3]);
    expect(ix.search(['劳动报酬'], [], 10).docs).toEqual([7]);
  });

  it('respects the filter mask and stays empty without orders', () => {
    const [a] = orders([{ question: '拖欠工资' }]);
    const ix = new CitedTextIndex();
    expect(ix.search(['工资'], [], 5)).toEqual({ docs: [], scores: [] });
    ix.add(a, [2, 4]);
    const allow = new Uint8Array(5);
    allow[4] = 1;
    expect(ix.search(['工资'], [], 5, allow).docs).toEqual([4]);
  });

  it('sees an order added after a search at once, with the same scores as a fresh index', () => {
    const [a, b, c] = orders([
      { question: '拖欠工资怎么办', resolution: '申请劳动仲裁' },
      { question: '工资一直不发', resolution: '支付劳动报酬' },
      { question: '离婚抚养费' },
    ]);
    const grown = new CitedTextIndex();
    grown.add(a, [5]);
    grown.add(c, [2]);
    expect(grown.search(['工资'], [], 10).docs).toEqual([5]);
    grown.add(b, [8, 5]);
    const fresh = new CitedTextIndex();
    fresh.add(a, [5]);
    fresh.add(c, [2]);
    fresh.add(b, [8, 5]);
    const after = grown.search(['工资', '劳动报酬'], ['#工资'], 10);
    expect(after.docs).toEqual([5, 8]);
    expect(after).toEqual(fresh.search(['工资', '劳动报酬'], ['#工资'], 10));
    // a search leaves nothing behind for the next one
    expect(grown.search(['抚养费'], [], 10)).toEqual(fresh.search(['抚养费'], [], 10));
  });

  it('segments an answer once and tolerates orders without one', () => {
    const [a, b] = orders([{ question: 'q', resolution: '用人单位支付经济补偿' }, { question: 'q2' }]);
    expect(answerOf(a)).toBe(answerOf(a));
    expect(answerOf(a).words).toContain('用人单位');
    expect(answerOf(b)).toEqual({ words: [], bigrams: [] });
  });
});
