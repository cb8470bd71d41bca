// A dropped connection: the lawline server goes away mid-conversation and comes back on the same
// address. The widget says it is reconnecting, reconnects with backoff, resumes the same
// conversation (hello with the stored conversationId) and keeps working.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../assistant/config';
import { createLogger } from '../../assistant/log';
import { startServer, type RunningServer } from '../../assistant/server';
import { openSampleKnowledge, startTestServer, TEST_ENV } from '../../assistant/testing/server';
import { launch, type Browser } from './browser';

const dir = mkdtempSync(join(tmpdir(), 'lawline-reconnect-'));
let browser: Browser;
let page: Page;
let second: (RunningServer & { closeKnowledge(): void }) | null = null;

const w = (css: string) => page.locator(`lawline-widget >> css=${css}`);

beforeAll(async () => {
  browser = await launch();
  page = await (await browser.context()).newPage();
});
afterAll(async () => {
  await browser?.close();
  if (second) {
    await second.close();
    second.closeKnowledge();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('widget reconnects and resumes', () => {
  it('keeps the conversation across a server restart', async () => {
    const first = await startTestServer({ dir });
    const port = Number(new URL(first.url).port);
    await page.goto(`${first.url}/demo`);
    await w('button.launcher').click();
    await w('#lw-input').fill('交通事故对方全责但是不赔钱怎么办');
    await w('#lw-input').press('Enter');
    await w('.msg.assistant[data-kind=answer] .cite').first().waitFor({ timeout: 30_000 });
    const conversationId = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1]);
    expect(conversationId).toBeTruthy();

    await first.cleanup(); // stops the server and its sockets; the data directory stays
    await w('.status').waitFor();
    expect(await w('.status').textContent()).toContain('重新连接');

    const config = loadConfig({ ...TEST_ENV, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' });
    const knowledge = await openSampleKnowledge(dir);
    const s = await startServer({ config, knowledge, log: createLogger('silent'), port, host: '127.0.0.1' });
    second = { ...s, closeKnowledge: () => knowledge.close() };

    await w('.status').waitFor({ state: 'detached', timeout: 20_000 });
    // The resumed history came back from the server: the first question and its answer.
    expect(await w('.msg.citizen').first().textContent()).toContain('交通事故');
    await w('#lw-input').fill('需要准备哪些材料？');
    await w('#lw-input').press('Enter');
    await expect.poll(() => w('.msg.assistant[data-kind=answer], .msg.assistant[data-kind=clarify]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('lawline.chat.') && !k.endsWith('.large'))?.[1])).toBe(conversationId);
    const conv = (await (await fetch(`${s.url}/api/conversations/${conversationId}`)).json()) as { messages: { role: string }[] };
    expect(conv.messages.filter((m) => m.role === 'citizen')).toHaveLength(2);
  });
});
