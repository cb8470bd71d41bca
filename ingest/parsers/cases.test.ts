import { describe, expect, it } from 'vitest';
import { parseCaseMarkdown, parseCaseText } from './cases';

describe('typical cases', () => {
  it('reads a corpus-style case: sections, facts, holding, cited articles', () => {
    const md = `# 加班费的仲裁时效应当如何认定\n\n<!-- INFO END -->\n\n## 基本案情\n\n张某于2016年7月入职。\n\n## 裁判结果\n\n一审法院判决支付加班费。\n\n## 案例分析\n\n《中华人民共和国劳动争议调解仲裁法》第二十七条规定……《中华人民共和国劳动法》第四十四条规定……\n`;
    const [d] = parseCaseMarkdown(md, { source: 'c/x.md', file: '/c/案例/劳动人事/x.md', category: '劳动人事' });
    expect(d).toMatchObject({ kind: 'case', title: '加班费的仲裁时效应当如何认定', source: 'c/x.md' });
    expect(d.units.map((u) => u.number)).toEqual(['基本案情', '裁判结果', '案例分析']);
    expect(d.meta).toMatchObject({
      facts: '张某于2016年7月入职。',
      holding: '一审法院判决支付加班费。',
      category: '劳动人事',
      cited: [
        { law: '中华人民共和国劳动争议调解仲裁法', article: '第二十七条' },
        { law: '中华人民共和国劳动法', article: '第四十四条' },
      ],
    });
  });

  it('splits a file with several cases (one per # heading) and merges front-matter citations', () => {
    const md = `---\ncited:\n  - 中华人民共和国民法典 第一千零八十五条\n---\n# 案一\n\n## 基本案情\n\n事实一。\n\n# 案二\n\n## 基本案情\n\n事实二。\n`;
    const ds = parseCaseMarkdown(md, { source: 'f.md', file: '/x/f.md' });
    expect(ds.map((d) => [d.title, d.source])).toEqual([
      ['案一', 'f.md#1'],
      ['案二', 'f.md#2'],
    ]);
    expect(ds[0].meta!.cited).toEqual([{ law: '中华人民共和国民法典', article: '第一千零八十五条' }]);
    expect(ds[1].meta!.cited).toEqual([]);
  });

  it('reads a free-text case with 【】 and numbered section headings', () => {
    const [d] = parseCaseText(
      ['王某诉某公司劳动争议案', '【基本案情】', '王某入职某公司。', '二、裁判结果', '公司支付工资。', '依据《劳动合同法》第三十条。'],
      { source: 't.txt', file: '/x/t.txt' },
    );
    expect(d.title).toBe('王某诉某公司劳动争议案');
    expect(d.meta).toMatchObject({ facts: '王某入职某公司。', holding: '公司支付工资。\n依据《劳动合同法》第三十条。' });
    expect(d.meta!.cited).toEqual([{ law: '劳动合同法', article: '第三十条' }]);
  });

  it('takes the court findings as holding when there is no holding section', () => {
    const md = `# 婚前隐瞒重大疾病\n\n## 案情回顾\n\n李某与张某登记结婚。\n\n法院认为，一方患有重大疾病的，应当在结婚登记前如实告知。\n\n## 法官解读\n\n解读。\n`;
    const [d] = parseCaseMarkdown(md, { source: 's', file: 'f' });
    expect(d.meta).toMatchObject({ facts: '李某与张某登记结婚。\n法院认为，一方患有重大疾病的，应当在结婚登记前如实告知。', holding: '法院认为，一方患有重大疾病的，应当在结婚登记前如实告知。' });
  });

  it('cites the articles quoted in a 相关法条 section under their title line', () => {
    const md = `# 某案\n\n## 基本案情\n\n事实。\n\n## 司法解释相关法条\n\n《最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）》。\n\n第十二条 进口的食品不符合标准的……\n\n第十三条 另一条。\n`;
    const [d] = parseCaseMarkdown(md, { source: 's', file: 'f' });
    expect(d.meta!.cited).toEqual([
      { law: '最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）', article: '第十二条' },
      { law: '最高人民法院关于审理食品安全民事纠纷案件适用法律若干问题的解释（一）', article: '第十三条' },
    ]);
  });

  it('rejects empty or untitled input', () => {
    expect(() => parseCaseMarkdown('\n\n', { source: 's', file: 'f' })).toThrow(/没有找到案例/);
    expect(() => parseCaseMarkdown('# 只有标题\n', { source: 's', file: 'f' })).toThrow(/没有正文/);
    expect(() => parseCaseMarkdown('---\ncited: 3\n---\n# 案\n\n正文\n', { source: 's', file: 'f' })).toThrow(/cited 必须是列表/);
    expect(() => parseCaseText([], { source: 's', file: 'f' })).toThrow(/文件为空/);
  });
});
