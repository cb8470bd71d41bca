import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledge, prepareIndex } from '../index';
import type { Knowledge } from '../types';
import { makeFixtureStore, type Fixture } from './fixture';
import { SearchEngine } from './engine';
import { openKnowledgeStore } from '../store/db';

const LCL = '中华人民共和国劳动合同法';

describe('search over a small real store', () => {
  let fx: Fixture;
  let k: Knowledge;

  beforeAll(async () => {
    fx = makeFixtureStore();
    k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
  });
  afterAll(() => {
    k.close();
    fx.cleanup();
  });

  it('finds the wage article for a layperson question, with its fields', async () => {
    const r = await k.search({ text: '老板拖欠我三个月工资不给怎么办' });
    const top3 = r.hits.slice(0, 3).map((h) => h.article);
    expect(top3).toContain('第三十条');
    const h = r.hits.find((x) => x.article === '第三十条')!;
    expect(h.law).toBe(LCL);
    expect(h.status).toBe('in_force');
    expect(h.path).toEqual(['第三章 劳动合同的履行和变更']);
    expect(h.text).toContain('劳动报酬');
    expect(h.effective).toBe('2013-07-01');
    expect(h.source).toBe('labor/2012.md');
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('explains hits: keyword terms, thesaurus expansions, voting orders, stage ranks', async () => {
    const r = await k.search({ text: '出了车祸怎么赔' });
    const h = r.hits[0];
    expect(h.article).toBe('第七十六条');
    expect(h.signals.expansions).toContain('车祸→交通事故');
    expect(h.signals.orderVotes[0]).toMatchObject({ question: '出了车祸对方保险怎么赔' });
    expect(h.signals.stageRanks.orders).toBe(1);
    const r2 = await k.search({ text: '离婚 抚养费' });
    expect(r2.hits[0].signals.keywordTerms).toEqual(expect.arrayContaining(['离婚', '抚养费']));
    expect(r2.hits[0].signals.stageRanks.keyword).toBe(1);
  });

  it('a law name in the question counts (title field), and filters narrow by law', async () => {
    const r = await k.search({ text: '劳动合同法 解除' });
    expect(r.hits[0].law).toBe(LCL);
    const f = await k.search({ text: '支付 赔偿', filters: { law: '劳动合同法' } });
    expect(f.hits.length).toBeGreaterThan(0);
    expect(f.hits.every((h) => h.law === LCL)).toBe(true);
    const none = await k.search({ text: '支付 赔偿', filters: { law: '火星法' } });
    expect(none.hits).toEqual([]);
  });

  it('in force only by default; older versions on request', async () => {
    const r = await k.search({ text: '及时足额支付劳动报酬 旧版本', limit: 20 });
    expect(r.hits.every((h) => h.status === 'in_force')).toBe(true);
    const all = await k.search({ text: '及时足额支付劳动报酬 旧版本', limit: 20, filters: { inForceOnly: false } });
    expect(all.hits.some((h) => h.status === 'amended' && h.text.includes('旧版本'))).toBe(true);
  });

  it('kinds and region filters', async () => {
    const cases = await k.search({ text: '拖欠工资', filters: { kinds: ['case'], inForceOnly: false } });
    expect(cases.hits.length).toBeGreaterThan(0);
    expect(cases.hits.every((h) => h.kind === 'case')).toBe(true);
    const zj = await k.search({ text: '追索劳动报酬 仲裁', filters: { region: '浙江省' }, limit: 20 });
    expect(zj.hits.some((h) => h.law === '浙江省劳动人事争议调解仲裁条例')).toBe(true);
    const gd = await k.search({ text: '追索劳动报酬 仲裁', filters: { region: '广东省' }, limit: 20 });
    expect(gd.hits.some((h) => h.law === '浙江省劳动人事争议调解仲裁条例')).toBe(false);
    expect(gd.hits.length).toBeGreaterThan(0); // national law still applies
  });

  it('says the vector stage is off and why', async () => {
    const r = await k.search({ text: '工资' });
    expect(r.diagnostics.vector).toBe('off');
    expect(r.diagnostics.vectorReason).toMatch(/未配置向量模型/);
    expect(r.diagnostics.stages).toEqual(expect.arrayContaining(['segment', 'thesaurus', 'keyword', 'orders', 'word-vectors', 'explain']));
    expect(r.diagnostics.pastOrders).toBe(8);
    expect(k.stats()).toMatchObject({ pastOrders: 8, cases: 1, vector: 'off' });
  });

  it('an empty or meaningless question returns no hits and zero confidence', async () => {
    for (const text of ['', '？？？', '请问怎么办呢']) {
      const r = await k.search({ text });
      expect(r.hits).toEqual([]);
      expect(r.confidence).toBe(0);
    }
  });

  it('getArticle and resolveLaw accept short names', () => {
    expect(k.resolveLaw('劳动合同法')).toBe(LCL);
    expect(k.resolveLaw('民法典')).toBe('中华人民共和国民法典');
    expect(k.getArticle('劳动合同法', '第四十七条')?.text).toContain('经济补偿');
    expect(k.getArticle(LCL, '第三十条')?.status).toBe('in_force');
    expect(k.getArticle('劳动合同法', '第九百条')).toBeNull();
  });

  it('an article named in the question comes first', async () => {
    const r = await k.search({ text: '劳动合同法第八十二条是什么意思' });
    expect(r.hits[0].article).toBe('第八十二条');
    expect(r.confidence).toBeGreaterThan(0.9);
  });

  it('searchCases and similarOrders (with why)', async () => {
    const cases = await k.searchCases('公司拖欠工资');
    expect(cases[0].kind).toBe('case');
    const sim = await k.similarOrders('公司拖欠工资三个月', 3);
    expect(sim[0].order.question).toBe('老板拖欠工资三个月不给怎么办');
    expect(sim[0].why.join(' ')).toMatch(/共同词: .*工资/);
    expect(sim[0].why.join(' ')).toContain('引用了 劳动合同法 第三十条');
  });

  it('addPastOrder stores the order and the next search learns from it', async () => {
    const before = await k.search({ text: '单位一直不给缴社保' });
    expect(before.hits.find((h) => h.article === '第三十八条')?.signals.orderVotes ?? []).toEqual([]);
    const id = k.addPastOrder({ question: '单位一直不给缴社保可以走吗', cited: [{ law: LCL, article: '第三十八条' }] });
    expect(id).toBeGreaterThan(0);
    const after = await k.search({ text: '单位一直不给缴社保' });
    expect(after.hits[0].article).toBe('第三十八条');
    expect(after.hits[0].signals.orderVotes.map((v) => v.orderId)).toContain(id);
    expect(k.stats().pastOrders).toBe(9);
  });

  it('addPastOrder accepts short law names in citations and stores the full title', async () => {
    const id = k.addPastOrder({ question: '借给朋友的钱到期了一直拖着不还', cited: [{ law: '民法典', article: '第六百七十五条' }] });
    const r = await k.search({ text: '借给朋友的钱到期不还' });
    const h = r.hits.find((x) => x.article === '第六百七十五条')!;
    expect(h.signals.orderVotes.map((v) => v.orderId)).toContain(id);
    const sim = await k.similarOrders('借给朋友的钱到期了一直拖着不还', 1);
    expect(sim[0].order.cited).toEqual([{ law: '中华人民共和国民法典', article: '第六百七十五条' }]);
  });
});

describe('persisted index', () => {
  it('builds once; a reopen loads it without re-segmenting the articles', async () => {
    const fx = makeFixtureStore();
    try {
      await prepareIndex(fx.dbPath);
      const store = openKnowledgeStore(fx.dbPath);
      try {
        const e = new SearchEngine(store.sqlite);
        expect(e.lastOpen.rebuilt).toBe(false);
        expect(e.indexBuilds).toBe(0);
        // a new past order changes the generation but not the units: still no rebuild
        store.sqlite.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`).run();
        expect(e.reloadIfChanged()).toBe(true);
        expect(e.indexBuilds).toBe(0);
        // changed units do rebuild
        store.sqlite.prepare(`DELETE FROM units WHERE number = '第八十二条'`).run();
        store.sqlite.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`).run();
        e.reloadIfChanged();
        expect(e.indexBuilds).toBe(1);
        expect(e.getArticle('劳动合同法', '第八十二条')).toBeNull();
      } finally {
        store.close();
      }
    } finally {
      fx.cleanup();
    }
  });
});
