import { describe, expect, it } from 'vitest';
import { fallbackDeadline, initialFallback, nextFallback, type FallbackEvent, type FallbackState } from './fallback';

const P = { attempts: 3, openWithinMs: 4_000 };
const run = (events: FallbackEvent[], s: FallbackState = initialFallback) => events.reduce((st, e) => nextFallback(st, e, P), s);

describe('WebSocket → HTTP fallback decision', () => {
  it('falls back after three sockets in a row are refused (a proxy that rejects the upgrade)', () => {
    let s = run([{ type: 'connecting', at: 0 }, { type: 'failed', at: 50 }, { type: 'connecting', at: 600 }, { type: 'failed', at: 650 }, { type: 'connecting', at: 1700 }]);
    expect(s).toMatchObject({ mode: 'ws', failures: 2, since: 0 });
    s = nextFallback(s, { type: 'failed', at: 1750 }, P);
    expect(s.mode).toBe('http');
  });

  it('falls back when no socket is ready within a few seconds (a proxy that swallows it)', () => {
    let s = run([{ type: 'connecting', at: 1_000 }]);
    expect(fallbackDeadline(s, P)).toBe(5_000);
    s = nextFallback(s, { type: 'tick', at: 4_999 }, P);
    expect(s.mode).toBe('ws');
    s = nextFallback(s, { type: 'tick', at: 5_000 }, P);
    expect(s.mode).toBe('http');
    expect(fallbackDeadline(s, P)).toBeNull(); // decided: nothing to wait for
  });

  it('a socket that gets ready in time keeps the widget on WebSocket, and a ready one ends the fallback', () => {
    let s = run([{ type: 'connecting', at: 0 }, { type: 'failed', at: 100 }, { type: 'connecting', at: 600 }, { type: 'ready', at: 700 }]);
    expect(s).toEqual({ mode: 'ws', failures: 0, since: null });
    expect(fallbackDeadline(s, P)).toBeNull();
    expect(nextFallback(s, { type: 'tick', at: 60_000 }, P).mode).toBe('ws');
    s = run([{ type: 'connecting', at: 0 }, { type: 'tick', at: 4_000 }]);
    expect(s.mode).toBe('http');
    s = run([{ type: 'connecting', at: 20_000 }, { type: 'failed', at: 20_100 }], s);
    expect(s.mode).toBe('http'); // background retries that fail change nothing
    expect(nextFallback(s, { type: 'ready', at: 30_000 }, P).mode).toBe('ws');
  });

  it('after a drop it reconnects first and falls back only if that keeps failing', () => {
    let s = run([{ type: 'connecting', at: 0 }, { type: 'ready', at: 100 }, { type: 'dropped', at: 10_000 }]);
    expect(s).toMatchObject({ mode: 'ws', failures: 0, since: 10_000 });
    s = run([{ type: 'connecting', at: 10_500 }, { type: 'failed', at: 10_600 }], s);
    expect(s.mode).toBe('ws');
    expect(nextFallback(s, { type: 'tick', at: 14_000 }, P).mode).toBe('http');
    // a slow failure long after the outage began decides at once
    expect(run([{ type: 'connecting', at: 0 }, { type: 'failed', at: 9_000 }]).mode).toBe('http');
  });
});
