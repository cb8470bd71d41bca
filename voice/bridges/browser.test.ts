// The browser softphone door: the /voice-demo page and its script, and the /ws/voice/browser
// protocol (16 kHz L16 both ways, JSON control and captions) with a scripted client.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../assistant/testing/server';
import { dbfs, toFrames } from '../audio/frames';
import { l16Decode, l16Encode } from '../audio/l16';
import { voiceModule } from '../module';
import { espeakSpeech, lineNoise } from '../testing/speech';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ modules: [voiceModule()] });
});
afterAll(async () => {
  await server?.cleanup();
});

describe('/voice-demo', () => {
  it('serves the softphone page in Chinese with a keypad and its bundled script', async () => {
    const res = await fetch(`${server.url}/voice-demo`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self' blob:");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('当前未配置语音识别');
    expect(html.match(/data-key=/g)!.length).toBe(12);
    const js = await fetch(`${server.url}/voice-demo/softphone.js`);
    expect(js.status).toBe(200);
    const code = await js.text();
    expect(code).toContain('/ws/voice/browser');
    expect(code).toContain('audioWorklet');
  }, 60_000);
});

describe('/ws/voice/browser', () => {
  it('plays the greeting as 20 ms L16 frames with captions, barge-in sends clear, keys work', async () => {
    const ws = new WebSocket(`${server.wsUrl}/ws/voice/browser`);
    const frames: { at: number; pcm: Int16Array }[] = [];
    const msgs: { at: number; m: any }[] = [];
    ws.on('message', (d, bin) => {
      if (bin) frames.push({ at: performance.now(), pcm: l16Decode(d as Buffer) });
      else msgs.push({ at: performance.now(), m: JSON.parse(d.toString()) });
    });
    await new Promise((r) => ws.once('open', r));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'launch' }));
    ws.send(JSON.stringify({ type: 'start' }));
    const until = async (p: () => boolean, ms = 10_000) => {
      const t0 = performance.now();
      while (!p()) {
        if (performance.now() - t0 > ms) throw new Error('timeout');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await until(() => frames.length >= 40);
    expect(msgs.slice(0, 2).map((x) => x.m.code)).toEqual(['invalid_json', 'unknown_type']);
    expect(frames.every((f) => f.pcm.length === 320)).toBe(true);
    expect(msgs.some((x) => x.m.type === 'caption' && x.m.role === 'robot' && x.m.text.includes('这里是12348公共法律服务热线'))).toBe(true);
    // the microphone: 16 kHz speech in 20 ms frames at real-time pace
    const speech = toFrames(espeakSpeech('wei2, ni3 hao3, wo3 xiang3 zi1 xun2', 16000), 16000);
    const noise = toFrames(lineNoise(1000, 16000, -60), 16000);
    let onset = 0;
    for (const f of [...noise.slice(0, 10), ...speech]) {
      if (!onset && dbfs(f) > -40) onset = performance.now();
      ws.send(l16Encode(f));
      await new Promise((r) => setTimeout(r, 20));
      if (msgs.some((x) => x.m.type === 'clear')) break;
    }
    await until(() => msgs.some((x) => x.m.type === 'clear'), 3000);
    const clearAt = msgs.find((x) => x.m.type === 'clear')!.at;
    expect(clearAt - onset).toBeLessThan(200);
    ws.send(JSON.stringify({ type: 'dtmf', digit: '6' }));
    await until(() => msgs.some((x) => x.m.type === 'caption' && x.m.text.includes('消费者协会')));
    ws.send(JSON.stringify({ type: 'hangup' }));
    await new Promise((r) => ws.once('close', r));
    const row = server.ctx.sqlite.prepare("select protocol, end_reason from voice_calls where protocol = 'browser'").get();
    expect(row).toEqual({ protocol: 'browser', end_reason: 'caller_hangup' });
  });
});
