import { describe, expect, it } from 'vitest';
import { DEFAULT_RERANK_SETTINGS } from '../knowledge/search/rerank';
import { averageSplits, parseSetting } from './rerank';

describe('eval:rerank settings', () => {
  it('fills what a setting leaves out from the shipped defaults, tree options field by field', () => {
    expect(parseSetting('{}')).toEqual(DEFAULT_RERANK_SETTINGS);
    const s = parseSetting('{"trees":{"depth":4},"top":400}');
    expect(s.top).toBe(400);
    expect(s.trees).toEqual({ ...DEFAULT_RERANK_SETTINGS.trees, depth: 4 });
    expect(s.head).toBe(DEFAULT_RERANK_SETTINGS.head);
    expect(parseSetting('{"exclude":{"trees":["word_soft_rel"]}}').exclude).toEqual({ trees: ['word_soft_rel'] });
  });

  it('refuses bad JSON, non-objects and unknown fields with a message naming the problem', () => {
    expect(() => parseSetting('{depth:3}')).toThrow(/not JSON/);
    expect(() => parseSetting('[1]')).toThrow(/JSON object/);
    expect(() => parseSetting('{"depth":3}')).toThrow(/unknown field "depth"/);
  });
});

describe('eval:rerank splits', () => {
  const outcome = (r100: number, rr: number) => ({ recall: { 1: 0, 5: 0, 10: r100, 20: r100, 100: r100 }, rr });

  it('averages every figure over the splits and lists R@100 per split', () => {
    const a = [outcome(1, 1), outcome(0.5, 0)];
    const b = [outcome(0, 0), outcome(0.5, 0.5)];
    const m = averageSplits([a, b]);
    expect(m.queries).toBe(2);
    expect(m['recall@100']).toBe(0.5);
    expect(m.mrr).toBe(0.375);
    expect(m.split_r100).toEqual([0.75, 0.25]);
  });

  it('with one split gives the plain figures and no per-split list', () => {
    const m = averageSplits([[outcome(1, 0.5), outcome(0, 0)]]);
    expect(m).toMatchObject({ queries: 2, 'recall@100': 0.5, mrr: 0.25 });
    expect(m.split_r100).toBeUndefined();
  });
});
