// WebSockets blocked (a proxy or firewall that refuses the upgrade): the widget switches to HTTP —
// the question goes to POST /api/chat and the answer streams back as server-sent events, with its
// citations; 转人工 gives a work-order number; a rating is stored; a staff reply is pushed over
// GET /api/conversations/:id/events and shows within seconds (not the 15 s poll) — and once
// sockets get through again it moves back to /ws/chat in the same conversation. The page's WebSocket constructor is
// replaced (init script) by a gate that refuses every socket while `__wsBlocked` is set.
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { launch, type Browser } from './browser';

let s: TestServer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
const requests: Request[] = [];
const gets = (path: RegExp) => requests.filter((r) => r.method() === 'GET' && path.test(new URL(r.url()).pathname));
const sockets: string[] = [];

const w = (css: string) => page.locator(`lawline-widget >> css=${css}`);
const posts = (path: RegExp) => requests.filter((r) => r.method() === 'POST' && path.test(new URL(r.url()).pathname));
const storedId = () => page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1]);

/** 转人工 in the widget (`at`: a locator inside it) with a phone number for the callback; the order number shown. */
async function handOver(at: (css: string) => ReturnType<Page['locator']>, phone: string): Promise<string> {
  await at('button.tool.human').click();
  await at('#lw-phone').fill(phone);
  await at('.sheet button.primary').click();
  const no = at('.orderno');
  await no.waitFor({ timeout: 15_000 });
  const orderNo = (await no.getAttribute('data-order-no')) ?? '';
  expect(orderNo).toMatch(/^12348-\d{8}-\d+$/);
  return orderNo;
}

/** Runs in the page before any script: `new WebSocket()` fails like a refused upgrade while blocked. */
function blockWebSockets() {
  const g = window as unknown as { __wsBlocked: boolean; __wsRefused: number; WebSocket: typeof WebSocket };
  const Real = g.WebSocket;
  g.__wsBlocked = true;
  g.__wsRefused = 0;
  const Gate = function (this: unknown, url: string | URL, protocols?: string | string[]) {
    if (!g.__wsBlocked) return new Real(url, protocols);
    g.__wsRefused += 1;
    const sock = {
      url: String(url),
      readyState: 0,
      protocol: '',
      extensions: '',
      binaryType: 'blob',
      bufferedAmount: 0,
      onopen: null as null | ((e: Event) => void),
      onmessage: null as null | ((e: MessageEvent) => void),
      onerror: null as null | ((e: Event) => void),
      onclose: null as null | ((e: CloseEvent) => void),
      send() {
        throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
      },
      close() {},
      addEventListener() {},
      removeEventListener() {},
    };
    setTimeout(() => {
      sock.readyState = 3;
      sock.onerror?.(new Event('error'));
      sock.onclose?.(new CloseEvent('close', { code: 1006, wasClean: false }));
    }, 30);
    return sock;
  } as unknown as typeof WebSocket;
  Object.assign(Gate, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  g.WebSocket = Gate;
}

beforeAll(async () => {
  s = await startTestServer();
  browser = await launch();
  ctx = await browser.context();
  await ctx.addInitScript(blockWebSockets);
  page = await ctx.newPage();
  page.on('request', (r) => requests.push(r));
  page.on('websocket', (ws) => sockets.push(ws.url()));
});
afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

describe('widget behind a proxy that blocks WebSockets', () => {
  let conversationId = '';

  it('falls back to HTTP with a short Chinese notice, and the answer streams with citations', async () => {
    await page.goto(`${s.url}/demo`);
    await w('button.launcher').click();
    const status = w('.status');
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toContain('兼容模式');
    const notice = (await status.textContent()) ?? '';
    expect(notice.length).toBeLessThan(40);
    expect(notice).not.toMatch(/[A-Za-z]/); // no raw error text
    expect(await status.getAttribute('role')).toBe('status');
    expect(await page.evaluate(() => (window as unknown as { __wsRefused: number }).__wsRefused)).toBeGreaterThanOrEqual(3);

    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/chat' && r.request().method() === 'POST');
    await w('#lw-input').fill('公司拖欠我三个月工资不发，我该怎么办？');
    await w('#lw-input').press('Enter');
    const res = await answered;
    expect(res.request().headers().accept).toContain('text/event-stream');
    expect(res.headers()['content-type']).toContain('text/event-stream');

    const answer = w('.msg.assistant[data-kind=answer]').last();
    await answer.locator('css=.cite').first().waitFor({ timeout: 30_000 });
    const cite = answer.locator('css=.cite').first();
    expect(await cite.textContent()).toMatch(/《.+》第.+条/);
    await cite.click();
    await answer.locator('css=blockquote.quote').first().waitFor();
    const body = await res.text(); // the stream as it came: ready, the answer in pieces, done, suggestions
    expect(body).toMatch(/^event: ready/);
    expect(body.match(/event: answer_delta/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
    expect(body).toContain('event: answer_done');
    await w('.sugs .chip').first().waitFor();
    expect(sockets).toEqual([]);

    conversationId = (await storedId()) ?? '';
    expect(conversationId).toMatch(/^c_/);
    expect(posts(/^\/api\/chat$/)).toHaveLength(1);
  });

  it('rates the answer and hands over to a person (work-order number) over HTTP', async () => {
    await w('.msg.assistant[data-kind=answer] .rate button.rbtn').first().click();
    await w('.msg.assistant[data-kind=answer] .rate[role=status]').first().waitFor();
    await expect.poll(() => posts(/\/ratings$/).length).toBe(1);

    const orderNo = await handOver(w, '13912345678');
    expect(posts(new RegExp(`^/api/conversations/${conversationId}/handoff$`))).toHaveLength(1);

    const conv = (await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json()) as {
      status: string;
      orderNo: string;
      messages: { role: string; rating?: { useful: boolean } | null }[];
    };
    expect(conv.status).toBe('handed_off');
    expect(conv.orderNo).toBe(orderNo);
    expect(conv.messages.some((m) => m.role === 'assistant' && m.rating?.useful === true)).toBe(true);
  });

  it('a staff reply after 转人工 is pushed over the event stream and shows within seconds', async () => {
    // the widget follows the conversation's event stream since the handoff
    await expect.poll(() => gets(new RegExp(`^/api/conversations/${conversationId}/events$`)).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const stream = gets(new RegExp(`^/api/conversations/${conversationId}/events$`))[0];
    expect(stream.headers().accept).toContain('text/event-stream');
    // and it is open: the server counts it (a reply posted earlier would still arrive by the catch-up)
    await expect.poll(async () => ((await (await fetch(`${s.url}/healthz`)).json()) as { chat: { streams: number } }).chat.streams, { timeout: 10_000 }).toBe(1);

    const login = await fetch(`${s.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-pass-123' }) });
    const { token } = (await login.json()) as { token: string };
    const polledBefore = gets(new RegExp(`^/api/conversations/${conversationId}$`)).length;
    const sent = Date.now();
    const r = await fetch(`${s.url}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: '您好，我是值班律师，请把劳动合同和工资条准备好。' }),
    });
    expect(r.status).toBe(201);
    const staffMsg = w('.msg.staff').last();
    await staffMsg.waitFor({ timeout: 5_000 }); // well under the 15 s poll
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(await staffMsg.textContent()).toContain('值班律师');
    expect(await w('.msg.staff').count()).toBe(1);
    expect(gets(new RegExp(`^/api/conversations/${conversationId}$`)).length).toBe(polledBefore); // pushed, not polled
    expect(sockets).toEqual([]);
  });

  it('moves back to the WebSocket when it gets through again, in the same conversation', async () => {
    await page.evaluate(() => ((window as unknown as { __wsBlocked: boolean }).__wsBlocked = false));
    // background retries back off up to 15 s
    await w('.status').waitFor({ state: 'detached', timeout: 40_000 });
    expect(sockets.some((u) => u.endsWith('/ws/chat'))).toBe(true);
    // the history came back over the socket: question, answer, handoff notice, staff reply
    expect(await w('.msg.citizen').first().textContent()).toContain('拖欠');
    expect(await w('.orderno').count()).toBe(1);
    expect(await w('.msg.staff').count()).toBe(1);
    // the event stream was let go with the move
    await expect.poll(async () => ((await (await fetch(`${s.url}/healthz`)).json()) as { chat: { streams: number } }).chat.streams, { timeout: 10_000 }).toBe(0);

    const before = posts(/^\/api\/chat$/).length;
    const answers = await w('.msg.assistant[data-kind=answer]').count();
    await w('#lw-input').fill('需要准备哪些材料？');
    await w('#lw-input').press('Enter');
    await expect.poll(() => w('.msg.assistant[data-kind=answer]').count(), { timeout: 30_000 }).toBeGreaterThan(answers);
    expect(posts(/^\/api\/chat$/)).toHaveLength(before); // over the socket, not HTTP
    expect(await storedId()).toBe(conversationId);
    const conv = (await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json()) as { messages: { role: string }[] };
    expect(conv.messages.filter((m) => m.role === 'citizen')).toHaveLength(2);
  });
});

describe('转人工 before any question, WebSockets blocked', () => {
  it('opens a conversation already handed to a person (POST /api/handoff), not a 「转人工」 question', async () => {
    const fresh = await browser.context();
    await fresh.addInitScript(blockWebSockets);
    const p = await fresh.newPage();
    const seen: Request[] = [];
    p.on('request', (r) => seen.push(r));
    const wp = (css: string) => p.locator(`lawline-widget >> css=${css}`);
    await p.goto(`${s.url}/demo`);
    await wp('button.launcher').click();
    await expect.poll(() => wp('.status').textContent(), { timeout: 15_000 }).toContain('兼容模式');

    const orderNo = await handOver(wp, '13712345678');
    const postPaths = seen.filter((r) => r.method() === 'POST').map((r) => new URL(r.url()).pathname);
    expect(postPaths).toEqual(['/api/handoff']);
    expect(await wp('.msg.citizen').count()).toBe(0); // nothing was asked in the citizen's name

    const id = await p.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1]);
    expect(id).toMatch(/^c_/);
    const conv = (await (await fetch(`${s.url}/api/conversations/${id}`)).json()) as { status: string; orderNo: string };
    expect(conv).toMatchObject({ status: 'handed_off', orderNo });
    await fresh.close();
  });
});
