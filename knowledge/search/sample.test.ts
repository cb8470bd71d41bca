import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSampleKnowledge } from '../../ingest/sample';
import { openKnowledge } from '../index';
import type { Knowledge } from '../types';

// The learning loop on the sample knowledge base shipped in the repo (~50 synthetic past
// orders): the reranker is learned from them and common citizen questions find their articles.
describe('search on the sample knowledge base', () => {
  let dir: string;
  let k: Knowledge;
  const infos: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lawline-sample-'));
    const db = join(dir, 'k.sqlite');
    await ensureSampleKnowledge(db);
    k = await openKnowledge({
      dbPath: db,
      log: { info: (m, f) => infos.push({ m, ...f }), warn: () => {} },
    });
  });
  afterAll(() => {
    k.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a guide or case hit carries the articles it cites, with stored titles and paths; an article hit has none', async () => {
    const guide = (await k.search({ text: '劳动仲裁 申请期限', limit: 1, filters: { kinds: ['faq'] } })).hits[0];
    expect(guide.law).toContain('劳动仲裁申请指南');
    expect(guide.cites).toContainEqual({ law: '中华人民共和国劳动争议调解仲裁法', article: '第二十七条', path: ['第三章 仲裁', '第二节 申请和受理'] });
    const kase = (await k.search({ text: '房东 押金 退还', limit: 1, filters: { kinds: ['case'], inForceOnly: false } })).hits[0];
    expect(kase.kind).toBe('case');
    expect(kase.cites?.length).toBeGreaterThan(0);
    for (const c of kase.cites ?? []) expect(k.getArticle(c.law, c.article)?.path).toEqual(c.path);
    const article = (await k.search({ text: '劳动仲裁 时效', limit: 1 })).hits[0];
    expect(article.cites).toBeUndefined();
  });

  it('learns from the synthetic past orders', () => {
    expect(k.stats().pastOrders).toBeGreaterThanOrEqual(20);
    expect(infos.some((i) => i.m === 'search reranker trained')).toBe(true);
  });

  // paraphrases of sample orders: the article(s) those orders cited come back
  it.each([
    ['老板三个月不发工资怎么办', ['第三十条']],
    ['公司把我开除了能要赔偿吗', ['第四十六条', '第四十七条', '第八十七条']],
    ['干了半年没签劳动合同', ['第十条', '第八十二条']],
  ])('%s → 劳动合同法 %s in the top 5', async (q, articles) => {
    const r = await k.search({ text: q, limit: 5 });
    const found = r.hits.filter((h) => h.law === '中华人民共和国劳动合同法' && articles.includes(h.article));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].signals.orderVotes.length).toBeGreaterThan(0);
  });

  it('a quantity in the question does not pull in articles about that quantity', async () => {
    // 第十九条 (试用期) says 三个月 too; the question is about unpaid wages
    const r = await k.search({ text: '老板三个月不发工资怎么办', limit: 3 });
    expect(r.hits.map((h) => h.article)).not.toContain('第十九条');
  });

  it('reload after many new orders keeps serving with the current reranker (no training on the serving path)', async () => {
    const trainedBefore = infos.filter((i) => i.m === 'search reranker trained').length;
    for (let i = 0; i < 15; i++)
      k.addPastOrder({ question: `单位拖欠第${i}个月的工资`, cited: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }] });
    k.reload();
    expect(infos.filter((i) => i.m === 'search reranker trained').length).toBe(trainedBefore);
    expect(infos.some((i) => i.m === 'search reranker kept until the next start')).toBe(true);
    const r = await k.search({ text: '单位拖欠工资' });
    expect(r.hits[0].article).toBe('第三十条');
  });

  it('confidence is lower for a question the knowledge base cannot answer', async () => {
    const good = await k.search({ text: '老板拖欠工资不给怎么办' });
    const bad = await k.search({ text: '火星移民签证怎么办理' });
    expect(bad.confidence).toBeLessThan(good.confidence);
  });

  it.each([['借钱不还怎么办'], ['朋友借钱不还']])('%s: the loan articles, and confident (the colloquial word counts through its thesaurus expansion)', async (q) => {
    // 借钱 is in no article body: the answer's coverage of it comes from 借钱不还 → 借款 / 返还
    const r = await k.search({ text: q, limit: 3 });
    expect(r.hits.map((h) => h.article)).toContain('第六百七十五条');
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});
