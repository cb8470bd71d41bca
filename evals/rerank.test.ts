import { describe, expect, it } from 'vitest';
import { DEFAULT_RERANK_SETTINGS } from '../knowledge/search/rerank';
import { parseSetting } from './rerank';

describe('eval:rerank settings', () => {
  it('fills what a setting leaves out from the shipped defaults, tree options field by field', () => {
    expect(parseSetting('{}')).toEqual(DEFAULT_RERANK_SETTINGS);
    const s = parseSetting('{"trees":{"depth":4},"top":400}');
    expect(s.top).toBe(400);
    expect(s.trees).toEqual({ ...DEFAULT_RERANK_SETTINGS.trees, depth: 4 });
    expect(s.head).toBe(DEFAULT_RERANK_SETTINGS.head);
  });

  it('refuses bad JSON, non-objects and unknown fields with a message naming the problem', () => {
    expect(() => parseSetting('{depth:3}')).toThrow(/not JSON/);
    expect(() => parseSetting('[1]')).toThrow(/JSON object/);
    expect(() => parseSetting('{"depth":3}')).toThrow(/unknown field "depth"/);
  });
});
