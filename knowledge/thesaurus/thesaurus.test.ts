import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadThesaurus, parseThesaurus, THESAURUS_PATH } from './thesaurus';

describe('thesaurus data', () => {
  const t = loadThesaurus();

  it('is valid and covers the common 12348 topics with at least 200 keys', () => {
    expect(t.size).toBeGreaterThanOrEqual(200);
    expect(t.topics()).toEqual(
      expect.arrayContaining(['劳动用工', '婚姻家庭', '继承', '借贷债务', '交通事故', '医疗', '房产与租赁', '消费者权益']),
    );
  });

  it.each([
    ['老板', '用人单位'],
    ['工资', '劳动报酬'],
    ['辞退', '解除劳动合同'],
    ['开除', '解除劳动合同'],
    ['炒鱿鱼', '解除劳动合同'],
    ['车祸', '交通事故'],
    ['欠钱不还', '借款'],
    ['房东', '出租人'],
    ['拆迁', '征收'],
    ['网购', '电子商务'],
    ['医疗纠纷', '医疗损害'],
    ['彩礼', '借婚姻索取财物'],
  ])('%s → %s', (from, to) => {
    expect(t.lookup(from)).toContain(to);
  });

  it('has the topics a citizen asks about as keys', () => {
    for (const k of ['彩礼', '抚养费', '工伤', '离婚', '遗产', '租房', '物业', '退货']) expect(t.lookup(k), k).toBeDefined();
  });

  it('matches phrases longest first and skips keys inside a longer match', () => {
    const m = t.match('老板拖欠工资还把我炒鱿鱼了');
    const froms = m.map((x) => x.from);
    expect(froms).toContain('拖欠工资');
    expect(froms).toContain('老板');
    expect(froms).toContain('炒鱿鱼');
    expect(froms).not.toContain('工资'); // inside 拖欠工资
  });

  it('no key maps to itself only, no duplicates across groups', () => {
    const raw = JSON.parse(readFileSync(THESAURUS_PATH, 'utf8'));
    const keys = raw.groups.flatMap((g: { entries: Record<string, string[]> }) => Object.keys(g.entries));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('thesaurus validation', () => {
  it('rejects duplicates, self-maps and bad shapes with a clear message', () => {
    expect(() => parseThesaurus({ version: 1, groups: [{ topic: 'a', entries: { 老板: ['老板'] } }] })).toThrow(/maps only to itself/);
    expect(() =>
      parseThesaurus({
        version: 1,
        groups: [
          { topic: 'a', entries: { 老板: ['用人单位'] } },
          { topic: 'b', entries: { 老板: ['雇主'] } },
        ],
      }),
    ).toThrow(/duplicate key 老板/);
    expect(() => parseThesaurus({ version: 1, groups: [{ topic: 'a', entries: { 老板: [] } }] })).toThrow(/thesaurus invalid/);
    expect(() => parseThesaurus({ version: 2, groups: [] })).toThrow(/thesaurus invalid/);
  });
});
