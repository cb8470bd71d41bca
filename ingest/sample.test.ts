import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeStore } from '../knowledge/store/db';
import { getArticle, listCases, listPastOrders, storeStats } from '../knowledge/store/queries';
import { splitFrontMatter } from './parsers/frontmatter';
import { parseLawRefBook } from './parsers/lawrefbook';
import { ensureSampleKnowledge, SAMPLE_DIR, sampleFingerprint } from './sample';

const CORPUS = join(import.meta.dirname, '../../shared/corpus/lawrefbook');
const dir = mkdtempSync(join(tmpdir(), 'sample-kb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function statuteFiles(d = join(SAMPLE_DIR, 'statutes')): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? statuteFiles(join(d, e.name)) : e.name.endsWith('.md') ? [join(d, e.name)] : [],
  );
}

describe('sample knowledge base', () => {
  it('ingests once into an empty store, then leaves it alone', async () => {
    const db = join(dir, 'k.sqlite');
    const first = await ensureSampleKnowledge(db);
    expect(first.ingested).toBe(true);
    expect(first.articles).toBeGreaterThanOrEqual(40);
    expect(first.articles).toBeLessThanOrEqual(120);
    expect(await ensureSampleKnowledge(db)).toEqual({ ingested: false, articles: first.articles });
    const store = openKnowledgeStore(db);
    try {
      const stats = storeStats(store);
      expect(stats.cases).toBeGreaterThanOrEqual(4);
      expect(stats.faqs).toBeGreaterThanOrEqual(3);
      expect(stats.pastOrders).toBeGreaterThanOrEqual(50);
      const a = getArticle(store, '中华人民共和国劳动合同法', '第四十七条');
      expect(a).toMatchObject({ status: 'in_force', kind: 'law', path: ['第四章 劳动合同的解除和终止'] });
      expect(a!.text).toContain('每满一年支付一个月工资');
      expect(getArticle(store, '中华人民共和国民法典', '第一千零七十九条')?.path[0]).toBe('婚姻家庭编');
      expect(getArticle(store, '中华人民共和国民法典', '第一千零七十九条')?.effective).toBe('2021-01-01');

      // every citation of the orders, cases and guides resolves inside the sample
      const orders = listPastOrders(store);
      expect(orders.every((o) => o.synthetic)).toBe(true);
      const refs = [
        ...orders.flatMap((o) => o.cited),
        ...listCases(store).flatMap((c) => c.cited),
        ...(store.sqlite.prepare(`SELECT meta FROM documents WHERE kind = 'faq'`).pluck().all() as string[]).flatMap(
          (m) => JSON.parse(m).cited ?? [],
        ),
      ];
      expect(refs.length).toBeGreaterThan(100);
      const missing = refs.filter((r) => !getArticle(store, r.law, r.article)).map((r) => `${r.law} ${r.article}`);
      expect(missing).toEqual([]);
      for (const c of listCases(store)) {
        expect(c.facts.length).toBeGreaterThan(20);
        expect(c.holding.length).toBeGreaterThan(10);
      }
    } finally {
      store.close();
    }
  });

  it('has a stable short fingerprint', () => {
    expect(sampleFingerprint()).toMatch(/^[0-9a-f]{12}$/);
    expect(sampleFingerprint()).toBe(sampleFingerprint());
  });

  it('every past order record is marked synthetic in the file itself', () => {
    const lines = readFileSync(join(SAMPLE_DIR, 'orders/past-orders.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(50);
    for (const l of lines) expect(JSON.parse(l).synthetic).toBe(true);
  });
});

describe.skipIf(!existsSync(CORPUS))('sample statutes against the corpus', () => {
  it('every sample article is word for word the corpus article, with the same number and path', () => {
    let checked = 0;
    for (const f of statuteFiles()) {
      const text = readFileSync(f, 'utf8');
      const corpusRel = splitFrontMatter(text).data.corpus;
      expect(typeof corpusRel, `${f} has no corpus: in front matter`).toBe('string');
      const corpusFile = join(CORPUS, corpusRel as string);
      const mine = parseLawRefBook(text, { source: 'sample', file: f });
      const theirs = parseLawRefBook(readFileSync(corpusFile, 'utf8'), { source: 'corpus', file: corpusFile });
      expect(mine.title).toBe(theirs.title);
      expect(mine.part).toBe(theirs.part);
      const byNumber = new Map(theirs.units.map((u) => [u.number, u]));
      for (const u of mine.units) {
        const c = byNumber.get(u.number);
        expect(c, `${mine.title} ${u.number} not in ${corpusRel}`).toBeDefined();
        expect(u.text, `${mine.title} ${u.number}`).toBe(c!.text);
        expect(u.path, `${mine.title} ${u.number}`).toEqual(c!.path);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(40);
  });
});
