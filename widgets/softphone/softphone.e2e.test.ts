// The /voice-demo softphone in real Chromium with a fake microphone that plays espeak-ng speech:
// the page dials /ws/voice/browser, shows the robot's captions, the microphone audio reaches the
// server's VAD (the robot stops talking: barge-in), and the keypad drives the DTMF menu.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { concatPcm } from '../../voice/audio/frames';
import { writeWav } from '../../voice/audio/wav';
import { voiceModule } from '../../voice/module';
import { CallStore } from '../../voice/store';
import { espeakSpeech, lineNoise } from '../../voice/testing/speech';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'softphone-'));
  // Chromium loops this file as the microphone: 4 s of quiet line, then a spoken question
  const mic = concatPcm([lineNoise(4000, 16000, -70), espeakSpeech('ni3 hao3, wo3 xiang3 zi1 xun2 gong1 zi1 de5 wen4 ti2', 16000), lineNoise(6000, 16000, -70)]);
  writeFileSync(join(dir, 'mic.wav'), writeWav(mic, 16000));
  server = await startTestServer({ modules: [voiceModule({ timing: { silenceMs: 30_000 } })] });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${join(dir, 'mic.wav')}`,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('/voice-demo softphone in Chromium', () => {
  it('dials, speaks through the microphone, barges in, and uses the keypad', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', permissions: ['microphone'] });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/voice-demo`);
    await expect(page.locator('h1').textContent()).resolves.toContain('12348');
    await page.getByRole('button', { name: '拨打' }).click();
    await page.waitForSelector('#captions p.robot', { timeout: 15_000 });
    expect(await page.locator('#captions p.robot').first().textContent()).toContain('公共法律服务热线');
    await expect(page.locator('#status').textContent()).resolves.toContain('通话中');
    // the fake microphone's question reaches the server: the robot is interrupted and explains keys
    const store = new CallStore(server.ctx.db);
    const callId = () => (server.ctx.sqlite.prepare('select id from voice_calls').get() as { id: string } | undefined)?.id;
    const until = async (p: () => boolean, ms: number) => {
      const t0 = Date.now();
      while (!p()) {
        if (Date.now() - t0 > ms) throw new Error('timeout');
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await until(() => Boolean(callId()) && store.events(callId()!).some((e) => e.kind === 'speech'), 30_000);
    expect(store.events(callId()!).some((e) => e.kind === 'barge_in')).toBe(true);
    // keypad: 5 = 借钱不还
    await page.getByRole('button', { name: '按键 5' }).click();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#captions p.robot')).some((p) => p.textContent?.includes('借条')), null, { timeout: 10_000 });
    await page.getByRole('button', { name: '挂断' }).click();
    await until(() => store.call(callId()!)?.endReason === 'caller_hangup', 5000);
    await expect(page.locator('#status').textContent()).resolves.toContain('通话已结束');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 90_000);
});
