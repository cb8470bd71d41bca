// Staff replies pushed to a widget whose WebSockets are blocked: GET /api/conversations/:id/events
// (server-sent events; `data` is the frame /ws/chat would send, `id` the message's sequence number
// in the conversation), read with fetch so the transport stays injectable. The stream is kept open:
// after a drop it reconnects with a short backoff and `lastEventId` (a query parameter, so a portal
// on another origin needs no CORS preflight) and the server replays what was missed. The server
// sends an opening block at once and `: ping` every 20 s; a stream that does not open in time (a
// proxy buffering it) or goes silent is given up and retried. After `failAfter` failures in a row
// the caller is told (`onLive(false)`) and polls instead; the stream keeps being retried, slowly,
// and `onLive(true)` says it works again.
import { parseServerFrame, type ServerFrame } from './protocol';
import { createSseParser } from './sse';

export interface FollowOptions {
  /** Absolute URL of /api/conversations/:id/events. */
  url: string;
  fetchImpl: typeof fetch;
  onFrame(f: ServerFrame): void;
  /** true: the stream is open (stop polling, catch up once); false: it keeps failing (poll). */
  onLive(live: boolean): void;
  /** The opening block must arrive within this (default 8 s). */
  openWithinMs?: number;
  /** No byte for this long (heartbeats every 20 s) = a dead connection (default 50 s). */
  idleMs?: number;
  /** Failures in a row before onLive(false) (default 3). */
  failAfter?: number;
}

export interface Follow {
  stop(): void;
}

/** A stream that ended sooner than this after opening counts as a failure (e.g. a proxy closing it). */
const SHORT_LIVED_MS = 1_000;

export function followEvents(o: FollowOptions): Follow {
  let stopped = false;
  let lastId: string | undefined;
  let failures = 0;
  let live: boolean | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let cancel: (() => void) | null = null;

  const setLive = (v: boolean) => {
    if (v === live || stopped) return;
    live = v;
    o.onLive(v);
  };

  const connect = async () => {
    if (stopped) return;
    const ctrl = new AbortController();
    let reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      clearTimeout(watchdog);
      ctrl.abort();
      reader?.cancel().catch(() => undefined);
    };
    cancel = end;
    const arm = (ms: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(end, ms);
    };
    let openedAt = 0;
    arm(o.openWithinMs ?? 8_000);
    try {
      const url = lastId === undefined ? o.url : `${o.url}${o.url.includes('?') ? '&' : '?'}lastEventId=${encodeURIComponent(lastId)}`;
      const res = await o.fetchImpl(url, { headers: { accept: 'text/event-stream' }, cache: 'no-store', signal: ctrl.signal });
      if (res.ok && (res.headers.get('content-type') ?? '').includes('text/event-stream') && res.body) {
        const parser = createSseParser(
          (e) => {
            const f = parseServerFrame(e.data);
            if (f && !stopped && !ctrl.signal.aborted) o.onFrame(f);
          },
          (id) => {
            if (id !== undefined) lastId = id;
            if (!openedAt) {
              openedAt = Date.now();
              setLive(true);
            }
          },
        );
        reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done || stopped || ctrl.signal.aborted) break;
          parser.push(decoder.decode(value, { stream: true }));
          if (openedAt) arm(o.idleMs ?? 50_000);
        }
      } else {
        res.body?.cancel().catch(() => undefined);
      }
    } catch {
      /* refused, cut off, or given up by the watchdog */
    }
    end();
    if (stopped || cancel !== end) return;
    cancel = null;
    if (openedAt && Date.now() - openedAt >= SHORT_LIVED_MS) failures = 0;
    else failures += 1;
    if (failures >= (o.failAfter ?? 3)) setLive(false);
    // a stream that worked: back at once (with lastEventId); failures: 1, 2, 4 … 60 s
    const delay = failures === 0 ? 500 : Math.min(60_000, 1_000 * 2 ** Math.min(failures - 1, 6));
    timer = setTimeout(connect, delay * (0.75 + Math.random() * 0.5));
  };

  void connect();

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      cancel?.();
      cancel = null;
    },
  };
}
