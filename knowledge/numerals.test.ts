import { describe, expect, it } from 'vitest';
import { chineseToInt, intToChinese, normalizeArticleNumber, normaliseArticleRef, parseChineseNumber } from './numerals';

describe('Chinese article numerals', () => {
  it('round-trips the forms used by the national database', () => {
    const cases: [number, string][] = [
      [1, '一'], [10, '十'], [11, '十一'], [20, '二十'], [47, '四十七'], [100, '一百'], [105, '一百零五'],
      [110, '一百一十'], [133, '一百三十三'], [1000, '一千'], [1079, '一千零七十九'], [1208, '一千二百零八'],
      [1260, '一千二百六十'],
    ];
    for (const [n, s] of cases) {
      expect(intToChinese(n)).toBe(s);
      expect(chineseToInt(s)).toBe(n);
    }
    expect(chineseToInt('两百')).toBe(200);
    expect(chineseToInt('abc')).toBeNaN();
  });

  it('normalises article numbers written in other ways', () => {
    expect(normalizeArticleNumber('第四十七条 经济补偿')).toBe('第四十七条');
    expect(normalizeArticleNumber('第47条　经济补偿')).toBe('第四十七条');
    expect(normalizeArticleNumber('第 一百三十三 条之一 ')).toBe('第一百三十三条之一');
    expect(normalizeArticleNumber('第133条之1')).toBe('第一百三十三条之一');
    expect(normalizeArticleNumber('第三条的规定')).toBeNull();
    expect(normalizeArticleNumber('根据第三条')).toBeNull();
  });
});

describe('references as people and models write them', () => {
  it('parses colloquial numerals, null when not a number', () => {
    expect(parseChineseNumber('七十')).toBe(70);
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('42')).toBe(42);
    expect(parseChineseNumber('abc')).toBeNull();
    expect(parseChineseNumber('')).toBeNull();
  });
  it('normalises whole article references', () => {
    expect(normaliseArticleRef('第30条')).toBe('第三十条');
    expect(normaliseArticleRef('47条')).toBe('第四十七条');
    expect(normaliseArticleRef('第一百三十三条之一')).toBe('第一百三十三条之一');
    expect(normaliseArticleRef('第133条之1')).toBe('第一百三十三条之一');
    expect(normaliseArticleRef('第0条')).toBeNull();
    expect(normaliseArticleRef('第三章')).toBeNull();
    expect(normaliseArticleRef('第三十条规定')).toBeNull();
  });
});
