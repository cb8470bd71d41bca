import ExcelJS from 'exceljs';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKnowledgeStore } from '../knowledge/store/db';
import { generation, getArticle, getArticleVersions, listCases, listPastOrders, storeStats } from '../knowledge/store/queries';
import { ingestPaths } from './pipeline';
import { docx, pdf } from './testing/fixtures';

let dir: string;
let src: string;
let db: string;

const LAW = (version: string, extra = '') =>
  `# 中华人民共和国测试法\n\n${version.replace(/-0?/g, (m, i) => (i === 4 ? '年' : '月'))}日 第十届全国人民代表大会常务委员会第一次会议通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n第一条 版本${version}。\n\n第一条之一 之一条文。\n\n第二条 有下列情形之一的：\n\n（一）甲；\n\n（二）乙。${extra}\n`;

function write(rel: string, content: string | Buffer) {
  const p = join(src, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}

function open() {
  return openKnowledgeStore(db);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ingest-'));
  src = join(dir, 'kb');
  mkdirSync(src);
  db = join(dir, 'k.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest pipeline', () => {
  it('ingests every format of a folder, skipping index files, with keys under the folder name', async () => {
    write('社会法/测试法(2012-12-28).md', LAW('2012-12-28'));
    write('社会法/_index.md', '---\nbookCollapseSection: true\n---\n');
    write('README.md', '# 说明');
    write('texts/扫描.jpg', 'not a text');
    write('texts/某某条例.txt', '某某条例\n（2020年1月1日国务院令第1号公布）\n第一章 总则\n第一条 本条例适用于测试。\n第二条 其他。\n');
    write('texts/某某规定.html', '<html><head><title>某某规定</title></head><body><p>第一条 HTML 条文。</p><p>第二条 第二条文。</p></body></html>');
    write('texts/某某办法.docx', docx(['某某办法', '第一条 DOCX 条文。', '第二条 第二条文。']));
    write('texts/某某细则.pdf', pdf(['某某细则', '第一条 PDF 条文。', '第二条 第二条文。']));
    write('案例/劳动人事/欠薪案.md', '# 欠薪案\n\n## 基本案情\n\n欠薪。\n\n## 裁判结果\n\n支付。依据《测试法》第一条。\n');
    write('cases/免费文本案例.txt', '李某诉某公司案\n基本案情\n李某被辞退。\n裁判结果\n支付赔偿金。\n');
    write('guides/指南.md', '---\nkind: faq\n---\n# 调解指南\n\n## 收费吗\n\n不收费。\n');
    write('guides/问答.json', JSON.stringify({ title: '常见问题', entries: [{ question: '问', answer: '答' }] }));
    write('orders/a.jsonl', '{"id":"1","question":"老板不发工资","gold_articles":[{"law":"中华人民共和国测试法","article":"第一条"}]}\n');
    write('orders/b.csv', 'question,category\n邻居吵架,人民调解\n');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').addRows([['问题', '类别'], ['交通事故赔偿', '交通事故']]);
    write('orders/c.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));

    const s = await ingestPaths([src], { dbPath: db, today: '2026-01-01' });
    expect(s.failed).toEqual([]);
    expect(s.files).toBe(12);
    expect(s.unsupported.map((f) => f.replace(/^.*[\\/]/, ''))).toEqual(['扫描.jpg']);
    expect(s.ingested).toBe(12);
    const store = open();
    try {
      expect(getArticle(store, '中华人民共和国测试法', '第一条之一')).toMatchObject({
        kind: 'law',
        status: 'in_force',
        source: 'kb/社会法/测试法(2012-12-28).md',
        path: ['第一章 总则'],
      });
      expect(getArticle(store, '某某条例', '第一条')).toMatchObject({ text: '本条例适用于测试。', path: ['第一章 总则'] });
      expect(getArticle(store, '某某规定', '第一条')?.text).toBe('HTML 条文。');
      expect(getArticle(store, '某某办法', '第一条')?.text).toBe('DOCX 条文。');
      expect(getArticle(store, '某某细则', '第一条')?.text).toBe('PDF 条文。');
      const cases = listCases(store);
      expect(cases.map((c) => c.title).sort()).toEqual(['李某诉某公司案', '欠薪案']);
      // short law names in cases are resolved to the stored full title
      expect(cases.find((c) => c.title === '欠薪案')).toMatchObject({
        category: '劳动人事',
        cited: [{ law: '中华人民共和国测试法', article: '第一条' }],
      });
      expect(storeStats(store)).toMatchObject({ faqs: 2, pastOrders: 3, cases: 2 });
      expect(listPastOrders(store, { source: 'kb/orders/a.jsonl' })[0].cited).toEqual([{ law: '中华人民共和国测试法', article: '第一条' }]);
    } finally {
      store.close();
    }
  });

  it('skips unchanged files, replaces a changed one in place, prunes removed ones', async () => {
    write('社会法/测试法(2012-12-28).md', LAW('2012-12-28'));
    write('orders/a.jsonl', '{"question":"一"}\n{"question":"二"}\n');
    const first = await ingestPaths([src], { dbPath: db });
    expect(first).toMatchObject({ ingested: 2, unchanged: 0 });
    let store = open();
    const g1 = generation(store);
    store.close();

    const again = await ingestPaths([src], { dbPath: db });
    expect(again).toMatchObject({ ingested: 0, unchanged: 2, documents: 0 });
    store = open();
    expect(generation(store)).toBe(g1); // nothing written, nothing to reload
    store.close();

    write('社会法/测试法(2012-12-28).md', LAW('2012-12-28', '\n\n第三条 新增条文。'));
    write('orders/a.jsonl', '{"question":"一"}\n');
    const changed = await ingestPaths([src], { dbPath: db });
    expect(changed).toMatchObject({ ingested: 2, unchanged: 0 });
    store = open();
    try {
      expect(getArticle(store, '中华人民共和国测试法', '第三条')?.text).toBe('新增条文。');
      expect(storeStats(store)).toMatchObject({ documents: 1, articles: 4, pastOrders: 1 });
      expect(generation(store)).toBeGreaterThan(g1);
    } finally {
      store.close();
    }

    rmSync(join(src, 'orders/a.jsonl'));
    const noPrune = await ingestPaths([src], { dbPath: db });
    expect(noPrune.pruned).toEqual([]);
    const pruned = await ingestPaths([src], { dbPath: db, prune: true });
    expect(pruned.pruned).toEqual(['kb/orders/a.jsonl']);
    store = open();
    try {
      expect(storeStats(store)).toMatchObject({ documents: 1, pastOrders: 0 });
    } finally {
      store.close();
    }
  });

  it('keeps several versions side by side: newest in force, older amended; a repeal of the newest sticks', async () => {
    write('社会法/测试法(2007-06-29).md', LAW('2007-06-29'));
    write('社会法/测试法(2012-12-28).md', LAW('2012-12-28'));
    await ingestPaths([src], { dbPath: db, today: '2026-01-01' });
    let store = open();
    expect(getArticleVersions(store, '中华人民共和国测试法', '第一条').map((a) => [a.text, a.status])).toEqual([
      ['版本2012-12-28。', 'in_force'],
      ['版本2007-06-29。', 'amended'],
    ]);
    store.close();
    // the newer file now says the law is repealed (front matter): it stays the current version, repealed
    write('社会法/测试法(2012-12-28).md', `---\nstatus: repealed\n---\n${LAW('2012-12-28')}`);
    await ingestPaths([src], { dbPath: db, today: '2026-01-01' });
    store = open();
    expect(getArticle(store, '中华人民共和国测试法', '第一条')?.status).toBe('repealed');
    store.close();
  });

  it('reports a broken file with its reason, ingests the rest, and leaves no trace of the broken one', async () => {
    write('a/好法(2020-01-01).md', '# 好法\n\n<!-- INFO END -->\n\n第一条 好。\n');
    write('a/坏法.md', '---\nkind: [\n---\n# 坏法\n');
    write('a/坏工单.jsonl', '{"question":"好"}\n{"question":\n');
    write('a/坏表.xlsx', 'not really a spreadsheet');
    write('a/扫描件.pdf', Buffer.from('%PDF-1.4\n%%EOF'));
    const s = await ingestPaths([src, join(dir, 'missing')], { dbPath: db });
    expect(s.ingested).toBe(1);
    const reasons = Object.fromEntries(s.failed.map((f) => [f.file.replace(/^.*[\\/]/, ''), f.error]));
    expect(Object.keys(reasons).sort()).toEqual(['missing', '坏工单.jsonl', '坏表.xlsx', '坏法.md', '扫描件.pdf'].sort());
    expect(reasons['missing']).toBe('文件或目录不存在');
    expect(reasons['坏工单.jsonl']).toMatch(/第 2 行/);
    expect(reasons['坏法.md']).toMatch(/YAML/);
    const store = open();
    try {
      expect(storeStats(store)).toMatchObject({ documents: 1, pastOrders: 0 });
      const files = store.sqlite.prepare('SELECT path FROM files').pluck().all();
      expect(files).toEqual(['kb/a/好法(2020-01-01).md']);
    } finally {
      store.close();
    }
  });

  it('refuses a file over the size limit before reading it, with its size, and still ingests the rest', async () => {
    write('a/好法(2020-01-01).md', '# 好法\n\n<!-- INFO END -->\n\n第一条 好。\n');
    write('a/大工单.csv', `question,category\n${'工资被拖欠怎么办,劳动\n'.repeat(50_000)}`);
    const s = await ingestPaths([src], { dbPath: db, maxFileBytes: 1024 * 1024 });
    expect(s.ingested).toBe(1);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0].file).toMatch(/大工单\.csv$/);
    expect(s.failed[0].error).toBe('文件过大（1.5 MB，上限 1.0 MB），请拆分后分批导入');
    const store = open();
    try {
      expect(storeStats(store)).toMatchObject({ documents: 1, pastOrders: 0 });
    } finally {
      store.close();
    }
    const again = await ingestPaths([src], { dbPath: db, maxFileBytes: 2 * 1024 * 1024 });
    expect(again.orders).toBe(50_000);
  });

  it('gives a corpus file the same key whether the corpus, a folder or the file is named', async () => {
    const corpus = join(src, 'lawrefbook');
    mkdirSync(join(corpus, '社会法'), { recursive: true });
    writeFileSync(join(corpus, 'db.sqlite3'), '');
    const file = join(corpus, '社会法', '测试法(2012-12-28).md');
    writeFileSync(file, LAW('2012-12-28'));
    writeFileSync(join(corpus, '社会法', '另法(2012-12-28).md'), '# 另法\n\n<!-- INFO END -->\n\n第一条 另。\n');
    const a = await ingestPaths([corpus], { dbPath: db });
    expect(a.failed).toEqual([]);
    expect(a.ingested).toBe(2);
    const b = await ingestPaths([join(corpus, '社会法')], { dbPath: db });
    expect(b).toMatchObject({ ingested: 0, unchanged: 2 });
    writeFileSync(file, LAW('2012-12-28', '\n\n第三条 改。'));
    const c = await ingestPaths([file], { dbPath: db });
    expect(c).toMatchObject({ ingested: 1, unchanged: 0 });
    rmSync(join(corpus, '社会法', '另法(2012-12-28).md'));
    const d = await ingestPaths([join(corpus, '社会法')], { dbPath: db, prune: true });
    expect(d.pruned).toEqual(['lawrefbook/社会法/另法(2012-12-28).md']);
    const store = open();
    try {
      expect(store.sqlite.prepare('SELECT source FROM documents').pluck().all()).toEqual(['lawrefbook/社会法/测试法(2012-12-28).md']);
      expect(getArticle(store, '中华人民共和国测试法', '第三条')?.text).toBe('改。');
    } finally {
      store.close();
    }
  });

  it('--kind forces the kind of text files', async () => {
    write('x/某地方条例.txt', '某市物业管理条例\n第一条 为了规范物业管理，制定本条例。\n第二条 本市适用。\n');
    await ingestPaths([join(src, 'x/某地方条例.txt')], { dbPath: db, kind: 'local' });
    const store = open();
    try {
      expect(getArticle(store, '某市物业管理条例', '第一条')).toMatchObject({ kind: 'local', source: 'x/某地方条例.txt' });
      expect(store.sqlite.prepare('SELECT region FROM documents').pluck().get()).toBe('某市');
    } finally {
      store.close();
    }
  });
});

const CORPUS = join(import.meta.dirname, '../../shared/corpus/lawrefbook');
describe.skipIf(!existsSync(CORPUS))('ingest of the real corpus (subset)', () => {
  it('ingests 社会法 and 民法典 with db.sqlite3 metadata; every dev gold article of them resolves', async () => {
    const s = await ingestPaths([join(CORPUS, '社会法'), join(CORPUS, '民法典')], { dbPath: db });
    expect(s.failed).toEqual([]);
    const store = open();
    try {
      const a = getArticle(store, '中华人民共和国劳动合同法', '第四十七条');
      expect(a).toMatchObject({ status: 'in_force', effective: '2013-07-01', path: ['第四章 劳动合同的解除和终止'] });
      expect(a!.text.split('\n')).toHaveLength(3);
      expect(getArticle(store, '中华人民共和国民法典', '第一千零七十九条')?.path).toEqual(['婚姻家庭编', '第四章 离婚']);
      expect(getArticleVersions(store, '中华人民共和国妇女权益保障法', '第一条').map((v) => v.status)).toEqual(['in_force', 'amended']);
      // the corpus lists 1,260 articles in the 民法典
      expect(store.sqlite.prepare(`SELECT count(*) FROM units u JOIN documents d ON d.id = u.doc_id WHERE d.title = '中华人民共和国民法典' AND u.number IS NOT NULL`).pluck().get()).toBe(1260);
    } finally {
      store.close();
    }
  });
});
