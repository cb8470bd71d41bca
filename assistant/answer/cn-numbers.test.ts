import { describe, expect, it } from 'vitest';
import { normaliseArticle, parseChineseNumber, toChineseNumber } from './cn-numbers';

describe('Chinese numerals', () => {
  it('round-trips the numbers statutes use', () => {
    for (const n of [1, 9, 10, 11, 20, 30, 47, 100, 101, 105, 110, 133, 999, 1000, 1001, 1010, 1260]) {
      expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
    }
    expect(toChineseNumber(105)).toBe('一百零五');
    expect(toChineseNumber(110)).toBe('一百一十');
    expect(toChineseNumber(1260)).toBe('一千二百六十');
    expect(toChineseNumber(15)).toBe('十五');
  });
  it('parses colloquial forms', () => {
    expect(parseChineseNumber('七十')).toBe(70);
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('42')).toBe(42);
    expect(parseChineseNumber('abc')).toBeNull();
  });
  it('normalises article references', () => {
    expect(normaliseArticle('第30条')).toBe('第三十条');
    expect(normaliseArticle('47条')).toBe('第四十七条');
    expect(normaliseArticle('第一百三十三条之一')).toBe('第一百三十三条之一');
    expect(normaliseArticle('第0条')).toBeNull();
    expect(normaliseArticle('第三章')).toBeNull();
  });
});
