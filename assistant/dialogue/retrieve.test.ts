// Domain-law preference on the sample knowledge base.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../knowledge/types';
import { openSampleKnowledge } from '../testing/server';
import { DOMAINS } from '../triage/rules';
import { inferDomain, loadDomainLaws, retrieve } from './retrieve';

let dir: string;
let k: Knowledge;
const laws = loadDomainLaws();
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'retrieve-'));
  k = await openSampleKnowledge(dir);
});
afterAll(() => {
  k.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real store, with plain (unfiltered) search made to miss 民法典; law-filtered search untouched. */
function missingCivilCode(): Pick<Knowledge, 'search' | 'resolveLaw'> {
  return {
    resolveLaw: (n) => k.resolveLaw(n),
    search: async (q) => {
      const r = await k.search(q);
      return q.filters?.law ? r : { ...r, hits: r.hits.filter((h) => h.law !== '中华人民共和国民法典') };
    },
  };
}

describe('retrieve with the domain laws', () => {
  it('the data file covers every domain', () => {
    expect(Object.keys(laws).sort()).toEqual([...DOMAINS].sort());
  });

  it('brings the governing law to the top when plain search misses it', async () => {
    // the real store, with plain (unfiltered) search made to miss 民法典, as it did for this
    // question with an earlier ranking
    const missing = missingCivilCode();
    const q = { text: '朋友借了我五万块钱到期不还', limit: 8 };
    const r = await retrieve(missing, q, '借贷债务', laws);
    expect(r.hits[0].law).toBe('中华人民共和国民法典');
    expect(r.hits[0].path).toContain('合同编');
    expect(r.diagnostics.stages).toContain('domain-law');
  });

  it('keeps the order when the first hits already come from the domain laws', async () => {
    const q = { text: '公司拖欠工资不给', limit: 8 };
    const plain = await k.search(q);
    const r = await retrieve(k, q, '劳动', laws);
    expect(r.diagnostics.stages).not.toContain('domain-law');
    expect(r.hits[0].article).toBe(plain.hits.find((h) => h.law === '中华人民共和国劳动合同法')?.article);
  });

  it('an unsure triage leaves the search as it is (a guessed domain pulls in no law)', async () => {
    // 「我没钱请律师」 once triaged as 劳动 at 0.25 had 劳动合同法 quoted instead of 法律援助法
    const q = { text: '我没钱请律师，能申请法律援助吗', limit: 8 };
    const plain = await k.search(q);
    const r = await retrieve(k, q, '劳动', laws, 0.25);
    expect(r.hits.map((h) => `${h.law}${h.article}`)).toEqual(plain.hits.map((h) => `${h.law}${h.article}`));
    expect(r.hits[0].law).toBe('中华人民共和国法律援助法');
  });

  it("only the domain's own part of 民法典 joins, not the rest of the code", async () => {
    // plain search made to miss 民法典; the law-filtered search finds 合同编 and 婚姻家庭编 articles
    const missing = missingCivilCode();
    const q = { text: '离婚的时候夫妻一起借的钱谁来还', limit: 8 };
    const filtered = await k.search({ ...q, filters: { law: '中华人民共和国民法典' } });
    expect(filtered.hits.some((h) => h.path.includes('合同编'))).toBe(true);
    const r = await retrieve(missing, q, '婚姻家庭', laws, 0.9);
    const joined = r.hits.filter((h) => h.law === '中华人民共和国民法典');
    expect(joined.length).toBeGreaterThan(0);
    for (const h of joined) expect(h.path.join('/'), h.article).toContain('婚姻家庭编');
  });

  it('does nothing for 其他', async () => {
    const q = { text: '法律援助怎么申请', limit: 5 };
    const plain = await k.search(q);
    const r = await retrieve(k, q, '其他', laws);
    expect(r.hits.map((h) => h.article)).toEqual(plain.hits.map((h) => h.article));
  });

  it('infers the domain from the statutes found (two-thirds majority, unambiguous laws only)', async () => {
    const r = await k.search({ text: '用人单位拖欠劳动报酬，劳动者申请支付令', limit: 5 });
    expect(inferDomain(r.hits, laws, () => true, (n) => k.resolveLaw(n))).toBe('劳动');
    expect(inferDomain(r.hits, laws, () => false, (n) => k.resolveLaw(n))).toBeNull();
    expect(inferDomain([], laws, () => true, (n) => k.resolveLaw(n))).toBeNull();
  });
});
