import { describe, expect, it } from 'vitest';
import { Catalogue } from './catalogue';
import type { UnitMetaRow } from './store-read';

const row = (id: number, title: string, number: string, path: string): UnitMetaRow => ({
  id,
  docId: 1,
  number,
  path,
  kind: 'law',
  title,
  part: null,
  status: 'in_force',
  region: null,
  effective: null,
});

describe('catalogue chapters', () => {
  it('gives units of one law and chapter path one chapter id, and lists its units', () => {
    const ch1 = JSON.stringify(['第一章 总则']);
    const ch2 = JSON.stringify(['第二章 劳动合同的订立']);
    const rows = [
      row(1, '劳动合同法', '第一条', ch1),
      row(2, '劳动合同法', '第二条', ch1),
      row(3, '劳动合同法', '第七条', ch2),
      row(4, '民法典', '第一条', ch1), // same path, other law: another chapter
    ];
    const c = new Catalogue(rows, Int32Array.from([1, 2, 3, 4]));
    expect(c.chapterOf[0]).toBe(c.chapterOf[1]);
    expect(c.chapterOf[2]).not.toBe(c.chapterOf[0]);
    expect(c.chapterOf[3]).not.toBe(c.chapterOf[0]);
    expect(c.chapterUnits[c.chapterOf[0]]).toEqual([0, 1]);
    expect(c.chapterUnits.length).toBe(3);
    expect(c.lawUnits[c.lawOf[0]]).toEqual([0, 1, 2]);
    expect(c.lawUnits[c.lawOf[3]]).toEqual([3]);
  });
});
