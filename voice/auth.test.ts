// Telephony doors with credentials: Twilio's X-Twilio-Signature and FreeSWITCH's shared token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../assistant/testing/server';
import { twilioSignature } from './auth';
import { voiceModule } from './module';
import { FreeswitchCaller, TwilioCaller } from './testing/caller';

let server: TestServer;
const TOKEN = 'twilio-auth-token-for-tests';
beforeAll(async () => {
  server = await startTestServer({ env: { VOICE_TWILIO_AUTH_TOKEN: TOKEN, VOICE_STREAM_TOKEN: 'fs-secret' }, modules: [voiceModule()] });
});
afterAll(async () => {
  await server?.cleanup();
});

const calls = () => (server.ctx.sqlite.prepare('select count(*) n from voice_calls').get() as { n: number }).n;

describe('voice door credentials', () => {
  it('refuses a Twilio stream without a valid signature and accepts a signed one', async () => {
    const url = `${server.wsUrl}/ws/voice/twilio`;
    const forged = new TwilioCaller(url, { caller: '13900000000' }, { 'x-twilio-signature': twilioSignature('wrong', url) });
    await forged.connect().catch(() => undefined);
    await forged.waitClosed(5000);
    expect(forged.closeCode).toBe(1008);
    expect(calls()).toBe(0);
    // Twilio signs the wss:// URL it dialled (here derived from the Host header)
    const signed = `wss://${new URL(server.url).host}/ws/voice/twilio`;
    const real = new TwilioCaller(url, {}, { 'x-twilio-signature': twilioSignature(TOKEN, signed) });
    await real.connect();
    await real.until(() => real.frames.length > 5, 10_000, 'greeting');
    real.hangup();
    expect(calls()).toBe(1);
  });

  it('requires the shared token on the FreeSWITCH door', async () => {
    const bad = new FreeswitchCaller(`${server.wsUrl}/ws/voice/freeswitch?token=nope`, 8000);
    await bad.connect().catch(() => undefined);
    await bad.waitClosed(5000);
    expect(bad.closeCode).toBe(1008);
    const good = new FreeswitchCaller(`${server.wsUrl}/ws/voice/freeswitch?token=fs-secret`, 8000);
    await good.connect();
    await good.until(() => good.frames.length > 5, 10_000, 'greeting');
    good.hangup();
    const h = (await (await fetch(`${server.url}/healthz`)).json()) as { voice: { doors: Record<string, string> } };
    expect(h.voice.doors).toEqual({ twilio: 'signature required', freeswitch: 'token required' });
  });
});
