import { describe, expect, it } from 'vitest';
import { parseFaqJson, parseFaqMarkdown } from './faq';

describe('FAQ and service guides', () => {
  it('reads Markdown: one entry per heading, nested headings as path, cited in front matter', () => {
    const d = parseFaqMarkdown(
      `---\nissuer: 某中心\nupdated: 2025-01-01\ncited:\n  - 中华人民共和国法律援助法 第三十一条\n---\n# 法律援助申请指南\n\n## 申请条件\n\n经济困难。\n\n## 所需材料\n\n### 身份证明\n\n身份证。\n`,
      { source: 'g.md' },
    );
    expect(d).toMatchObject({ kind: 'faq', title: '法律援助申请指南', issuer: '某中心', promulgated: '2025-01-01' });
    expect(d.units).toEqual([
      { number: '申请条件', path: [], text: '经济困难。' },
      { number: '身份证明', path: ['所需材料'], text: '身份证。' },
    ]);
    expect(d.meta!.cited).toEqual([{ law: '中华人民共和国法律援助法', article: '第三十一条' }]);
  });

  it('reads JSON entries and rejects unknown fields and bad JSON clearly', () => {
    const d = parseFaqJson(JSON.stringify({ title: '人民调解常见问题', entries: [{ question: '收费吗？', answer: '不收费。' }] }), {
      source: 'f.json',
      file: '/x/f.json',
    });
    expect(d.units).toEqual([{ number: '收费吗？', path: [], text: '不收费。' }]);
    const bare = parseFaqJson(JSON.stringify([{ question: '问', answer: '答' }]), { source: 'f.json', file: '/x/常见问题.json' });
    expect(bare.title).toBe('常见问题');
    expect(() => parseFaqJson('{"title":', { source: 's', file: 'f.json' })).toThrow(/不是有效的 JSON/);
    expect(() => parseFaqJson(JSON.stringify({ title: 't', entries: [{ question: 'q', answer: 'a', extra: 1 }] }), { source: 's', file: 'f.json' })).toThrow(
      /FAQ JSON 格式不符/,
    );
    expect(() => parseFaqMarkdown('没有标题的文本', { source: 's' })).toThrow(/缺少标题/);
  });
});
