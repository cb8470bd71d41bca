import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorkOrders } from './orders';

const dir = mkdtempSync(join(tmpdir(), 'orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('work orders', () => {
  it('imports the dev.jsonl shape as it is (gold_articles, reference_answer, NaN)', async () => {
    const p = file(
      'dev.jsonl',
      [
        '{"id": "lecoqa-0", "question": "谁可以成为个体工商户？", "gold_articles": [{"law": "中华人民共和国民法典", "article": "第五十四条", "file": "民法典/总则.md", "check": "text", "text_sim": 1.0}], "category": "民事总则", "source": "lecoqa", "source_id": "0", "split": "dev", "reference_answer": "您好，有经营能力的公民经过登记可以成为个体工商户。"}',
        '',
        '{"id": "lecoqa-1074", "question": "监护资格撤销后可以恢复吗？", "gold_articles": [{"law": "中华人民共和国民法典", "article": "第三十八条"}], "category": "民事总则", "reference_answer": NaN}',
      ].join('\n'),
    );
    const orders = await parseWorkOrders(p);
    expect(orders).toEqual([
      {
        externalId: 'lecoqa-0',
        question: '谁可以成为个体工商户？',
        category: '民事总则',
        resolution: '您好，有经营能力的公民经过登记可以成为个体工商户。',
        cited: [{ law: '中华人民共和国民法典', article: '第五十四条' }],
      },
      {
        externalId: 'lecoqa-1074',
        question: '监护资格撤销后可以恢复吗？',
        category: '民事总则',
        cited: [{ law: '中华人民共和国民法典', article: '第三十八条' }],
      },
    ]);
  });

  it('reads CSV with Chinese headers, citation lists, dates and satisfaction words', async () => {
    const p = file(
      'orders.csv',
      '\uFEFF工单号,咨询内容,类别,渠道,地区,答复,法律依据,受理时间,满意度,备注\n' +
        'A-1,老板拖欠工资,劳动争议,12348热线,西安市,可申请仲裁,"中华人民共和国劳动合同法第三十条、第八十五条",2025/3/1 09:30,满意,x\n' +
        'A-2,"邻居漏水，怎么办",人民调解,网站,,,,2025年3月2日,5,\n',
    );
    const orders = await parseWorkOrders(p);
    expect(orders[0]).toEqual({
      externalId: 'A-1',
      question: '老板拖欠工资',
      category: '劳动争议',
      channel: '12348热线',
      region: '西安市',
      resolution: '可申请仲裁',
      cited: [
        { law: '中华人民共和国劳动合同法', article: '第三十条' },
        { law: '中华人民共和国劳动合同法', article: '第八十五条' },
      ],
      createdAt: '2025-03-01T09:30:00',
      satisfaction: 4,
    });
    expect(orders[1]).toMatchObject({ question: '邻居漏水，怎么办', createdAt: '2025-03-02', satisfaction: 5, cited: [] });
  });

  it('reads a GBK-encoded CSV as Excel on Chinese Windows saves it', async () => {
    const p = file('gbk.csv', Buffer.from('cecacce22cc0e0b1f00ac0cfb0e5c7b7d0bd2cc0cdb6afd5f9d2e90a', 'hex'));
    expect(await parseWorkOrders(p)).toEqual([{ externalId: '#2', question: '老板欠薪', category: '劳动争议', cited: [] }]);
  });

  it('reads XLSX (header row, rich text, dates, numbers)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('工单');
    ws.addRow(['question', 'category', 'cited', 'created_at', 'satisfaction', 'synthetic']);
    ws.addRow(['离婚后孩子抚养费怎么算', '婚姻家庭', '中华人民共和国民法典 第1085条', new Date(Date.UTC(2025, 0, 5)), 3, '是']);
    ws.addRow([]);
    ws.addRow([{ richText: [{ text: '借钱' }, { text: '不还' }] }, '借贷债务', '', '', '', '']);
    const p = file('orders.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const orders = await parseWorkOrders(p);
    expect(orders).toEqual([
      {
        externalId: '#2',
        question: '离婚后孩子抚养费怎么算',
        category: '婚姻家庭',
        cited: [{ law: '中华人民共和国民法典', article: '第一千零八十五条' }],
        createdAt: '2025-01-05',
        satisfaction: 3,
        synthetic: true,
      },
      { externalId: '#4', question: '借钱不还', category: '借贷债务', cited: [] },
    ]);
  });

  it('fails the whole file with the line number of a bad record', async () => {
    await expect(parseWorkOrders(file('a.jsonl', '{"question":"好"}\n{"question": 好}\n'))).rejects.toThrow(/第 2 行不是有效的 JSON/);
    await expect(parseWorkOrders(file('b.jsonl', '{"category":"x"}\n'))).rejects.toThrow(/第 1 行: 缺少问题内容/);
    await expect(parseWorkOrders(file('c.jsonl', '[1,2]\n'))).rejects.toThrow(/应为 JSON 对象/);
    await expect(parseWorkOrders(file('d.csv', 'question,satisfaction\n问,9\n'))).rejects.toThrow(/第 2 行: 满意度/);
    await expect(parseWorkOrders(file('e.csv', 'question,category\n"未闭合,x\n'))).rejects.toThrow(/CSV 格式错误/);
    await expect(parseWorkOrders(file('f.xlsx', 'not a zip'))).rejects.toThrow(/不是有效的 XLSX/);
    await expect(parseWorkOrders(file('g.jsonl', '{"question":"问","cited":[{"law":1}]}'))).rejects.toThrow(/无法识别的引用条文/);
    await expect(parseWorkOrders(file('h.txt', 'x'))).rejects.toThrow(/不支持的工单文件格式/);
  });
});
