import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledgeStore, type KnowledgeStore } from './db';
import {
  countUnits,
  getNeighbours,
  generation,
  getArticle,
  getArticleVersions,
  insertPastOrder,
  insertPastOrders,
  iterateUnits,
  listCases,
  listLaws,
  listPastOrders,
  storeStats,
} from './queries';
import { StoreWriter, type NewDocument } from './writes';

let dir: string;
let store: KnowledgeStore;

function law(version: string, text: string, extra: Partial<NewDocument> = {}): NewDocument {
  return {
    kind: 'law',
    title: '中华人民共和国测试法',
    version,
    effective: version,
    source: `t/测试法(${version}).md`,
    units: [
      { number: '第一条', path: ['第一章 总则'], text },
      { number: '第一条之一', path: ['第一章 总则'], text: `之一 ${text}` },
    ],
    ...extra,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kstore-'));
  store = openKnowledgeStore(join(dir, 'k.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('knowledge store', () => {
  it('opens with WAL and migrations, reopens idempotently', () => {
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
    store = openKnowledgeStore(join(dir, 'k.sqlite'));
    expect(storeStats(store)).toMatchObject({ documents: 0, articles: 0, pastOrders: 0, generation: 0 });
  });

  it('keeps versions: newest in force, older amended, articles prefer in force', () => {
    const w = new StoreWriter(store, { today: '2026-01-01' });
    w.writeFile({ path: 't/a', hash: 'h1', format: 'statute', documents: [law('2012-12-28', '旧文')], orders: [] });
    expect(getArticle(store, '中华人民共和国测试法', '第一条')?.status).toBe('in_force');
    w.writeFile({ path: 't/b', hash: 'h2', format: 'statute', documents: [law('2018-12-29', '新文')], orders: [] });
    const a = getArticle(store, '中华人民共和国测试法', '第一条');
    expect(a).toMatchObject({ text: '新文', status: 'in_force', path: ['第一章 总则'], kind: 'law' });
    expect(getArticle(store, '测试法', '第一条之一')?.text).toBe('之一 新文');
    expect(getArticleVersions(store, '中华人民共和国测试法', '第一条').map((v) => v.status)).toEqual([
      'in_force',
      'amended',
    ]);
    // removing the newer file puts the old version back in force
    w.removeFile('t/b');
    expect(getArticle(store, '中华人民共和国测试法', '第一条')).toMatchObject({ text: '旧文', status: 'in_force' });
    expect(listLaws(store)).toEqual([
      expect.objectContaining({ title: '中华人民共和国测试法', status: 'in_force', versions: 1, articles: 2 }),
    ]);
  });

  it('declared repeal sticks only on the newest version; future versions are not yet effective', () => {
    const w = new StoreWriter(store, { today: '2026-01-01' });
    w.writeFile({
      path: 't/a',
      hash: 'h',
      format: 'statute',
      documents: [law('2010-01-01', '甲', { declaredStatus: 'repealed', source: 'a' }), law('2009-01-01', '乙', { source: 'b' })],
      orders: [],
    });
    expect(getArticleVersions(store, '中华人民共和国测试法', '第一条').map((v) => v.status)).toEqual([
      'repealed',
      'amended',
    ]);
    w.writeFile({ path: 't/c', hash: 'h', format: 'statute', documents: [law('2026-06-01', '丙', { source: 'c' })], orders: [] });
    expect(getArticleVersions(store, '中华人民共和国测试法', '第一条').map((v) => v.status)).toEqual([
      'not_yet_effective',
      'repealed',
      'amended',
    ]);
  });

  it('a future version comes into force when its day has come and the store is refreshed', () => {
    const w = new StoreWriter(store, { today: '2026-01-01' });
    w.writeFile({ path: 't/a', hash: 'h', format: 'statute', documents: [law('2012-12-28', '旧')], orders: [] });
    w.writeFile({ path: 't/b', hash: 'h', format: 'statute', documents: [law('2026-06-01', '新', { source: 'b' })], orders: [] });
    expect(getArticle(store, '中华人民共和国测试法', '第一条')?.text).toBe('旧');
    expect(w.refreshDueVersions()).toBe(0);
    w.today = '2026-06-01';
    const g = generation(store);
    expect(w.refreshDueVersions()).toBe(1);
    expect(generation(store)).toBe(g + 1);
    expect(getArticleVersions(store, '中华人民共和国测试法', '第一条').map((v) => [v.text, v.status])).toEqual([
      ['新', 'in_force'],
      ['旧', 'amended'],
    ]);
  });

  it('iterates units with their document and counts by filter', () => {
    const w = new StoreWriter(store);
    w.writeFile({ path: 't/a', hash: 'h', format: 'statute', documents: [law('2012-12-28', '文')], orders: [] });
    w.writeFile({
      path: 'c/x',
      hash: 'h',
      format: 'case',
      documents: [
        {
          kind: 'case',
          title: '张某诉某公司案',
          source: 'c/x',
          meta: { cited: [{ law: '中华人民共和国测试法', article: '第一条' }], facts: '事实', holding: '判决', category: '劳动人事' },
          units: [{ number: '基本案情', path: [], text: '事实' }],
        },
      ],
      orders: [],
    });
    const all = [...iterateUnits(store)];
    expect(all).toHaveLength(3);
    expect(all[0]).toMatchObject({ law: '中华人民共和国测试法', article: '第一条', source: 't/测试法(2012-12-28).md' });
    expect(countUnits(store, { kinds: ['law'] })).toBe(2);
    expect(getNeighbours(store, all[1].unitId).map((u) => u.article)).toEqual(['第一条', '第一条之一']);
    expect(getNeighbours(store, 999999)).toEqual([]);
    expect([...iterateUnits(store, { kinds: ['case'] })].map((u) => u.article)).toEqual(['基本案情']);
    expect(listCases(store)).toEqual([
      expect.objectContaining({
        title: '张某诉某公司案',
        facts: '事实',
        holding: '判决',
        category: '劳动人事',
        cited: [{ law: '中华人民共和国测试法', article: '第一条' }],
        sections: [expect.objectContaining({ heading: '基本案情', text: '事实' })],
      }),
    ]);
  });

  it('stores past orders, upserts by source+externalId and bumps the generation on every write', () => {
    const g0 = generation(store);
    const id = insertPastOrder(store, {
      question: '老板拖欠工资怎么办',
      cited: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }],
      satisfaction: 5,
      synthetic: true,
    });
    expect(generation(store)).toBe(g0 + 1);
    const ids = insertPastOrders(store, [
      { externalId: 'x1', source: 'f.jsonl', question: '问一', cited: [] },
      { externalId: 'x1', source: 'f.jsonl', question: '问一改', cited: [] },
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(generation(store)).toBe(g0 + 2);
    const orders = listPastOrders(store);
    expect(orders).toHaveLength(2);
    expect(orders.find((o) => o.id === id)).toMatchObject({
      question: '老板拖欠工资怎么办',
      cited: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }],
      synthetic: true,
      source: 'live',
    });
    expect(listPastOrders(store, { source: 'f.jsonl' })[0].question).toBe('问一改');
  });

  it('a failing file write leaves nothing half-written', () => {
    const w = new StoreWriter(store);
    w.writeFile({ path: 't/a', hash: 'h', format: 'statute', documents: [law('2012-12-28', '文')], orders: [] });
    const g = generation(store);
    // same source twice in one file violates the unique index on documents.source
    expect(() =>
      w.writeFile({ path: 't/a', hash: 'h2', format: 'statute', documents: [law('2013-01-01', '新'), law('2013-01-01', '新')], orders: [] }),
    ).toThrow();
    expect(getArticle(store, '中华人民共和国测试法', '第一条')?.text).toBe('文');
    expect(w.hashOf('t/a')).toBe('h');
    expect(generation(store)).toBe(g);
  });
});
