// The follower of GET /api/conversations/:id/events on a fake clock with an injected fetch:
// frames and ids, reconnect with lastEventId, the watchdogs (never opens / goes silent), when it
// tells the link to poll, stop().
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followEvents } from './events';
import type { ServerFrame } from './protocol';

const enc = new TextEncoder();
interface Fake {
  url: string;
  text: (t: string) => void;
  cut: () => void;
  cancelled: boolean;
}
let streams: Fake[];
let mode: 'sse' | 'json404' | 'offline';

const fakeFetch = (async (input: string) => {
  if (mode === 'offline') throw new TypeError('Failed to fetch');
  if (mode === 'json404') return new Response(JSON.stringify({ error: { code: 'not_found', message: '没有找到这个会话。' } }), { status: 404, headers: { 'content-type': 'application/json' } });
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const f: Fake = { url: String(input), text: (t) => ctrl.enqueue(enc.encode(t)), cut: () => ctrl.error(new TypeError('network error')), cancelled: false };
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c), cancel: () => void (f.cancelled = true) });
  streams.push(f);
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}) as unknown as typeof fetch;

const URL_ = 'http://lawline.test/api/conversations/c_1234567890123456/events';
const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

function follow() {
  const frames: ServerFrame[] = [];
  const live: boolean[] = [];
  const f = followEvents({ url: URL_, fetchImpl: fakeFetch, onFrame: (x) => frames.push(x), onLive: (v) => live.push(v) });
  return { f, frames, live };
}

beforeEach(() => {
  vi.useFakeTimers();
  streams = [];
  mode = 'sse';
});
afterEach(() => vi.useRealTimers());

describe('followEvents', () => {
  it('delivers frames, keeps the last id and resumes from it after a drop', async () => {
    const { f, frames, live } = follow();
    await tick(10);
    expect(streams[0].url).toBe(URL_);
    streams[0].text('retry: 3000\nid: 4\n: open\n\n');
    await tick(10);
    expect(live).toEqual([true]);
    streams[0].text('event: staff_message\ndata: {"type":"staff_message","messageId":"m_1","text":"您好"}\nid: 6\n\n');
    await tick(10);
    expect(frames).toEqual([{ type: 'staff_message', messageId: 'm_1', text: '您好' }]);
    await tick(2_000);
    streams[0].cut();
    await tick(1_000);
    expect(streams[1].url).toBe(`${URL_}?lastEventId=6`);
    expect(live).toEqual([true]); // a stream that worked for a while: not a failure
    f.stop();
    await tick(10);
    expect(streams[1].cancelled).toBe(true);
  });

  it('a silent stream (no heartbeat for 50 s) is given up and reopened', async () => {
    const { f } = follow();
    await tick(10);
    streams[0].text('id: 2\n\n');
    await tick(45_000);
    streams[0].text(': ping\n\n');
    await tick(45_000);
    expect(streams).toHaveLength(1); // the ping kept it
    await tick(10_000);
    expect(streams[0].cancelled).toBe(true);
    await tick(2_000);
    expect(streams).toHaveLength(2);
    expect(streams[1].url).toBe(`${URL_}?lastEventId=2`);
    f.stop();
  });

  it('tells the caller to poll after three failures in a row (never opens, refused, offline), and when it works again', async () => {
    const { f, live } = follow();
    await tick(8_100); // buffered: nothing within 8 s
    expect(streams[0].cancelled).toBe(true);
    mode = 'json404';
    await tick(2_000);
    expect(live).toEqual([]);
    mode = 'offline';
    await tick(4_000);
    expect(live).toEqual([false]);
    mode = 'sse';
    for (let i = 0; i < 200 && streams.length < 2; i++) await tick(100);
    expect(streams).toHaveLength(2); // still retried (slowly)
    streams[1].text('id: 1\n\n');
    await tick(10);
    expect(live).toEqual([false, true]);
    f.stop();
    await tick(120_000);
    expect(live).toEqual([false, true]);
  });
});
