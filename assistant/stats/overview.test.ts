// computeOverview over the real schemas of the orders and citizens modules (their migrations),
// with rows written as those modules write them; chat tables are absent and reported missing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openAppDb } from '../db';
import { computeOverview } from './overview';
import { monthPeriod, period, tzOffsetMinutes } from './range';
import { monthlyWorkbook } from './report';

function seeded() {
  const store = openAppDb(':memory:', [
    { name: 'orders', migrations: 'assistant/orders/migrations' },
    { name: 'citizens', migrations: 'assistant/citizens/migrations' },
  ]);
  const db = store.sqlite;
  const order = db.prepare(
    `INSERT INTO orders (order_no, type, state, channel, reason, summary, waiting_since, created_at, updated_at, resolved_at, satisfaction, domain)
     VALUES (?, ?, ?, ?, 'citizen', ?, ?, ?, ?, ?, ?, ?)`,
  );
  // 2026-11-01 01:00 Shanghai = 2026-10-31T17:00Z: counts for November in local time.
  order.run('12348-20261101-000001', 'consultation', 'resolved', 'web', '公司拖欠工资三个月怎么办', '2026-10-31T17:00:00Z', '2026-10-31T17:00:00Z', '2026-11-02T02:00:00Z', '2026-11-02T02:00:00Z', 5, '劳动');
  order.run('12348-20261103-000001', 'legal_aid', 'in_progress', 'voice', '工伤认定后单位不赔偿', '2026-11-03T02:00:00Z', '2026-11-03T02:00:00Z', '2026-11-03T02:00:00Z', null, null, '社保工伤');
  order.run('12348-20261103-000002', 'complaint', 'evaluated', 'web', '拖欠工资投诉', '2026-11-03T03:00:00Z', '2026-11-03T03:00:00Z', '2026-11-05T03:00:00Z', '2026-11-04T03:00:00Z', 3, '劳动');
  order.run('12348-20261201-000001', 'consultation', 'received', 'web', '十二月的工单', '2026-12-01T03:00:00Z', '2026-12-01T03:00:00Z', '2026-12-01T03:00:00Z', null, null, '其他');
  const clock = db.prepare(`INSERT INTO sla_clocks (order_id, clock, started_at, warn_at, due_at, status) VALUES (?, ?, ?, ?, ?, ?)`);
  clock.run(1, 'first_response', '2026-10-31T17:00:00Z', '2026-10-31T17:30:00Z', '2026-10-31T18:00:00Z', 'met');
  clock.run(2, 'first_response', '2026-11-03T02:00:00Z', '2026-11-03T02:30:00Z', '2026-11-03T03:00:00Z', 'breached');
  clock.run(3, 'resolution', '2026-11-03T03:00:00Z', '2026-11-10T03:00:00Z', '2026-11-12T03:00:00Z', 'running');
  db.prepare(`INSERT INTO citizens (id, created_at) VALUES ('c1', '2026-11-01T00:00:00Z')`).run();
  const contact = db.prepare(`INSERT INTO contacts (id, citizen_id, channel, text, topic, started_at) VALUES (?, 'c1', ?, ?, ?, ?)`);
  contact.run('k1', 'web', '公司拖欠工资三个月怎么办', '劳动', '2026-10-31T17:00:00Z');
  contact.run('k2', 'voice', '工伤认定后单位还拖欠工资', '社保工伤', '2026-11-03T02:00:00Z');
  contact.run('k3', 'desk', '离婚后孩子抚养费', '婚姻家庭', '2026-11-03T04:00:00Z');
  contact.run('k4', 'web', '十月的咨询', '其他', '2026-10-31T15:00:00Z'); // 23:00 Shanghai, October
  return store;
}

describe('statistics overview', () => {
  it('counts contacts by door and local day, orders, SLA, satisfaction and topics for a month', () => {
    const store = seeded();
    const p = monthPeriod('2026-11', 480);
    const o = computeOverview(store.sqlite, p, new Date('2026-11-05T00:00:00Z'));
    expect(o.range).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(o.contacts.total).toBe(3);
    expect(o.contacts.byChannel).toMatchObject({ web: 1, voice: 1, desk: 1 });
    expect(o.contacts.byDay).toHaveLength(30);
    expect(o.contacts.byDay[0]).toEqual({ day: '2026-11-01', counts: { web: 1 } });
    expect(o.contacts.byDay[2].counts).toEqual({ voice: 1, desk: 1 });
    expect(o.orders.created).toBe(3);
    expect(o.orders.resolved).toBe(2);
    expect(o.orders.byState.map((s) => [s.label, s.count])).toEqual([
      ['办理中', 1],
      ['已办结', 1],
      ['已回访评价', 1],
    ]);
    expect(o.sla).toMatchObject({ met: 1, breached: 1, running: 1, rate: 0.5 });
    expect(o.satisfaction.orders).toEqual({ count: 2, avg: 4, dist: [0, 0, 1, 0, 1] });
    expect(o.topics.keywords[0]).toEqual({ term: '拖欠工资', count: 2 });
    expect(o.topics.domains.map((d) => d.domain)).toEqual(expect.arrayContaining(['劳动', '社保工伤', '婚姻家庭']));
    expect(o.missing).toEqual(expect.arrayContaining(['在线对话', '回答评价']));
    // Later, the running resolution clock is past its deadline: it counts as a miss.
    expect(computeOverview(store.sqlite, p, new Date('2026-11-20T00:00:00Z')).sla).toMatchObject({ met: 1, breached: 2, running: 0 });
    store.close();
  });

  it('counts chat conversations by door, keywords from citizen messages, and answer ratings', () => {
    const store = openAppDb(':memory:', [
      { name: 'citizens', migrations: 'assistant/citizens/migrations' },
      { name: 'chat', migrations: 'assistant/chat/migrations' },
    ]);
    const db = store.sqlite;
    const conv = db.prepare(`INSERT INTO chat_conversations (id, channel, domain, created_at) VALUES (?, ?, ?, ?)`);
    const msg = db.prepare(`INSERT INTO chat_messages (id, conversation_id, role, kind, text, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    conv.run('c1', 'web', '劳动', '2026-11-02T02:00:00Z');
    conv.run('c2', 'voice', '劳动', '2026-11-02T03:00:00Z');
    msg.run('m1', 'c1', 'citizen', 'text', '老板拖欠工资怎么办', '2026-11-02T02:00:00Z', 1);
    msg.run('m2', 'c1', 'assistant', 'answer', '根据劳动合同法……拖欠工资', '2026-11-02T02:00:01Z', 2);
    msg.run('m3', 'c2', 'citizen', 'text', '单位拖欠工资两个月', '2026-11-02T03:00:00Z', 1);
    db.prepare(`INSERT INTO chat_ratings (message_id, conversation_id, useful, created_at) VALUES ('m2', 'c1', 1, '2026-11-02T02:01:00Z')`).run();
    // A desk visit is a contact without a conversation; a chat contact is not counted twice.
    db.prepare(`INSERT INTO citizens (id, created_at) VALUES ('z', '2026-11-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO contacts (id, citizen_id, channel, conversation_id, started_at) VALUES ('k1', 'z', 'web', 'c1', '2026-11-02T02:00:00Z'), ('k2', 'z', 'desk', NULL, '2026-11-02T04:00:00Z')`).run();
    const o = computeOverview(db, period('2026-11-01', '2026-11-07', 480));
    expect(o.contacts.total).toBe(3);
    expect(o.contacts.byChannel).toMatchObject({ web: 1, voice: 1, desk: 1 });
    expect(o.topics.keywords[0]).toEqual({ term: '拖欠工资', count: 2 });
    expect(o.topics.domains).toEqual([{ domain: '劳动', count: 2 }]);
    expect(o.satisfaction.answers).toEqual({ useful: 1, notUseful: 0, rate: 1 });
    expect(o.missing).not.toContain('在线对话');
    store.close();
  });

  it('works on an empty store without any module tables', () => {
    const store = openAppDb(':memory:', []);
    const o = computeOverview(store.sqlite, period('2026-11-01', '2026-11-07', 480));
    expect(o.contacts.total).toBe(0);
    expect(o.contacts.byDay).toHaveLength(7);
    expect(o.orders.created).toBe(0);
    expect(o.sla.rate).toBeNull();
    expect(o.missing).toEqual(expect.arrayContaining(['工单', '来电来访记录', '时限记录', '建议答复']));
    store.close();
  });

  it('writes the monthly report workbook with its sheets and figures', async () => {
    const store = seeded();
    const o = computeOverview(store.sqlite, monthPeriod('2026-11', 480), new Date('2026-11-05T00:00:00Z'));
    const buf = await monthlyWorkbook(o, { month: '2026-11', platform: '某市12348公共法律服务平台', generatedAt: new Date('2026-12-01T01:00:00Z') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['月报总表', '每日咨询量', '热点问题', '工单情况', '时限执行', '满意度']);
    const sum = wb.getWorksheet('月报总表')!;
    expect(String(sum.getCell('A1').value)).toContain('2026年11月');
    const values = new Map<string, unknown>();
    sum.eachRow((r) => values.set(String(r.getCell(1).value).trim(), r.getCell(2).value));
    expect(values.get('咨询总量')).toBe(3);
    expect(values.get('新建工单')).toBe(3);
    expect(values.get('按时办理率')).toBe('50.0%');
    expect(wb.getWorksheet('每日咨询量')!.rowCount).toBe(31);
    expect(wb.getWorksheet('热点问题')!.getCell('B2').value).toBe('拖欠工资');
    store.close();
  });

  it('maps local days to UTC bounds and refuses bad ranges', () => {
    expect(tzOffsetMinutes('Asia/Shanghai', new Date('2026-11-23T00:00:00Z'))).toBe(480);
    const p = period('2026-11-01', '2026-11-02', 480);
    expect(p.startUtc).toBe('2026-10-31T16:00:00.000Z');
    expect(p.endUtc).toBe('2026-11-02T16:00:00.000Z');
    expect(() => period('2026-11-05', '2026-11-01', 480)).toThrow();
    expect(() => period('2026/11/01', '2026-11-02', 480)).toThrow();
    expect(() => monthPeriod('2026-13', 480)).toThrow();
  });
});
