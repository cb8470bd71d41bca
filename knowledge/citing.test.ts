import { afterEach, describe, expect, it } from 'vitest';
import { openKnowledge } from './index';
import { makeFixtureStore, type Fixture } from './search/fixture';
import type { Knowledge } from './types';

const LCL = '中华人民共和国劳动合同法';
let fx: Fixture | undefined;
let k: Knowledge | undefined;

afterEach(() => {
  k?.close();
  fx?.cleanup();
  k = undefined;
  fx = undefined;
});

describe('Knowledge.pastOrdersCiting', () => {
  it('finds the stored orders citing an article (short law names resolve), per ref, each order once', async () => {
    fx = makeFixtureStore();
    k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
    expect(k.pastOrdersCiting([{ law: '劳动合同法', article: '第三十条' }]).map((o) => o.externalId)).toEqual(['o1']);
    // o2 cites both 第三十八条 and 第四十七条: returned once, under the first ref
    const both = k.pastOrdersCiting([
      { law: LCL, article: '第三十八条' },
      { law: LCL, article: '第四十七条' },
      { law: LCL, article: '第八十二条' },
    ]);
    expect(both.map((o) => o.externalId)).toEqual(['o2', 'o8']);
    expect(both[0].cited).toContainEqual({ law: LCL, article: '第四十七条' });
    expect(k.pastOrdersCiting([{ law: LCL, article: '第九十九条' }])).toEqual([]);
  });

  it('sees orders learned after the first lookup, newest first, at most perRef per article', async () => {
    fx = makeFixtureStore();
    k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
    expect(k.pastOrdersCiting([{ law: LCL, article: '第三十条' }])).toHaveLength(1); // map built now
    const a = k.addPastOrder({ question: '申请支付令要带什么材料', cited: [{ law: '劳动合同法', article: '第三十条' }], source: 'live' });
    const b = k.addPastOrder({ question: '工资被扣了一半去哪里投诉', cited: [{ law: LCL, article: '第三十条' }], source: 'live' });
    expect(k.pastOrdersCiting([{ law: LCL, article: '第三十条' }], 2).map((o) => o.id)).toEqual([b, a]);
    expect(k.pastOrdersCiting([{ law: LCL, article: '第三十条' }]).map((o) => o.externalId ?? o.id)).toEqual([b, a, 'o1']);
    k.reload(); // rebuilt from the store: same answer
    expect(k.pastOrdersCiting([{ law: LCL, article: '第三十条' }]).map((o) => o.id)).toHaveLength(3);
  });
});
