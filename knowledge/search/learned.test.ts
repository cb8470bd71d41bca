import { describe, expect, it } from 'vitest';
import { TermAssociations } from './associations';
import { OrderIndex } from './orders';
import { segmentWords } from './segment';

describe('learned term associations', () => {
  it('maps how citizens ask to how the law words it, from past (question, article) pairs', () => {
    const a = new TermAssociations();
    // article term ids: 1 用人单位, 2 劳动报酬, 3 支付, 7 婚姻, 8 子女
    a.add(segmentWords('老板不发工资'), [1, 2, 3]);
    a.add(segmentWords('老板拖欠工资半年'), [1, 2]);
    a.add(segmentWords('工资一直不给'), [2, 3]);
    a.add(segmentWords('离婚孩子归谁'), [7, 8]);
    const ex = a.expand(segmentWords('老板欠我工资'), () => 1, 10);
    const ids = ex.map((e) => e.termId);
    expect(ids.slice(0, 2).sort()).toEqual([1, 2]); // 用人单位 and 劳动报酬 lead
    expect(ids).not.toContain(7);
    expect(ex[0].weight).toBe(1);
    expect(ex.find((e) => e.termId === 2)!.from).toEqual(expect.arrayContaining(['工资']));
  });

  it('keeps equal scores in the order first reached, cuts at top, and starts each call afresh', () => {
    const a = new TermAssociations();
    a.add(['欠薪', '老板'], [30, 20, 10]);
    a.add(['欠薪', '老板'], [30, 20, 10, 40]);
    a.add(['老板'], [50]);
    // 欠薪 reaches 30, 20, 10 (equal) and 40 first; 老板 adds to them and reaches 50 last
    const first = a.expand(['欠薪', '老板'], () => 1, 10);
    expect(first.map((e) => e.termId)).toEqual([30, 20, 10, 40, 50]);
    expect(first.find((e) => e.termId === 40)!.from).toEqual(['欠薪', '老板']);
    expect(first.find((e) => e.termId === 50)!.from).toEqual(['老板']);
    expect(a.expand(['欠薪', '老板'], () => 1, 2).map((e) => e.termId)).toEqual([30, 20]);
    // nothing of the last call's sums is left behind
    expect(a.expand(['欠薪', '老板'], () => 1, 10)).toEqual(first);
  });

  it('an order learned after a query changes what it should and nothing else', () => {
    const build = (n: number) => {
      const a = new TermAssociations();
      const orders: [string[], number[]][] = [
        [['工资', '老板'], [1, 2]],
        [['工资', '老板'], [1, 3]],
        [['彩礼', '退还'], [5, 6]],
        [['彩礼', '退还'], [5]],
        [['工资', '加班'], [4, 2]],
      ];
      orders.slice(0, n).forEach(([q, t]) => a.add(q, t));
      return a;
    };
    const grown = build(4);
    const q = ['工资', '老板', '彩礼'];
    expect(grown.expand(q, () => 1).map((e) => e.termId)).not.toContain(4);
    grown.add(['工资', '加班'], [4, 2]);
    expect(grown.expand(q, () => 1)).toEqual(build(5).expand(q, () => 1));
    expect(grown.expand(q, () => 1).map((e) => e.termId)).toContain(4);
  });

  it('ignores question words seen only once (no generalisation from one order)', () => {
    const a = new TermAssociations();
    a.add(['彩礼'], [5]);
    expect(a.expand(['彩礼'], () => 1)).toEqual([]);
    a.add(['彩礼', '退还'], [5, 6]);
    expect(a.expand(['彩礼'], () => 1).map((e) => e.termId)).toContain(5);
  });
});

describe('similar past orders', () => {
  it('finds the nearest past questions, best first, with normalised similarity', () => {
    const o = new OrderIndex();
    const mk = (id: number, question: string) => ({ id, question, cited: [] });
    o.add(mk(1, '老板拖欠工资三个月不给怎么办'));
    o.add(mk(2, '离婚后孩子抚养费怎么算'));
    o.add(mk(3, '公司不发工资能辞职吗'));
    const q = '公司拖欠工资';
    const nb = o.neighbours(segmentWords(q), [], 3);
    expect(nb.map((n) => o.orders[n.idx].order.id).slice(0, 2).sort()).toEqual([1, 3]);
    expect(nb[0].sim).toBe(1);
    expect(nb.every((n) => n.sim <= 1 && n.sim > 0)).toBe(true);
    expect(nb.map((n) => n.idx)).not.toContain(1); // position 1 = the divorce question
  });
});
