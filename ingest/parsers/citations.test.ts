import { describe, expect, it } from 'vitest';
import { extractCitations, parseCitationList } from './citations';

describe('citations', () => {
  it('finds quoted citations with several articles, 款 and 项', () => {
    const t =
      '依据《中华人民共和国劳动合同法》第三十八条、第四十六条第一项的规定，以及《中华人民共和国劳动争议调解仲裁法》第二十七条第一款，' +
      '《民法典》第1079条和第一千零八十四条；再引一次《中华人民共和国劳动合同法》第三十八条。';
    expect(extractCitations(t)).toEqual([
      { law: '中华人民共和国劳动合同法', article: '第三十八条' },
      { law: '中华人民共和国劳动合同法', article: '第四十六条' },
      { law: '中华人民共和国劳动争议调解仲裁法', article: '第二十七条' },
      { law: '民法典', article: '第一千零七十九条' },
      { law: '民法典', article: '第一千零八十四条' },
    ]);
  });

  it('reads spreadsheet citation lists', () => {
    expect(parseCitationList('中华人民共和国劳动合同法第三十条、第八十五条；中华人民共和国民法典 第1079条')).toEqual([
      { law: '中华人民共和国劳动合同法', article: '第三十条' },
      { law: '中华人民共和国劳动合同法', article: '第八十五条' },
      { law: '中华人民共和国民法典', article: '第一千零七十九条' },
    ]);
    expect(parseCitationList('《法律援助法》第三十一条')).toEqual([{ law: '法律援助法', article: '第三十一条' }]);
    expect(parseCitationList('')).toEqual([]);
  });
});
