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
    ['挡路', '通行'],
    ['堵路', '通行'],
    ['停水停电', '停止供电'],
    ['断水断电', '停止供电'],
    ['每天', '每日'],
    ['上班时间', '工作时间'],
    ['孩子', '子女'],
    ['奶奶', '祖父母'],
    ['过世', '死亡'],
    ['交警', '公安机关交通管理部门'],
    ['房子', '房屋'],
    ['按揭', '抵押'],
    ['户口本', '户口簿'],
    ['帮信罪', '帮助信息网络犯罪活动'],
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

  it('maps the everyday words of a spoken question (family, home, police) to the statutes\' words', () => {
    const m = t.match('我奶奶过世了，房子被儿子拿去按揭了，交警那边还扣着车子');
    const to = new Set(m.flatMap((x) => x.to));
    for (const w of ['祖父母', '死亡', '房屋', '子女', '抵押', '公安机关交通管理部门', '机动车']) expect(to.has(w), w).toBe(true);
  });

  it("maps the hotline's words for fights, pets, relatives, tickets and fraud to the statutes' words", () => {
    const to = (s: string) => new Set(t.match(s).flatMap((x) => x.to));
    const pets = to('邻居遛狗没拴绳，狗把我侄子咬伤了，狗主人还打人');
    for (const w of ['饲养的动物', '犬只', '人身损害', '殴打', '兄弟姐妹的子女']) expect(pets.has(w), w).toBe(true);
    const trip = to('飞机晚点了，退票要扣钱吗');
    for (const w of ['延误', '客票']) expect(trip.has(w), w).toBe(true);
    const fraud = to('骗保会入刑吗');
    for (const w of ['保险诈骗', '刑事责任']) expect(fraud.has(w), w).toBe(true);
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

describe('gap keys ("不签…合同")', () => {
  const t = loadThesaurus();

  it.each([
    ['公司一直不签劳动合同怎么办', '未订立书面劳动合同', '不签劳动合同'],
    ['入职半年没签合同', '未订立书面劳动合同', '没签合同'],
    ['老板不给我签合同', '未订立书面劳动合同', '不给我签合同'],
    ['老板欠我三个月工资', '劳动报酬', '欠我三个月工资'],
    ['工资一直不发', '劳动报酬', '工资一直不发'],
    ['朋友借了我钱一直不还', '返还借款', '借了我钱一直不还'],
    ['单位没给我交社保', '未依法缴纳社会保险费', '没给我交社保'],
    ['房东把房子卖了我还能住吗', '所有权变动', '房子卖了'],
    ['租的房子被房东卖了', '所有权变动', '房子被房东卖了'],
    ['物业给我家停水停电催物业费', '停止供电', '停水停电'],
  ])('%s → %s (matched %s)', (text, legal, spanned) => {
    const m = t.match(text);
    const hit = m.find((x) => x.to.includes(legal));
    expect(hit?.from).toBe(spanned);
  });

  it('a gap stays inside one clause and spans at most four characters', () => {
    expect(t.match('我不签，合同的事以后再说').some((x) => x.to.includes('未订立书面劳动合同'))).toBe(false);
    expect(t.match('不签这个很长很长的合同').some((x) => x.to.includes('未订立书面劳动合同'))).toBe(false);
  });

  it('looks a plain phrase up through the gap key that spans it', () => {
    expect(t.lookup('借钱不还')).toContain('返还借款');
    expect(t.lookup('不签劳动合同')).toContain('未订立书面劳动合同');
  });

  it('rejects a gap at either end or two in a row', () => {
    for (const key of ['…合同', '不签…', '不签……合同']) {
      expect(() => parseThesaurus({ version: 1, groups: [{ topic: 'a', entries: { [key]: ['x'] } }] }), key).toThrow(/「…」/);
    }
  });
});
