// The chat widget in real Chromium: embedded on the demo portal and on a hostile host page of
// another origin; keyboard use, large-text mode, phone width, accessibility (axe-core).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { axe, launch, screenshot, serious, type Browser } from './browser';
import { startHostileHost } from './hostile';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  s = await startTestServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await s?.cleanup();
});

const shadow = (page: Page, css: string) => page.locator(`lawline-widget >> css=${css}`);

/** Computed styles of an element inside the widget's shadow root. */
function styleOf(page: Page, css: string, props: string[]) {
  return page.evaluate(
    ({ css, props }) => {
      const el = document.querySelector('lawline-widget')!.shadowRoot!.querySelector(css)!;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { ...Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)])), rect: { x: r.x, y: r.y, w: r.width, h: r.height } } as Record<string, string> & { rect: { x: number; y: number; w: number; h: number } };
    },
    { css, props },
  );
}

describe('chat widget', () => {
  it('is added by one script tag on the demo portal, opens, and keeps keyboard focus in order', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    const launcher = shadow(page, 'button.launcher');
    await launcher.waitFor();
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await screenshot(page, 'widget-desktop-closed');

    // Keyboard: focus the launcher, Enter opens the panel with focus in the question box.
    await launcher.focus();
    await page.keyboard.press('Enter');
    const input = shadow(page, '#lw-input');
    await input.waitFor();
    await expect.poll(() => page.evaluate(() => document.querySelector('lawline-widget')!.shadowRoot!.activeElement?.id)).toBe('lw-input');
    expect(await shadow(page, '#lw-panel').getAttribute('role')).toBe('dialog');
    expect(await shadow(page, '[role=log]').getAttribute('aria-live')).toBe('polite');
    await screenshot(page, 'widget-desktop-open');

    // Escape closes and returns focus to the launcher.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.querySelector('lawline-widget')!.shadowRoot!.activeElement?.className)).toBe('launcher');
    await ctx.close();
  });

  it('has no serious or critical accessibility violations on the demo page, closed and open', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    await shadow(page, 'button.launcher').waitFor();
    expect(serious(await axe(page))).toEqual([]);
    await shadow(page, 'button.launcher').click();
    await shadow(page, '#lw-input').waitFor();
    await shadow(page, 'button.tool.human').click();
    await shadow(page, '#lw-phone').waitFor();
    expect(serious(await axe(page))).toEqual([]);
    await shadow(page, '.sheet button.secondary').click();
    await shadow(page, 'button.tool:not(.human)').click();
    await shadow(page, '#lw-order').waitFor();
    expect(serious(await axe(page))).toEqual([]);
    await ctx.close();
  });

  it('fills a 375 px phone screen and offers a large-text mode that persists', async () => {
    const ctx = await browser.context({ width: 375, height: 740, mobile: true });
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    await shadow(page, 'button.launcher').waitFor();
    await screenshot(page, 'widget-375-closed');
    await shadow(page, 'button.launcher').click();
    await shadow(page, '#lw-input').waitFor();
    const panel = await styleOf(page, '.panel', ['position']);
    expect(panel.rect).toMatchObject({ x: 0, y: 0, w: 375, h: 740 });
    // Nothing inside the panel overflows the phone's width.
    const overflow = await page.evaluate(() => {
      const root = document.querySelector('lawline-widget')!.shadowRoot!;
      // Content wider than the screen is only allowed in the suggestions strip, which scrolls sideways.
      const inScroller = (e: Element) => {
        const strip = e.closest('.sugs');
        return Boolean(strip && getComputedStyle(strip).overflowX === 'auto' && strip.getBoundingClientRect().right <= 375.5);
      };
      return [...root.querySelectorAll('.panel *')].filter((e) => e.getBoundingClientRect().right > 375.5 && !inScroller(e)).map((e) => e.className || e.tagName);
    });
    expect(overflow).toEqual([]);
    await screenshot(page, 'widget-375-open');
    await shadow(page, '#lw-input').fill('离婚时夫妻共同财产怎么分？');
    await shadow(page, '#lw-input').press('Enter');
    await shadow(page, '.msg.assistant[data-kind=answer] .rate').first().waitFor({ timeout: 30_000 });
    const wide = await page.evaluate(() => {
      const root = document.querySelector('lawline-widget')!.shadowRoot!;
      // Content wider than the screen is only allowed in the suggestions strip, which scrolls sideways.
      const inScroller = (e: Element) => {
        const strip = e.closest('.sugs');
        return Boolean(strip && getComputedStyle(strip).overflowX === 'auto' && strip.getBoundingClientRect().right <= 375.5);
      };
      return [...root.querySelectorAll('.panel *')].filter((e) => e.getBoundingClientRect().right > 375.5 && !inScroller(e)).map((e) => e.className || e.tagName);
    });
    expect(wide).toEqual([]);
    await screenshot(page, 'widget-375-answer');

    const before = Number.parseFloat((await styleOf(page, '.root', ['font-size']))['font-size']);
    const toggle = shadow(page, '.head button[aria-pressed]');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const after = Number.parseFloat((await styleOf(page, '.root', ['font-size']))['font-size']);
    expect(after).toBeGreaterThanOrEqual(before * 1.2);
    await screenshot(page, 'widget-375-large-text');
    await page.reload();
    await shadow(page, 'button.launcher').click();
    expect(await shadow(page, '.head button[aria-pressed]').getAttribute('aria-pressed')).toBe('true');
    await ctx.close();
  });

  it('opens from the host page\'s own buttons and can ask a question straight away (data-lawline-ask)', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    await shadow(page, 'button.launcher').waitFor();
    await page.click('button[data-lawline-open]');
    await shadow(page, '#lw-input').waitFor();
    await shadow(page, '.head button[aria-label="关闭对话窗口"]').click();
    await page.click('a[data-lawline-ask="交通事故对方不赔偿怎么办"]');
    expect(await shadow(page, '.msg.citizen').first().textContent()).toContain('交通事故对方不赔偿怎么办');
    await shadow(page, '.msg.assistant[data-kind=answer] .cite').first().waitFor({ timeout: 30_000 });
    await ctx.close();
  });

  it('puts 110/120 first when the citizen is in danger, and opens an urgent order at once', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    await shadow(page, 'button.launcher').click();
    await shadow(page, '#lw-input').fill('我老公正在打我，说要杀了我');
    await shadow(page, '#lw-input').press('Enter');
    const sos = shadow(page, '.sos[role=alert]');
    await sos.waitFor({ timeout: 20_000 });
    expect(await sos.locator('a[href="tel:110"]').count()).toBe(1);
    await shadow(page, '.orderno').waitFor({ timeout: 20_000 });
    await screenshot(page, 'widget-desktop-emergency');
    await ctx.close();
  });

  it('starts a new conversation on request, clearing this device (public computers)', async () => {
    const ctx = await browser.context();
    const page = await ctx.newPage();
    await page.goto(`${s.url}/demo`);
    await shadow(page, 'button.launcher').click();
    await shadow(page, '#lw-input').fill('离婚后孩子抚养费怎么算');
    await shadow(page, '#lw-input').press('Enter');
    await shadow(page, '.msg.assistant[data-kind=answer] .rate').first().waitFor({ timeout: 30_000 });
    const stored = () => page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1]);
    const before = await stored();
    expect(before).toBeTruthy();
    // 没用 with a comment reaches the server.
    await shadow(page, '.rate .rbtn:has-text("没用")').click();
    await shadow(page, '.rcomment input').fill('没有说清楚抚养费的比例');
    await shadow(page, '.rcomment button[type=submit]').click();
    expect(await shadow(page, '.rate[role=status]').textContent()).toContain('没有说清楚抚养费的比例');
    await expect
      .poll(async () => {
        const b = (await (await fetch(`${s.url}/api/conversations/${before}`)).json()) as { messages: { rating?: { useful: boolean; comment: string | null } }[] };
        return b.messages.find((m) => m.rating)?.rating;
      })
      .toEqual({ useful: false, comment: '没有说清楚抚养费的比例' });
    await shadow(page, '.head button:has-text("新对话")').click();
    expect(await shadow(page, '.msg.citizen').count()).toBe(0);
    // The old id is cleared at once; the new one is stored when the server's `ready` arrives.
    await expect.poll(async () => { const v = await stored(); return Boolean(v) && v !== before; }).toBe(true);
    await page.reload();
    await shadow(page, 'button.launcher').click();
    await shadow(page, '[data-kind=greeting]').waitFor();
    expect(await shadow(page, '.msg.citizen').count()).toBe(0);
    await ctx.close();
  });

  it('looks right on a hostile host page of another origin whose CSS resets everything', async () => {
    const host = await startHostileHost(`${s.url}/widget.js`);
    try {
      const ctx = await browser.context();
      const page = await ctx.newPage();
      await page.goto(host.url);
      const launcher = shadow(page, 'button.launcher');
      await launcher.waitFor();
      const l = await styleOf(page, 'button.launcher', ['position', 'color', 'background-color', 'font-size', 'text-transform', 'letter-spacing', 'font-family']);
      expect(l.position).toBe('fixed');
      expect(l.color).toBe('rgb(255, 255, 255)');
      expect(l['background-color']).toBe('rgb(26, 86, 219)'); // data-color
      expect(l['font-size']).toBe('15px');
      expect(l['text-transform']).toBe('none');
      expect(l['letter-spacing']).toBe('normal');
      expect(l['font-family']).not.toContain('Courier');
      expect(l.rect.x + l.rect.w).toBeCloseTo(1280 - 20, 0);
      expect(l.rect.y + l.rect.h).toBeCloseTo(800 - 20, 0);
      const hostStyle = await page.evaluate(() => {
        const cs = getComputedStyle(document.querySelector('lawline-widget')!);
        return { display: cs.display, opacity: cs.opacity, visibility: cs.visibility };
      });
      expect(hostStyle).toEqual({ display: 'block', opacity: '1', visibility: 'visible' });
      await launcher.click();
      await shadow(page, '#lw-input').waitFor();
      const p = await styleOf(page, '.panel', ['display', 'background-color']);
      expect(p.display).toBe('flex');
      expect(p['background-color']).toBe('rgb(255, 255, 255)');
      expect(p.rect.w).toBe(400);
      const t = await styleOf(page, '#lw-input', ['display', 'font-size', 'color']);
      expect(t.display).toBe('block');
      expect(t.rect.w).toBeGreaterThan(200);
      // The host page's own elements keep the host's styles: no leak the other way.
      const own = await page.evaluate(() => getComputedStyle(document.querySelector('main button')!).fontFamily);
      expect(own).toContain('Courier');
      await screenshot(page, 'widget-hostile-host');
      await ctx.close();
    } finally {
      await host.close();
    }
  });
});
