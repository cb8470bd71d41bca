// Test fixture: a small real knowledge store (SQLite file in a temp dir) written through the
// store's own writer — a few real articles (劳动合同法, 民法典, 道路交通安全法), an older
// superseded version, a local regulation with a region, a typical case and past work orders.
// Used by the search tests; not used at run time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKnowledgeStore } from '../store/db';
import { StoreWriter, type NewDocument } from '../store/writes';
import { openKnowledge } from '../index';
import type { Knowledge, PastOrder } from '../types';

const LCL = '中华人民共和国劳动合同法';
const CIVIL = '中华人民共和国民法典';
const ROAD = '中华人民共和国道路交通安全法';

const laborUnits = [
  { number: '第三十条', path: ['第三章 劳动合同的履行和变更'], text: '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。\n用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令，人民法院应当依法发出支付令。' },
  { number: '第三十八条', path: ['第四章 劳动合同的解除和终止'], text: '用人单位有下列情形之一的，劳动者可以解除劳动合同：\n（一）未按照劳动合同约定提供劳动保护或者劳动条件的；\n（二）未及时足额支付劳动报酬的；\n（三）未依法为劳动者缴纳社会保险费的；' },
  { number: '第四十七条', path: ['第四章 劳动合同的解除和终止'], text: '经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准向劳动者支付。六个月以上不满一年的，按一年计算；不满六个月的，向劳动者支付半个月工资的经济补偿。' },
  { number: '第八十七条', path: ['第七章 法律责任'], text: '用人单位违反本法规定解除或者终止劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金。' },
  { number: '第八十二条', path: ['第七章 法律责任'], text: '用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。' },
];

export const FIXTURE_DOCUMENTS: NewDocument[] = [
  { kind: 'law', title: LCL, version: '2012-12-28', effective: '2013-07-01', source: 'labor/2012.md', units: laborUnits },
  {
    kind: 'law',
    title: LCL,
    version: '2007-06-29',
    effective: '2008-01-01',
    source: 'labor/2007.md',
    units: [{ number: '第三十条', path: ['第三章 劳动合同的履行和变更'], text: '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。（旧版本）' }],
  },
  {
    kind: 'law',
    title: CIVIL,
    part: '婚姻家庭编',
    version: '2020-05-28',
    effective: '2021-01-01',
    source: 'civil/marriage.md',
    units: [
      { number: '第一千零七十九条', path: ['婚姻家庭编', '第四章 离婚'], text: '夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。\n人民法院审理离婚案件，应当进行调解；如果感情确已破裂，调解无效的，应当准予离婚。' },
      { number: '第一千零四十二条', path: ['婚姻家庭编', '第一章 一般规定'], text: '禁止包办、买卖婚姻和其他干涉婚姻自由的行为。禁止借婚姻索取财物。' },
      { number: '第一千零八十五条', path: ['婚姻家庭编', '第四章 离婚'], text: '离婚后，子女由一方直接抚养的，另一方应当负担部分或者全部抚养费。负担费用的多少和期限的长短，由双方协议；协议不成的，由人民法院判决。' },
    ],
  },
  {
    kind: 'law',
    title: CIVIL,
    part: '合同编',
    version: '2020-05-28',
    effective: '2021-01-01',
    source: 'civil/contract.md',
    units: [
      { number: '第六百七十五条', path: ['合同编', '第十二章 借款合同'], text: '借款人应当按照约定的期限返还借款。对借款期限没有约定或者约定不明确，依据本法第五百一十条的规定仍不能确定的，借款人可以随时返还；贷款人可以催告借款人在合理期限内返还。' },
    ],
  },
  {
    kind: 'law',
    title: ROAD,
    version: '2021-04-29',
    effective: '2021-04-29',
    source: 'road.md',
    units: [
      { number: '第七十六条', path: ['第五章 交通事故处理'], text: '机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在机动车第三者责任强制保险责任限额范围内予以赔偿；不足的部分，按照下列规定承担赔偿责任。' },
    ],
  },
  {
    kind: 'local',
    title: '浙江省劳动人事争议调解仲裁条例',
    region: '浙江省',
    version: '2020-01-01',
    effective: '2020-01-01',
    source: 'local/zj.md',
    units: [{ number: '第十条', path: [], text: '劳动者追索劳动报酬的争议，可以向用人单位所在地的劳动人事争议仲裁委员会申请仲裁。' }],
  },
  {
    kind: 'case',
    title: '张某诉某公司拖欠工资案',
    version: null,
    source: 'cases/wage.md',
    meta: { cited: [{ law: LCL, article: '第三十条' }] },
    units: [
      { number: '基本案情', path: [], text: '张某在某公司工作，公司连续三个月拖欠其工资，张某申请劳动仲裁要求支付劳动报酬。' },
      { number: '裁判结果', path: [], text: '仲裁委支持张某的请求，公司应当足额支付拖欠的劳动报酬。' },
    ],
  },
];

export const FIXTURE_ORDERS: PastOrder[] = [
  { externalId: 'o1', question: '老板拖欠工资三个月不给怎么办', cited: [{ law: LCL, article: '第三十条' }], synthetic: true },
  { externalId: 'o2', question: '公司不发工资我能辞职并要补偿吗', cited: [{ law: LCL, article: '第三十八条' }, { law: LCL, article: '第四十七条' }], synthetic: true },
  { externalId: 'o3', question: '被公司无故开除能拿多少赔偿', cited: [{ law: LCL, article: '第八十七条' }], synthetic: true },
  { externalId: 'o4', question: '男方家要求退还彩礼合法吗', cited: [{ law: CIVIL, article: '第一千零四十二条' }], synthetic: true },
  { externalId: 'o5', question: '离婚后孩子的抚养费怎么算', cited: [{ law: CIVIL, article: '第一千零八十五条' }], synthetic: true },
  { externalId: 'o6', question: '朋友借钱不还怎么办', cited: [{ law: CIVIL, article: '第六百七十五条' }], synthetic: true },
  { externalId: 'o7', question: '出了车祸对方保险怎么赔', cited: [{ law: ROAD, article: '第七十六条' }], synthetic: true },
  { externalId: 'o8', question: '工作半年没签劳动合同能要双倍工资吗', cited: [{ law: LCL, article: '第八十二条' }], synthetic: true },
];

export interface Fixture {
  dir: string;
  dbPath: string;
  cleanup(): void;
}

/** Write the fixture store into a fresh temp dir. */
export function makeFixtureStore(opts: { orders?: boolean } = {}): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'lawline-search-'));
  const dbPath = join(dir, 'knowledge.sqlite');
  const store = openKnowledgeStore(dbPath);
  try {
    const w = new StoreWriter(store, { today: '2025-01-01' });
    w.writeFile({ path: 'fixture/laws', hash: 'h1', format: 'test', documents: FIXTURE_DOCUMENTS, orders: [] });
    if (opts.orders !== false)
      w.writeFile({
        path: 'fixture/orders.jsonl',
        hash: 'h2',
        format: 'test',
        documents: [],
        orders: FIXTURE_ORDERS.map((o) => ({ ...o, source: 'fixture/orders.jsonl' })),
      });
  } finally {
    store.close();
  }
  return { dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The fixture store opened for search (no vector engine); `close` also removes the files. */
export async function openFixtureKnowledge(opts: { orders?: boolean } = {}): Promise<{ k: Knowledge; fx: Fixture; close(): void }> {
  const fx = makeFixtureStore(opts);
  const k = await openKnowledge({ dbPath: fx.dbPath, embedding: { provider: 'none' } });
  return {
    k,
    fx,
    close() {
      k.close();
      fx.cleanup();
    },
  };
}
