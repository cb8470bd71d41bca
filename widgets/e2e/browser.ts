// Real Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core,
// headless, with a fresh profile directory per launch (removed on close).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  /** A fresh, isolated browser context (own cookies and storage), like another person's browser. */
  context(opts?: { width?: number; height?: number; mobile?: boolean }): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** One Chromium process. Playwright starts it with a fresh temporary --user-data-dir (it refuses the
 *  flag in args and removes the directory on close); contexts inside it are isolated. */
export async function launch(): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  return {
    async context(o = {}) {
      return browser.newContext({
        viewport: { width: o.width ?? 1280, height: o.height ?? 800 },
        isMobile: o.mobile,
        hasTouch: o.mobile,
        deviceScaleFactor: 1,
        locale: 'zh-CN',
      });
    },
    async close() {
      await browser.close();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: false, animations: 'disabled' });
  return path;
}

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html: string }[];
}

/** Run axe-core in the page (through CDP, so the page's CSP does not apply) and return violations. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, o: unknown): Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 200) })) }));
  });
}

export function serious(vs: AxeViolation[]): AxeViolation[] {
  return vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
