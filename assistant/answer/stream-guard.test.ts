import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFixtureKnowledge } from '../../knowledge/search/fixture';
import type { Knowledge } from '../../knowledge/types';
import { StreamGuard } from './stream-guard';

let k: Knowledge;
let close: () => void;
beforeAll(async () => {
  ({ k, close } = await openFixtureKnowledge());
});
afterAll(() => close());

describe('StreamGuard', () => {
  it('never emits an invented article, even when the mention is split across deltas', () => {
    const emitted: string[] = [];
    const g = new StreamGuard(k, (t) => emitted.push(t));
    const pieces = ['您好。根据《劳动', '合同法》第九百', '九十九条，公司', '要赔十倍。依据《劳动合同法》第三', '十条，应当及时足额支付', '劳动报酬。'];
    for (const p of pieces) {
      g.push(p);
      expect(emitted.join('')).not.toMatch(/九百|九十九条/);
    }
    const all = g.end();
    expect(emitted.join('')).toBe(all);
    expect(all).not.toContain('第九百九十九条');
    expect(all).not.toContain('十倍'); // the claim resting on the invented article goes with it
    expect(g.dropped).toBe(1);
    expect(all).toContain('《劳动合同法》第三十条');
    expect(g.mentioned.map((c) => c.article)).toEqual(['第三十条']);
    expect(g.removed).toHaveLength(1);
  });

  it('emits sentence by sentence, and releases a long run-on without punctuation', () => {
    const emitted: string[] = [];
    const g = new StreamGuard(k, (t) => emitted.push(t), { maxBuffer: 20 });
    g.push('第一句话。第二句');
    expect(emitted).toEqual(['第一句话。']);
    g.push('话还没完');
    expect(emitted).toHaveLength(1);
    g.push('，' + '很长'.repeat(30));
    expect(emitted.length).toBe(2);
    g.end();
    expect(emitted.join('')).toBe('第一句话。第二句话还没完，' + '很长'.repeat(30));
  });
});
