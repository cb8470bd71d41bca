// The whole story in real Chromium against a real lawline server with the sample knowledge base:
// a citizen asks in the widget and gets an answer with an expandable citation, asks for a human;
// a staff member logged into the desk sees the handoff with the assist panel, claims it and
// replies; the citizen sees the reply and rates the answer; the order is resolved; the citizen
// checks its progress by order number + last four phone digits and evaluates the service.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { axe, launch, screenshot, serious, type Browser } from './browser';

let s: TestServer;
let browser: Browser;
let citizenCtx: BrowserContext;
let staffCtx: BrowserContext;
let citizen: Page;
let staff: Page;
let orderNo = '';
let conversationId = '';
const PHONE = '13912345678';

const w = (css: string) => citizen.locator(`lawline-widget >> css=${css}`);

beforeAll(async () => {
  s = await startTestServer();
  browser = await launch();
  citizenCtx = await browser.context();
  staffCtx = await browser.context({ width: 1440, height: 900 });
  citizen = await citizenCtx.newPage();
  staff = await staffCtx.newPage();
});
afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

describe('citizen → handoff → staff → resolution → progress', () => {
  it('the citizen asks and gets a streamed answer with a citation that expands to the article text', async () => {
    await citizen.goto(`${s.url}/demo`);
    await w('button.launcher').click();
    await w('#lw-input').fill('公司拖欠我三个月工资不发，我该怎么办？');
    await w('#lw-input').press('Enter');
    const answer = w('.msg.assistant[data-kind=answer]').last();
    await answer.locator('css=.cite').first().waitFor({ timeout: 30_000 });
    const cite = answer.locator('css=.cite').first();
    expect(await cite.textContent()).toMatch(/《.+》第.+条/);
    expect(await cite.getAttribute('aria-expanded')).toBe('false');
    await cite.click();
    expect(await cite.getAttribute('aria-expanded')).toBe('true');
    const quote = answer.locator('css=blockquote.quote').first();
    await quote.waitFor();
    expect((await quote.textContent())!.length).toBeGreaterThan(20);
    await w('.sugs .chip').first().waitFor();
    conversationId = (await citizen.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1])) ?? '';
    expect(conversationId).not.toBe('');
    await screenshot(citizen, 'widget-desktop-answer');
  });

  it('the citizen asks for a human and is shown the work-order number', async () => {
    await w('button.tool.human').click();
    await w('#lw-phone').fill(PHONE);
    await w('.sheet button.primary').click();
    const no = w('.orderno');
    await no.waitFor({ timeout: 15_000 });
    orderNo = (await no.getAttribute('data-order-no')) ?? '';
    expect(orderNo).toMatch(/^12348-\d{8}-\d+$/);
    await screenshot(citizen, 'widget-desktop-handoff');
  });

  it('staff log into the desk, see the handoff live in the queue and open it with the assist panel', async () => {
    await staff.goto(`${s.url}/desk`);
    expect(serious(await axe(staff))).toEqual([]);
    await screenshot(staff, 'desk-login');
    await staff.fill('#login-user', 'admin');
    await staff.fill('#login-pass', 'admin-pass-123');
    await staff.click('button[type=submit]');
    const row = staff.locator(`tr[data-order-no="${orderNo}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.sla').getAttribute('data-sla')).toMatch(/ok|warning|overdue/);
    expect(await row.textContent()).toContain('139****5678');
    expect(await row.textContent()).not.toContain(PHONE);
    await screenshot(staff, 'desk-queue');
    expect(serious(await axe(staff))).toEqual([]);

    await row.locator(`a[href="#/orders/${orderNo}"]`).first().click();
    await staff.getByTestId('assist-panel').waitFor();
    // Related laws from the knowledge core, each with why it matched.
    await staff.locator('[data-testid=assist-panel] details summary').first().waitFor({ timeout: 15_000 });
    expect(await staff.locator('[aria-labelledby=as-laws] .why').first().textContent()).toMatch(/匹配原因：.+/);
    // The transcript of the conversation is there.
    await expect.poll(() => staff.getByTestId('desk-conversation').textContent()).toContain('拖欠');
  });

  it('staff claim the order and reply; the citizen sees the reply in real time and rates the answer', async () => {
    await staff.locator('[data-testid=order-actions] button', { hasText: '认领' }).click();
    await expect.poll(() => staff.getByTestId('order-state').textContent()).toBe('已认领');
    const reply = '您好，我是12348值班律师。建议先与单位协商，协商不成可向劳动保障监察部门投诉或申请劳动仲裁。';
    await staff.fill('#reply-box', reply);
    await staff.click('button:has-text("发送回复")');
    await staff.locator('.chat .m.staff', { hasText: '值班律师' }).waitFor();
    await screenshot(staff, 'desk-order');
    expect(serious(await axe(staff))).toEqual([]);

    const staffMsg = w('.msg.staff').first();
    await staffMsg.waitFor({ timeout: 15_000 });
    expect(await staffMsg.textContent()).toContain('值班律师');
    // the claim reached the citizen's chat as a status line (not a staff message)
    const claimed = w('.msg.order-status[data-state=claimed]');
    await claimed.waitFor({ timeout: 15_000 });
    expect(await claimed.textContent()).toContain(`您的工单 ${orderNo} 已由工作人员受理`);
    expect(await w('.msg.staff').count()).toBe(1);

    const answer = w('.msg.assistant[data-kind=answer]').first();
    await answer.locator('css=.rbtn', { hasText: '有用' }).click();
    await answer.locator('css=.rate[role=status]').waitFor();
    await screenshot(citizen, 'widget-desktop-staff-reply');
    // The citizen answers back; the desk shows it live in the conversation view.
    await w('#lw-input').fill('好的，需要带劳动合同吗？');
    await w('#lw-input').press('Enter');
    await staff.locator('.chat .m.citizen', { hasText: '需要带劳动合同吗' }).waitFor({ timeout: 15_000 });
    // The rating reached the server.
    await expect
      .poll(async () => {
        const r = await fetch(`${s.url}/api/conversations/${conversationId}`);
        const b = (await r.json()) as { messages: { role: string; rating?: { useful: boolean } }[] };
        return b.messages.find((m) => m.rating)?.rating?.useful;
      })
      .toBe(true);
  });

  it('staff draft a reply with the suggested answer and edit it before sending', async () => {
    await staff.click('button:has-text("生成建议答复")');
    const draft = staff.getByTestId('suggestion');
    await draft.waitFor({ timeout: 15_000 });
    expect((await draft.textContent())!.length).toBeGreaterThan(20);
    await staff.click('button:has-text("编辑后发送")');
    await expect.poll(() => staff.inputValue('#reply-box')).not.toBe('');
    await staff.fill('#reply-box', `${await staff.inputValue('#reply-box')}\n（请带好劳动合同和工资条。）`);
    await staff.click('button:has-text("发送回复")');
    await citizen.locator('lawline-widget >> css=.msg.staff', { hasText: '请带好劳动合同和工资条' }).waitFor({ timeout: 15_000 });
    const token = await staff.evaluate(() => sessionStorage.getItem('lawline.desk.token'));
    await expect
      .poll(async () => {
        const r = await fetch(`${s.url}/api/assist/stats`, { headers: { authorization: `Bearer ${token}` } });
        return ((await r.json()) as { overall: { edited: number } }).overall.edited;
      })
      .toBe(1);
  });

  it('staff resolve the order citing an article', async () => {
    await staff.locator('[data-testid=order-actions] button', { hasText: '开始办理' }).click();
    await expect.poll(() => staff.getByTestId('order-state').textContent()).toBe('办理中');
    await staff.locator('[data-testid=order-actions] button', { hasText: '办结' }).click();
    await staff.fill('#rs-text', '已电话告知群众可向劳动保障监察部门投诉，或在一年内申请劳动仲裁，并告知所需材料。');
    await staff.locator('[data-testid=order-actions] fieldset input[type=checkbox]').first().check();
    await staff.click('button:has-text("确认办结")');
    await expect.poll(() => staff.getByTestId('order-state').textContent(), { timeout: 10_000 }).toBe('已办结');
    const resolved = w('.msg.order-status[data-state=resolved]');
    await resolved.waitFor({ timeout: 15_000 });
    expect(await resolved.textContent()).toContain(`您的工单 ${orderNo} 已办结`);
    expect(await resolved.textContent()).not.toContain('劳动仲裁'); // the staff's resolution record stays internal
    await screenshot(citizen, 'widget-desktop-order-status');
  });

  it('the citizen checks the progress with the order number and the last four digits', async () => {
    // from the resolved status line: 「评价本次服务」 opens the progress form
    await w('.msg.order-status[data-state=resolved] button.rate-order').click();
    expect(await w('#lw-order').inputValue()).toBe(orderNo);
    await w('#lw-last4').fill('0000');
    await w('.sheet button.primary').click();
    await w('.sheet .ferr').waitFor();
    await w('#lw-last4').fill(PHONE.slice(-4));
    await w('.sheet button.primary').click();
    const result = w('[data-testid=progress-result]');
    await result.waitFor();
    expect(await result.textContent()).toContain('已办结');
    await screenshot(citizen, 'widget-desktop-progress');
    // The citizen evaluates the service (服务评价), which the progress then shows.
    await w('.evaluate label.score:has-text("非常满意")').click();
    await w('#lw-eval-comment').fill('回复及时，讲得清楚');
    await w('.evaluate button[type=submit]').click();
    await w('[data-testid=progress-result] [role=status]').waitFor();
    await expect.poll(() => result.textContent()).toContain('已回访评价');
    const r = await fetch(`${s.url}/api/orders/${orderNo}`, { headers: { authorization: `Bearer ${await staff.evaluate(() => sessionStorage.getItem('lawline.desk.token'))}` } });
    expect(((await r.json()) as { order: { satisfaction: number } }).order.satisfaction).toBe(5);
  });

  it('the widget resumes the conversation after a reload with its stored conversation id', async () => {
    await citizen.reload();
    await w('button.launcher').click();
    await w('.msg.staff').first().waitFor({ timeout: 15_000 });
    expect(await w('.msg.staff').count()).toBe(2);
    expect(await w('.msg.order-status').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['claimed', 'in_progress', 'resolved']);
    expect(await w('.msg.citizen').first().textContent()).toContain('拖欠');
    expect(await w('.orderno').getAttribute('data-order-no')).toBe(orderNo);
  });
});
