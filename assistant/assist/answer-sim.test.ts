// answerNeighbours: past orders ranked by how close their resolution is to a new question.
import { describe, expect, it } from 'vitest';
import type { Knowledge, PastOrder } from '../../knowledge/types';
import { answerNeighbours, grams } from './answer-sim';

const order = (id: number, resolution: string | undefined): PastOrder & { id: number } => ({ id, question: `问题${id}`, resolution, cited: [] });

describe('answer similarity', () => {
  it('counts characters and adjacent pairs, without punctuation or spaces', () => {
    const g = grams('拖欠 工资，工资！');
    expect(g.get('工')).toBe(2);
    expect(g.get('工资')).toBe(2);
    expect(g.get('欠工')).toBe(1); // the space is dropped before pairing
    expect(g.has('，')).toBe(false);
    expect(g.has(' ')).toBe(false);
  });

  it('ranks the order whose resolution restates the rule first; each order once, none without a resolution', () => {
    const k = {} as Knowledge;
    const orders = [
      order(1, '离婚后子女抚养费由父母协商确定。'),
      order(2, '用人单位拖欠劳动报酬的，劳动者可以依法向人民法院申请支付令。'),
      order(3, undefined),
      order(2, '用人单位拖欠劳动报酬的，劳动者可以依法向人民法院申请支付令。'),
      order(4, '交通事故由保险公司在强制保险责任限额范围内予以赔偿。'),
    ];
    const r = answerNeighbours(k, '单位拖欠劳动报酬怎么申请支付令', orders, 5);
    expect(r[0].order.id).toBe(2);
    expect(r.map((a) => a.order.id)).not.toContain(3);
    expect(new Set(r.map((a) => a.order.id)).size).toBe(r.length);
    for (const a of r) {
      expect(a.sim).toBeGreaterThan(0);
      expect(a.sim).toBeLessThanOrEqual(1 + 1e-9);
    }
    expect(answerNeighbours(k, '单位拖欠劳动报酬怎么申请支付令', orders, 1)).toHaveLength(1);
    expect(answerNeighbours(k, '', orders, 5)).toEqual([]);
  });
});
