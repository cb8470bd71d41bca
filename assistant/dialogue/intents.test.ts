// intents.json `progressQuery` (reviewed data): a citizen asking about their own work order is
// recognised; legal questions that merely contain 进度/申请/多久-like words are not. Texts are
// matched as the dialogue sees them (redacted).
import { describe, expect, it } from 'vitest';
import { redact } from '../log';
import { loadIntents } from './intents';
import { orderNoIn } from './progress';

const intents = loadIntents();
const isProgress = (text: string) => intents.progressQuery.some((r) => r.test(redact(text)));

describe('progressQuery', () => {
  it.each([
    '我的工单办得怎么样了',
    '查一下工单进度',
    '我反映的问题有人处理了吗',
    '工单进度',
    '工单状态',
    '查询进度',
    '帮我查一下进度',
    '进度怎么样了',
    '查工单',
    '我想查工单',
    '我的诉求有进展吗',
    '我的申请到哪一步了',
    '我的法律援助申请怎么样了',
    '我之前提交的诉求怎么样了',
    '我昨天反映的情况有回复了吗',
    '我咨询的问题有人回复了吗',
    '我投诉的问题有人处理了吗',
    '我们的工单到哪一步了',
    '我的工单有没有人处理',
    '我的事情办好了没',
    '我的问题处理了吗',
    '12348-20260302-000123',
    '工单号12348-20260302-000123，进度怎么样了',
    '查询 12348－20260302－000123 的进度',
  ])('matches 「%s」', (q) => {
    expect(isProgress(q)).toBe(true);
  });

  it.each([
    '离婚诉讼一般多久',
    // the progress of an arbitration, court or other authority's case is a legal question
    '劳动仲裁的进度怎么查',
    '我申请劳动仲裁的进度怎么查',
    '法院立案后进度怎么查询',
    '案件审理进度怎么查',
    '我的案子进度怎么查',
    '申请劳动仲裁需要多长时间',
    '仲裁申请提交后多久有结果',
    '工伤认定申请后多久有结果',
    '法院审查诉求需要多久',
    '工程进度款拖欠怎么办',
    '装修进度拖延怎么维权',
    '我的事情怎么样才能解决',
    '我的问题是公司不发工资怎么办',
    '我的问题解决了，谢谢',
    '公司拖欠工资怎么办',
    // a complaint is handed to a person, not answered with a status
    '我要投诉，我的工单到现在都没有进展',
    '我的工单怎么还没有人处理',
    '我的工单号是多少',
    '12348-20260302-000123 我还要补充材料',
  ])('does not match 「%s」', (q) => {
    expect(isProgress(q)).toBe(false);
  });
});

describe('orderNoIn', () => {
  it('finds an order number as people type it, normalised to the orders service format', () => {
    expect(orderNoIn('工单号12348-20260302-000123，进度怎么样了')).toBe('12348-20260302-000123');
    expect(orderNoIn('查询 １２３４８－２０２６０３０２－０００１２３')).toBe('12348-20260302-000123');
    expect(orderNoIn('12348202603021234567')).toBe('12348-20260302-1234567');
    expect(orderNoIn('拨打12348热线')).toBeNull();
  });
});
