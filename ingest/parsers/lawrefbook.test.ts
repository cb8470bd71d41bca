import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import { fileNameVersion, issuerOf, kindFromFolders, parseLawRefBook, regionOf } from './lawrefbook';
import { findLawRefBookDb, LawRefBookDb } from './lawrefbook-db';

const LAW = `# 中华人民共和国测试法

2007年6月29日 第十届全国人民代表大会常务委员会第二十八次会议通过

2012年12月28日 第十一届全国人民代表大会常务委员会第三十次会议《关于修改<中华人民共和国测试法>的决定》修正

<!-- INFO END -->

## 第一章  总则

第一条 为了测试，制定本法。

第二条 有下列情形之一的，适用本法：

（一）甲；

（二）乙。

前款规定以外的情形，参照适用。

## 第二章 分则

### 第一节 一般规定

第三条 第三条的规定不是新条文。

第三条之一 这是之一条文。

第一百三十三条之二 这是大号之二条文。
`;

describe('LawRefBook parser', () => {
  it('reads title, history, chapters/sections, 之一 articles, 款 lines and 项', () => {
    const d = parseLawRefBook(LAW, { source: 'x/测试法(2012-12-28).md', file: '/c/社会法/测试法(2012-12-28).md' });
    expect(d).toMatchObject({
      kind: 'law',
      title: '中华人民共和国测试法',
      part: null,
      issuer: '全国人民代表大会常务委员会',
      promulgated: '2007-06-29',
      version: '2012-12-28',
      effective: '2012-12-28',
      declaredStatus: null,
    });
    expect(d.units.map((u) => u.number)).toEqual(['第一条', '第二条', '第三条', '第三条之一', '第一百三十三条之二']);
    expect(d.units[0].path).toEqual(['第一章 总则']);
    expect(d.units[1].text).toBe('有下列情形之一的，适用本法：\n（一）甲；\n（二）乙。\n前款规定以外的情形，参照适用。');
    // a line starting 第三条的 is text, not an article
    expect(d.units[2].text).toBe('第三条的规定不是新条文。');
    expect(d.units[3].path).toEqual(['第二章 分则', '第一节 一般规定']);
    expect((d.meta as { history: string[] }).history).toHaveLength(2);
  });

  it('puts the 民法典 part first in the path and takes 施行 lines as the effective date', () => {
    const text = `# 中华人民共和国民法典\n\n# 合同编\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n2021年1月1日 施行\n\n<!-- INFO END -->\n\n## 第一分编  通则\n\n### 第一章  一般规定\n\n第四百六十三条 本编调整因合同产生的民事关系。\n`;
    const d = parseLawRefBook(text, { source: 's', file: '/c/民法典/合同编.md' });
    expect(d).toMatchObject({ title: '中华人民共和国民法典', part: '合同编', effective: '2021-01-01', issuer: '全国人民代表大会' });
    expect(d.units[0]).toEqual({ number: '第四百六十三条', path: ['合同编', '第一分编 通则', '第一章 一般规定'], text: '本编调整因合同产生的民事关系。' });
  });

  it('honours YAML front matter (kind, status, effective, extras kept in meta)', () => {
    const text = `---\nkind: regulation\nstatus: 已废止\neffective: 2011-01-01\ncorpus: 行政法规/x.md\n---\n# 某某条例\n\n<!-- INFO END -->\n\n第一条 内容。\n`;
    const d = parseLawRefBook(text, { source: 's', file: '/tmp/x.md' });
    expect(d).toMatchObject({ kind: 'regulation', declaredStatus: 'repealed', effective: '2011-01-01', meta: { corpus: '行政法规/x.md' } });
  });

  it('splits documents without articles into numbered items (amendment decisions)', () => {
    const text = `# 中华人民共和国刑法修正案（十）\n\n<!-- INFO END -->\n\n为了惩治侮辱国歌的犯罪行为，对刑法作如下修改：\n\n一、将刑法第一条修改为：“甲。”\n\n二、增加一款：“乙。”\n\n本修正案自公布之日起施行。\n`;
    const d = parseLawRefBook(text, { source: 's', file: '/c/刑法/刑法修正案（十）.md' });
    expect(d.units.map((u) => u.number)).toEqual([null, null, null]);
    expect(d.units[1].text).toBe('一、将刑法第一条修改为：“甲。”');
    expect(d.units[2].text).toContain('本修正案自公布之日起施行');
  });

  it('rejects broken files with a reason', () => {
    const bad = (t: string) => () => parseLawRefBook(t, { source: 's', file: '/c/x.md' });
    expect(bad('第一条 没有标题。\n')).toThrow(/缺少标题/);
    expect(bad('# 标题\n\n<!-- INFO END -->\n\n')).toThrow(/正文为空/);
    expect(bad('---\nkind: [oops\n---\n# 标题\n第一条 x\n')).toThrow(ParseError);
    expect(bad('---\nkind: novel\n---\n# 标题\n\n第一条 x\n')).toThrow(/kind 无效/);
    expect(bad('---\nkind: law\n# 标题\n')).toThrow(/没有结束/);
    expect(bad('# 标题\u0000\u0001')).toThrow(/二进制/);
  });

  it('derives kind from the folder, version from the file name, issuer from history', () => {
    expect(kindFromFolders('/c/行政法规/工伤保险条例(2010-12-20).md')).toBe('regulation');
    expect(kindFromFolders('/c/司法解释/x.md')).toBe('interpretation');
    expect(kindFromFolders('/c/部门规章/公安部/x.md')).toBe('rule');
    expect(kindFromFolders('/c/案例/民法典/x.md')).toBe('case');
    expect(kindFromFolders('/c/其他/x.md')).toBeNull();
    expect(fileNameVersion('/c/劳动合同法(2012-12-28).md')).toEqual({ name: '劳动合同法', date: '2012-12-28' });
    expect(fileNameVersion('/c/合同编.md')).toEqual({ name: '合同编', date: null });
    expect(regionOf('上海市物业管理条例')).toBe('上海市');
    expect(regionOf('广西壮族自治区消费者权益保护条例')).toBe('广西壮族自治区');
    expect(regionOf('陕西省西安市城市管理条例')).toBe('陕西省');
    expect(issuerOf('2010年12月20日 中华人民共和国国务院令第586号公布')).toBe('国务院');
    expect(issuerOf('2020年12月29日 最高人民法院审判委员会第1825次会议通过')).toBe('最高人民法院');
    expect(issuerOf('2021年1月1日 人力资源社会保障部令第45号公布')).toBe('人力资源社会保障部');
  });
});

describe('LawRefBook db.sqlite3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrb-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks expired versions repealed, matches by name and date, takes level and effective date', () => {
    const db = new Database(join(dir, 'db.sqlite3'));
    db.exec(`CREATE TABLE law (id TEXT PRIMARY KEY, level TEXT NOT NULL, name TEXT NOT NULL, filename TEXT, publish DATE,
      expired INTEGER NOT NULL, "order" INTEGER, subtitle TEXT, valid_from DATE, ver INTEGER, tags TEXT, category_id TEXT NOT NULL)`);
    const ins = db.prepare('INSERT INTO law (id, level, name, filename, publish, expired, valid_from, category_id) VALUES (?,?,?,?,?,?,?,?)');
    ins.run('1', '法律', '旧法', null, '2009-08-27', 1, '2009-10-01', 'c');
    ins.run('2', '法律', '旧法', null, '2015-01-01', 0, null, 'c');
    ins.run('3', '其他', '某指南', null, null, 0, null, 'c');
    ins.run('4', '法律', '民法典 合同编', '合同编', null, 0, null, 'c');
    db.close();
    mkdirSync(join(dir, '社会法'));
    const file = join(dir, '社会法', '旧法(2009-08-27).md');
    const found = findLawRefBookDb(file);
    expect(found).toBeInstanceOf(LawRefBookDb);
    expect(found!.lookup('旧法', '2009-08-27')).toMatchObject({ expired: true, level: '法律' });
    expect(found!.lookup('旧法', null)).toBeNull(); // ambiguous
    expect(found!.lookup('某指南', null)).toMatchObject({ level: '其他' });
    expect(found!.lookup('合同编', null)).toMatchObject({ level: '法律' });
    const d = parseLawRefBook('# 中华人民共和国旧法\n\n<!-- INFO END -->\n\n第一条 内容。\n', { source: 's', file, db: found });
    expect(d).toMatchObject({ declaredStatus: 'repealed', effective: '2009-10-01', version: '2009-08-27', meta: { level: '法律' } });
  });
});
