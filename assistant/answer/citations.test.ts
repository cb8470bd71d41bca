// Against a real knowledge store (the search fixture: SQLite file in a temp dir).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledge } from '../../knowledge';
import { openFixtureKnowledge } from '../../knowledge/search/fixture';
import type { Knowledge } from '../../knowledge/types';
import { createLogger } from '../log';
import { checkCitations, checkText, findMentions, REPLACEMENT } from './citations';

let k: Knowledge;
let close: () => void;
beforeAll(async () => {
  ({ k, close } = await openFixtureKnowledge());
});
afterAll(() => close());

describe('checkCitations', () => {
  it('keeps real in-force articles with the store text, removes and logs the rest', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (l) => lines.push(l));
    const r = checkCitations(
      k,
      [
        { law: '劳动合同法', article: '第30条' },
        { law: '中华人民共和国劳动合同法', article: '第三十条' }, // duplicate
        { law: '劳动合同法', article: '第九百九十九条' },
        { law: '中华人民共和国虚构法', article: '第一条' },
        { law: '劳动合同法', article: '第三章' },
      ],
      { log, producer: 'test' },
    );
    expect(r.citations).toHaveLength(1);
    expect(r.citations[0]).toMatchObject({ law: '中华人民共和国劳动合同法', article: '第三十条', status: 'in_force' });
    expect(r.citations[0].text).toContain('及时足额支付劳动报酬');
    expect(r.citations[0].text).not.toContain('旧版本');
    expect(r.removed.map((x) => x.reason)).toEqual(['unknown_article', 'unknown_law', 'bad_number']);
    expect(lines.join('\n')).toContain('citations removed');
  });
});

describe('checkText', () => {
  it('finds bracketed and bare mentions, including lists', () => {
    const ms = findMentions('根据《劳动合同法》第三十条、第三十八条，以及劳动合同法第47条。', k);
    expect(ms).toHaveLength(2);
    expect(ms[0].articles).toEqual(['第三十条', '第三十八条']);
    expect(ms[1].law).toBe('劳动合同法');
    expect(ms[1].articles).toEqual(['第47条']);
  });

  it('replaces an invented article so it never reaches the citizen', () => {
    const r = checkText(k, '根据《劳动合同法》第九百九十九条，公司必须赔偿十倍工资。依据《劳动合同法》第三十条，应及时足额支付。');
    expect(r.text).not.toContain('第九百九十九条');
    expect(r.text).toContain(`根据${REPLACEMENT}，公司必须`);
    expect(r.text).toContain('《劳动合同法》第三十条');
    expect(r.mentioned.map((c) => c.article)).toEqual(['第三十条']);
    expect(r.removed[0]).toMatchObject({ reason: 'unknown_article' });
  });

  it('replaces a mention of a law that does not exist, bare or bracketed', () => {
    const r = checkText(k, '按照工资保障特别法第十条，以及《反拖欠大法》第二条处理。');
    expect(r.text).not.toMatch(/工资保障特别法|反拖欠大法/);
    expect(r.removed).toHaveLength(2);
  });

  it('leaves text without mentions untouched', () => {
    const t = '建议先与用人单位协商，协商不成可以申请劳动仲裁。';
    expect(checkText(k, t)).toEqual({ text: t, mentioned: [], removed: [], dropped: 0 });
    expect(checkText(k, t, { drop: true }).text).toBe(t);
  });
});

describe('checkText with drop (LLM text)', () => {
  it('drops the whole sentence that rests on an invented article and keeps the rest', () => {
    const r = checkText(k, '您好。根据《劳动合同法》第九百九十九条，公司必须赔偿十倍工资；依据《劳动合同法》第三十条，应及时足额支付。建议先协商', { drop: true });
    expect(r.text).toBe('您好。依据《劳动合同法》第三十条，应及时足额支付。建议先协商');
    expect(r.dropped).toBe(1);
    expect(r.mentioned.map((c) => c.article)).toEqual(['第三十条']);
  });
});

describe('articles not in force', () => {
  it('a repealed law and a not-yet-effective version are removed with reason not_in_force', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { openKnowledgeStore } = await import('../../knowledge/store/db');
    const { StoreWriter } = await import('../../knowledge/store/writes');
    const dir = mkdtempSync(join(tmpdir(), 'citations-status-'));
    const dbPath = join(dir, 'k.sqlite');
    const store = openKnowledgeStore(dbPath);
    try {
      new StoreWriter(store, { today: '2025-01-01' }).writeFile({
        path: 'status/laws',
        hash: 'h',
        format: 'test',
        orders: [],
        documents: [
          { kind: 'law', title: '中华人民共和国婚姻法', version: '2001-04-28', effective: '2001-04-28', declaredStatus: 'repealed', source: 'marriage.md', units: [{ number: '第三十二条', path: [], text: '男女一方要求离婚的，可由有关部门进行调解或直接向人民法院提出离婚诉讼。' }] },
          { kind: 'law', title: '中华人民共和国示例未来法', version: '2030-01-01', effective: '2030-01-01', source: 'future.md', units: [{ number: '第一条', path: [], text: '为了示例，制定本法。' }] },
        ],
      });
    } finally {
      store.close();
    }
    const kk = await openKnowledge({ dbPath, embedding: { provider: 'none' } });
    try {
      const r = checkCitations(kk, [
        { law: '婚姻法', article: '第三十二条' },
        { law: '中华人民共和国示例未来法', article: '第一条' },
      ]);
      expect(r.citations).toEqual([]);
      expect(r.removed.map((x) => x.reason)).toEqual(['not_in_force', 'not_in_force']);
      expect(r.removed.map((x) => x.status)).toEqual(['repealed', 'not_yet_effective']);
      const t = checkText(kk, '根据《婚姻法》第三十二条，可以直接起诉离婚。', { drop: true });
      expect(t.text).toBe('');
      expect(t.dropped).toBe(1);
    } finally {
      kk.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a statute referring to itself (本法第四十七条)', () => {
  it('quoted statute text is never rewritten, and the reference is not taken for a citation', () => {
    const quoted = '《劳动合同法》第八十七条：用人单位违反本法规定解除劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍支付赔偿金；另见本法第九百条。';
    const r = checkText(k, quoted);
    expect(r.text).toBe(quoted);
    expect(r.removed).toEqual([]);
    expect(r.mentioned.map((c) => c.article)).toEqual(['第八十七条']);
  });

  it('in LLM text it is checked against the law named before it; unplaceable or missing, the sentence goes', () => {
    const ok = checkText(k, '根据《劳动合同法》第八十七条，赔偿金按本法第四十七条的二倍计算。', { drop: true });
    expect(ok.dropped).toBe(0);
    expect(ok.text).toContain('本法第四十七条');
    const missing = checkText(k, '根据《劳动合同法》第八十七条，赔偿金按本法第九百条计算。', { drop: true });
    expect(missing.dropped).toBe(1);
    expect(missing.text).not.toContain('第九百条');
    const alone = checkText(k, '依照本法第四十七条可以要经济补偿。', { drop: true });
    expect(alone.dropped).toBe(1);
  });
});
