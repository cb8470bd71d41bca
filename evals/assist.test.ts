import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_ORDERS, makeFixtureStore } from '../knowledge/search/fixture';
import type { PastOrder } from '../knowledge/types';
import { hitAt, runAssistEval } from './assist';

const LCL = '中华人民共和国劳动合同法';

describe('eval:assist', () => {
  it('scores hit@k on cited articles with law names resolved', () => {
    const gold = [{ law: LCL, article: '第三十条' }];
    const resolve = (l: string) => (l === '劳动合同法' ? LCL : l);
    expect(hitAt(1, [{ cited: [{ law: '劳动合同法', article: '第三十条' }] }], gold, resolve)).toBe(true);
    expect(hitAt(1, [{ cited: [] }, { cited: gold }], gold, resolve)).toBe(false);
    expect(hitAt(5, [{ cited: [] }, { cited: gold }], gold, resolve)).toBe(true);
  });

  it('runs k-fold on a real store: past orders that are eval questions are removed, a question never sees itself', async () => {
    const fx = makeFixtureStore(); // holds FIXTURE_ORDERS: the same questions as below → must be removed from the copies
    const dir = mkdtempSync(join(tmpdir(), 'lawline-eval-assist-test-'));
    try {
      const twins: PastOrder[] = [
        { externalId: 'f1', question: '小区里开车把人撞了怎么赔', cited: [{ law: '中华人民共和国道路交通安全法', article: '第七十六条' }] },
        { externalId: 't1', question: '单位拖欠工资两个月了怎么办', cited: [{ law: LCL, article: '第三十条' }] },
        { externalId: 't2', question: '单位没签劳动合同要双倍工资', cited: [{ law: LCL, article: '第八十二条' }] },
      ];
      const orders = [...FIXTURE_ORDERS, ...twins];
      const r = await runAssistEval({ orders, folds: 2, base: fx.dbPath, label: 'fixture', dir });
      expect(r.queries).toBe(orders.length);
      expect(r.past_orders_per_fold).toBeGreaterThanOrEqual(4);
      // round-robin folds: o1 (拖欠工资, fold 0) and t1 (fold 1) share 第三十条; o8 (fold 1) and t2 (fold 0) share 第八十二条
      expect(r['hit@5']).toBeGreaterThan(0);
      expect(r['hit@5']).toBeLessThan(1); // e.g. 彩礼 has no twin: without leakage it cannot hit
      expect(r['hit@1']).toBeLessThanOrEqual(r['hit@5']);
      // the ceiling: questions whose gold article some other-fold order cites (彩礼 has none)
      expect(r['ceiling@any']).toBeGreaterThanOrEqual(r['hit@5']);
      expect(r['ceiling@any']).toBeLessThan(1);
    } finally {
      fx.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
