// The stats routes on a real server: staff auth, date validation, JSON and the XLSX download.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { startTestServer, type TestServer } from '../testing/server';

const clock = new ManualClock(new Date('2026-11-23T10:00:00+08:00'));
let s: TestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  s = await startTestServer({ clock });
  const r = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }) });
  auth = { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
  // Real activity: two chat questions over REST and one desk order.
  for (const text of ['老板拖欠工资怎么办', '单位拖欠工资不发']) {
    await fetch(`${s.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ text }) });
  }
  await fetch(`${s.url}/api/orders`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'visit', channel: 'desk', summary: '来访咨询拖欠工资' }) });
});
afterAll(async () => {
  await s?.cleanup();
});

describe('stats routes', () => {
  it('require a staff session', async () => {
    expect((await fetch(`${s.url}/api/stats/overview`)).status).toBe(401);
    expect((await fetch(`${s.url}/api/stats/monthly.xlsx`)).status).toBe(401);
  });

  it('refuse malformed dates with a Chinese message', async () => {
    const r = await fetch(`${s.url}/api/stats/overview?from=2026/11/01`, { headers: auth });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toContain('日期格式');
  });

  it('count the real activity of the other modules for the last 30 local days', async () => {
    const o = (await (await fetch(`${s.url}/api/stats/overview`, { headers: auth })).json()) as {
      range: { to: string };
      contacts: { total: number; byChannel: Record<string, number> };
      orders: { created: number };
      topics: { keywords: { term: string; count: number }[] };
    };
    expect(o.range.to).toBe('2026-11-23');
    expect(o.contacts.total).toBeGreaterThanOrEqual(2);
    expect(o.orders.created).toBe(1);
    expect(o.topics.keywords[0].term).toBe('拖欠工资');
  });

  it('exports the monthly report as an XLSX download', async () => {
    const r = await fetch(`${s.url}/api/stats/monthly.xlsx?month=2026-11`, { headers: auth });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(r.headers.get('content-disposition') ?? '')).toContain('统计月报表-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    expect(String(wb.getWorksheet('月报总表')!.getCell('A1').value)).toContain('2026年11月');
  });
});
