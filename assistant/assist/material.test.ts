// similarOrdersFor on a real store (the knowledge fixture): orders are found by wording and by the
// articles the search ranks highest, and each says why in words staff can check.
import { afterEach, describe, expect, it } from 'vitest';
import { openKnowledge } from '../../knowledge/index';
import { makeFixtureStore, type Fixture } from '../../knowledge/search/fixture';
import type { Knowledge } from '../../knowledge/types';
import { gatherMaterial } from './material';

const LCL = '中华人民共和国劳动合同法';
let fx: Fixture | undefined;
let k: Knowledge | undefined;

afterEach(() => {
  k?.close();
  fx?.cleanup();
  k = undefined;
  fx = undefined;
});

describe('gatherMaterial similar orders', () => {
  it('adds a past order that cites the top-ranked article even when its wording shares nothing with the question', async () => {
    fx = makeFixtureStore();
    k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
    const unlike = k.addPastOrder({
      question: '申请支付令要带什么材料',
      resolution: '携带劳动合同、考勤记录向基层法院申请支付令。',
      cited: [{ law: LCL, article: '第三十条' }],
      source: 'live',
    });
    const question = '老板拖欠工资三个月了';
    expect((await k.similarOrders(question, 400)).map((s) => s.order.id)).not.toContain(unlike); // not by wording

    const m = await gatherMaterial(k, { question });
    expect(m.laws[0]).toMatchObject({ law: LCL, article: '第三十条' });
    const first = m.similarOrders[0];
    expect(first.cited).toContainEqual({ law: LCL, article: '第三十条' });
    expect(first.why[0]).toBe('引用了检索排名第1的 劳动合同法 第三十条');
    const found = m.similarOrders.find((o) => o.id === unlike);
    expect(found).toBeDefined();
    expect(found!.score).toBe(0); // no text similarity claimed
    expect(found!.why).toContain('引用了检索排名第1的 劳动合同法 第三十条');
    expect(found!.why).toContain('表述与本问题不同，但适用同一法条');
    expect(found!.why.join(' ')).not.toMatch(/共同词/);
    // five distinct orders at most, no duplicates
    expect(new Set(m.similarOrders.map((o) => o.id)).size).toBe(m.similarOrders.length);
    expect(m.similarOrders.length).toBeLessThanOrEqual(5);
  });

  it('says so when an order\'s resolution is close to the question, and only then', async () => {
    fx = makeFixtureStore();
    k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
    const near = k.addPastOrder({
      question: '申请支付令要带什么材料',
      resolution: '老板拖欠工资的，可携带劳动合同、考勤记录向基层法院申请支付令。',
      cited: [{ law: LCL, article: '第三十条' }],
      source: 'live',
    });
    const far = k.addPastOrder({ question: '支付令的申请期限', resolution: '自收到之日起十五日内提出书面异议。', cited: [{ law: LCL, article: '第三十条' }], source: 'live' });
    const m = await gatherMaterial(k, { question: '老板拖欠工资三个月了' });
    const n = m.similarOrders.find((o) => o.id === near);
    expect(n?.why).toContain('答复内容与本问题相近');
    expect(m.similarOrders.find((o) => o.id === far)?.why ?? []).not.toContain('答复内容与本问题相近');
    for (const o of m.similarOrders) for (const w of o.why) expect(w).toMatch(/[\u4e00-\u9fff]/); // staff read Chinese
  });

  it('degrades to the orders found by wording when the citation lookup fails', async () => {
    fx = makeFixtureStore();
    const real = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
    k = real;
    const unlike = real.addPastOrder({ question: '申请支付令要带什么材料', cited: [{ law: LCL, article: '第三十条' }], source: 'live' });
    const broken: Knowledge = { ...real, pastOrdersCiting: () => { throw new Error('store gone'); } };
    const m = await gatherMaterial(broken, { question: '老板拖欠工资三个月了' });
    expect(m.similarOrders.length).toBeGreaterThan(0);
    expect(m.similarOrders.map((o) => o.id)).not.toContain(unlike);
  });
});
