import { describe, expect, it } from 'vitest';
import { classifyTextLines, splitArticles, textHeadingLevel } from './articles';

describe('article splitting of plain text', () => {
  it('recognises 编/分编/章/节 headings but not sentences', () => {
    expect(textHeadingLevel('第一编 总则')).toBe(1);
    expect(textHeadingLevel('第二分编　典型合同')).toBe(2);
    expect(textHeadingLevel('第四章 劳动合同的解除和终止')).toBe(3);
    expect(textHeadingLevel('第一节')).toBe(4);
    expect(textHeadingLevel('第三章规定的情形适用本法。')).toBeNull();
  });

  it('keeps preamble text as an unnumbered unit and normalises arabic numbers', () => {
    const units = splitArticles(
      classifyTextLines(['为了规范审理，制定本解释。', '第一章 总则', '第1条　内容一。', '第二款内容。', '第2条之1 内容二。']),
    );
    expect(units).toEqual([
      { number: null, path: [], text: '为了规范审理，制定本解释。' },
      { number: '第一条', path: ['第一章 总则'], text: '内容一。\n第二款内容。' },
      { number: '第二条之一', path: ['第一章 总则'], text: '内容二。' },
    ]);
  });

  it('splits long article-less text at paragraph boundaries, never mid-paragraph', () => {
    const para = '甲'.repeat(600);
    const units = splitArticles(classifyTextLines([para, para, para, para]));
    expect(units.length).toBe(2);
    expect(units.every((u) => u.text.split('\n').every((p) => p === para))).toBe(true);
  });
});

describe('headings from Word documents', () => {
  it('joins spaced-out heading titles', async () => {
    const { cleanHeading } = await import('./articles');
    expect(cleanHeading('第一章　总　　则')).toBe('第一章 总则');
    expect(cleanHeading('第四章 劳动合同的解除和终止')).toBe('第四章 劳动合同的解除和终止');
    expect(cleanHeading('第二节')).toBe('第二节');
  });
});
