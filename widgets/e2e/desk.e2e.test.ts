// The staff desk in real Chromium: SLA colours and live warnings in the queue (server and browser
// on one controlled clock), knowledge search with "why it matched", the ledgers with export, and
// the statistics page with charts and the 统计月报表 XLSX; accessibility on every page.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../assistant/clock';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { axe, launch, screenshot, serious, type Browser } from './browser';

// Monday 10:00 in Shanghai: business hours, so SLA clocks run.
const clock = new ManualClock(new Date('2026-11-23T10:00:00+08:00'));
let s: TestServer;
let browser: Browser;
let page: Page;
let token = '';
const created: Record<string, string> = {};

async function call(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${s.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await r.json()) as Record<string, unknown>;
  if (!r.ok) throw new Error(`${path}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  s = await startTestServer({ clock });
  token = String((await call('/api/auth/login', { username: 'admin', password: 'admin-pass-123' })).token);
  // Activity through the real APIs: chats (with a rating), a handoff from chat, orders from the desk.
  for (const text of ['公司拖欠工资三个月怎么办', '交通事故对方不赔偿怎么办', '离婚后孩子抚养费怎么算']) {
    const a = await call('/api/chat', { text });
    if (text.includes('工资')) await call(`/api/conversations/${a.conversationId}/ratings`, { messageId: a.messageId, useful: true });
  }
  const orders: [string, string, string][] = [
    ['consultation', 'web', '老板拖欠工资不给，想咨询怎么维权'],
    ['legal_aid', 'voice', '工伤后单位不赔偿，申请法律援助'],
    ['visit', 'desk', '来访咨询邻里纠纷'],
  ];
  for (const [type, channel, summary] of orders) {
    const r = (await call('/api/orders', { type, channel, summary, citizen: { phone: '13700001111' } })) as { order: { orderNo: string } };
    created[type] = r.order.orderNo;
  }
  // Three hours later (13:00, lunch break) the first-response clocks are past due; an order taken
  // now is not at risk: its first response is due at 14:00 (30 business minutes from 13:30).
  clock.advance(3 * 3_600_000);
  const fresh = (await call('/api/orders', { type: 'consultation', channel: 'voice', summary: '刚来电咨询加班费怎么计算', citizen: { phone: '13700003333' } })) as { order: { orderNo: string } };
  created.fresh = fresh.order.orderNo;
  browser = await launch();
  const ctx = await browser.context({ width: 1440, height: 900 });
  page = await ctx.newPage();
  await page.clock.setFixedTime(clock.now());
  await page.goto(`${s.url}/desk`);
  await page.fill('#login-user', 'admin');
  await page.fill('#login-pass', 'admin-pass-123');
  await page.click('button[type=submit]');
  await page.locator('[data-testid=queue]').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

describe('staff desk', () => {
  it('refuses a wrong password with a Chinese message', async () => {
    const ctx = await browser.context();
    const p = await ctx.newPage();
    await p.goto(`${s.url}/desk`);
    await p.fill('#login-user', 'admin');
    await p.fill('#login-pass', 'wrong-password');
    await p.click('button[type=submit]');
    expect(await p.locator('[role=alert]').textContent()).toContain('用户名或密码不正确');
    await ctx.close();
  });

  it('shows overdue orders in red at the top of the queue, with a live warning', async () => {
    const row = page.locator(`tr[data-order-no="${created.consultation}"]`);
    await row.waitFor();
    await expect.poll(() => row.locator('.sla').getAttribute('data-sla')).toBe('overdue');
    expect(await row.getAttribute('class')).toContain('sla-overdue');
    // Each row says how late (or how much time is left on) its most urgent running clock.
    expect(await row.locator('.sla').textContent()).toBe('已超时 · 首次响应超时2小时30分');
    const fresh = page.locator(`tr[data-order-no="${created.fresh}"]`);
    expect(await fresh.locator('.sla').getAttribute('data-sla')).toBe('ok');
    expect(await fresh.locator('.sla').textContent()).toBe('正常 · 首次响应剩余1小时0分');
    expect(await fresh.locator('.sla').getAttribute('title')).toMatch(/^首次响应剩余1小时0分；回拨剩余\d+小时\d+分；办结剩余\d+天\d+小时$/);
    // Overdue rows come first.
    expect(await page.locator('[data-testid=queue] tbody tr').first().locator('.sla').getAttribute('data-sla')).toBe('overdue');
    // The SLA check the queue triggered pushed sla.* frames over /ws/desk: a toast names the order.
    await page.locator('.toast').first().waitFor({ timeout: 10_000 });
    // The notice is the server's Chinese message, e.g. 超时：工单 … 的首次响应超时，…
    expect(await page.locator('.toasts').textContent()).toMatch(/(超时|预警)：工单 12348-\d{8}-\d+ 的(首次响应|回拨|办结)/);
    expect(await page.locator('.toasts').textContent()).not.toMatch(/[a-z]_[a-z]|overdue/);
    await screenshot(page, 'desk-queue-sla');
    expect(serious(await axe(page))).toEqual([]);
  });

  it('works an order: claim, log a callback, reveal the number (logged), transfer to a partner', async () => {
    const no = created.consultation;
    await page.goto(`${s.url}/desk#/orders/${no}`);
    // the assist panel's typical cases say which articles each case applied
    await expect.poll(() => page.locator('section[aria-labelledby=as-cases]').textContent(), { timeout: 15_000 }).toMatch(/适用法条：《劳动合同法》第[一二三四五六七八九十百]+条/);
    const actions = page.getByTestId('order-actions');
    await actions.locator('button', { hasText: '认领' }).click();
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('已认领');
    // Revealing the full number is a separate action, recorded in the access log.
    await page.click('button:has-text("查看完整号码")');
    await expect.poll(() => page.locator('.kv').textContent()).toContain('13700001111');
    const log = (await call(`/api/access-log?target=${encodeURIComponent(`order:${no}`)}`)) as { entries: { action: string }[] };
    expect(log.entries.map((e) => e.action)).toContain('order.reveal_phone');
    await actions.locator('button', { hasText: '回拨记录' }).click();
    await page.selectOption('#cb-outcome', 'reached');
    await page.fill('#cb-note', '已电话联系，群众表示将准备工资条等材料');
    await page.click('button:has-text("保存回拨记录")');
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('办理中');
    await actions.locator('button', { hasText: '转办' }).click();
    await page.locator('#tr-team option', { hasText: '法律援助中心' }).waitFor({ state: 'attached' });
    await page.selectOption('#tr-team', { label: '法律援助中心' });
    await page.fill('#tr-reason', '符合法律援助条件（追索劳动报酬），转法律援助中心办理');
    await page.click('button:has-text("确认转办")');
    await expect.poll(() => page.getByTestId('order-state').textContent()).toBe('已分派');
    const trail = await page.locator('#ev-h + ol').textContent();
    expect(trail).toContain('回拨');
    expect(trail).toContain('转办');
    // The system escalation of the overdue first response, as the server wrote it (in Chinese).
    expect(trail).toMatch(/超时督办 · 系统 （首次响应超时，(已升级至主管|暂无主管可升级)/);
    expect(trail).not.toContain('overdue');
    expect(await page.locator('.kv').textContent()).toContain('法律援助中心');
    // A suggested answer that does not fit is rejected, and the outcome counts in the adoption stats.
    await page.click('button:has-text("生成建议答复")');
    await page.getByTestId('suggestion').waitFor({ timeout: 15_000 });
    await page.click('button:has-text("不采纳")');
    await page.locator('.ok-msg', { hasText: '不采纳' }).waitFor();
    expect(((await call('/api/assist/stats')) as { overall: { rejected: number } }).overall.rejected).toBe(1);
    await screenshot(page, 'desk-order-actions');
    await page.goto(`${s.url}/desk#/queue`);
    await page.locator('[data-testid=queue]').waitFor();
  });

  it('searches the knowledge base and shows why each article matched', async () => {
    await page.click('a[href="#/search"]');
    await page.fill('#kb-q', '老板拖欠工资');
    await page.click('form[role=search] button[type=submit]');
    const first = page.locator('ol.hits > li').first();
    await first.waitFor();
    expect(await first.locator('.hit-title').textContent()).toMatch(/第.+条/);
    expect(await first.locator('.sig').textContent()).toMatch(/关键词|扩展/);
    await screenshot(page, 'desk-search');
    expect(serious(await axe(page))).toEqual([]);
  });

  it('registers a front-desk visit as a work order, showing the phone number masked', async () => {
    await page.click('a[href="#/intake"]');
    await page.selectOption('#in-type', 'visit');
    await page.fill('#in-summary', '群众来访咨询房屋租赁押金不退');
    await page.fill('#in-name', '李四');
    await page.fill('#in-phone', '13600002222');
    await page.selectOption('#in-domain', '房产物业');
    expect(serious(await axe(page))).toEqual([]);
    await screenshot(page, 'desk-intake');
    await page.click('button:has-text("登记并生成工单")');
    await page.getByTestId('order-state').waitFor();
    expect(await page.locator('h1').textContent()).toMatch(/12348-\d{8}-\d+/);
    const info = await page.locator('.kv').textContent();
    expect(info).toContain('136****2222');
    expect(info).not.toContain('13600002222');
    created.visit2 = (await page.locator('h1').textContent())!.match(/12348-\d{8}-\d+/)![0];
  });

  it('lists the ledgers and exports one as CSV', async () => {
    await page.click('a[href="#/ledgers"]');
    await page.locator('.tabs button', { hasText: '法律援助' }).click();
    await page.locator('td', { hasText: created.legal_aid }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("导出 CSV")')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(created.legal_aid);
    expect(csv).not.toContain('13700001111');
    await page.locator('.tabs button', { hasText: '来访登记' }).click();
    await page.locator('td', { hasText: created.visit2 }).waitFor();
    await screenshot(page, 'desk-ledgers');
    expect(serious(await axe(page))).toEqual([]);
  });

  it('shows the statistics with charts and exports the monthly report as XLSX', async () => {
    await page.click('a[href="#/stats"]');
    const kpis = page.getByTestId('stats-kpis');
    await kpis.waitFor();
    expect(await kpis.textContent()).toContain('咨询总量');
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('#c2 ~ svg').getAttribute('aria-label')).toContain('工资');
    expect(await page.locator('#c3 ~ figure svg').getAttribute('aria-label')).toMatch(/已分派\d/);
    await screenshot(page, 'desk-stats');
    expect(serious(await axe(page))).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("导出月报表")')]);
    expect(download.suggestedFilename()).toBe('统计月报表-2026-11.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('月报总表');
    const values = new Map<string, unknown>();
    wb.getWorksheet('月报总表')!.eachRow((r) => values.set(String(r.getCell(1).value).trim(), r.getCell(2).value));
    expect(Number(values.get('新建工单'))).toBeGreaterThanOrEqual(3);
    expect(Number(values.get('咨询总量'))).toBeGreaterThanOrEqual(3);
  });
});
