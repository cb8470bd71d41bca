import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize';
import { charBigrams, displayTerm, segment, segmentPrecise, segmentWords } from './segment';

describe('normalise + segment', () => {
  it('folds full-width characters, case and whitespace', () => {
    expect(normalizeText('ＡＢＣ　１２３\n  劳动')).toBe('abc 123 劳动');
  });

  it('cuts in search mode: long words plus their parts', () => {
    const w = segmentWords('劳动合同法规定用人单位解除劳动合同');
    expect(w).toEqual(expect.arrayContaining(['劳动', '合同', '合同法', '劳动合同', '用人单位', '解除']));
  });

  it('drops stopwords and question scaffolding', () => {
    const w = segmentWords('请问老板不发工资怎么办呢？');
    expect(w).toContain('老板');
    expect(w).toContain('工资');
    for (const s of ['请问', '怎么办', '呢', '？']) expect(w).not.toContain(s);
  });

  it('builds character bigrams over runs of ideographs only', () => {
    expect(charBigrams('工资A欠薪')).toEqual(['#工资', '#欠薪']);
    expect(charBigrams('我的工资')).toEqual(['#工资']); // 我/的 are stop characters
    expect(displayTerm('#工资')).toBe('工资');
  });

  it('segments text into words and bigrams together', () => {
    const s = segment('拖欠工资');
    expect(s.words).toContain('拖欠');
    expect(s.bigrams).toEqual(['#拖欠', '#欠工', '#工资']);
  });
});

describe('segmentPrecise', () => {
  it('cuts each character into exactly one word, stopwords removed', () => {
    const text = '用人单位拖欠劳动报酬的，劳动者可以申请支付令';
    const words = segmentPrecise(text);
    expect(words).toContain('劳动报酬');
    expect(words).not.toContain('的');
    // no overlapping parts: the words laid end to end are the text minus stopwords and punctuation
    expect(text.replace(/[，的]/g, '').startsWith(words.slice(0, 3).join(''))).toBe(true);
    expect(segmentWords('劳动合同法').length).toBeGreaterThan(segmentPrecise('劳动合同法').length);
    expect(segmentPrecise('，。')).toEqual([]);
  });
});
