import { describe, expect, it } from 'vitest';
import { parseStatuteLines } from './statute-text';

describe('statutes from plain lines', () => {
  it('reads title, parenthesised history, TOC, spaced headings and articles', () => {
    const d = parseStatuteLines(
      [
        '中华人民共和国测试法',
        '（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过　根据2012年12月28日第十一届全国人民代表大会常务委员会第三十次会议修正）',
        '目　　录',
        '第一章　总　　则',
        '第二章　附　　则',
        '第一章　总　　则',
        '　　第一条　为了测试，制定本法。',
        '　　第二条　本法所称测试，是指：',
        '　　（一）甲；',
        '第二章　附　　则',
        '　　第三条　本法自2008年1月1日起施行。',
      ],
      { source: 's', file: '/x/测试法.txt' },
    );
    expect(d).toMatchObject({
      title: '中华人民共和国测试法',
      issuer: '全国人民代表大会常务委员会',
      promulgated: '2007-06-29',
      version: '2012-12-28',
      kind: 'law',
    });
    expect(d.units.filter((u) => u.number).map((u) => [u.number, u.path])).toEqual([
      ['第一条', ['第一章 总则']],
      ['第二条', ['第一章 总则']],
      ['第三条', ['第二章 附则']],
    ]);
    expect(d.units.find((u) => u.number === '第二条')!.text).toBe('本法所称测试，是指：\n（一）甲；');
  });

  it('accepts 第一条为了… without a space, but not 第三条规定的 sentences', () => {
    const d = parseStatuteLines(['某某办法', '第一条为了规范管理，制定本办法。', '第二条本办法适用于全市。', '第三条的规定适用于前款。'], {
      source: 's',
      file: '/x/某某办法.txt',
    });
    expect(d.units.map((u) => [u.number, u.text])).toEqual([
      ['第一条', '为了规范管理，制定本办法。'],
      ['第二条', '本办法适用于全市。\n第三条的规定适用于前款。'],
    ]);
  });

  it('refuses text without any article', () => {
    expect(() => parseStatuteLines(['一篇文章', '没有条文。'], { source: 's', file: 'f.txt' })).toThrow(/没有找到任何“第X条”条文/);
  });
});
