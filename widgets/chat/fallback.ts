// When to give up on the WebSocket for now and talk over plain HTTP (POST /api/chat with SSE).
// Proxies and firewalls that block WebSockets either refuse the upgrade (the socket closes at
// once, again and again) or swallow it (the socket never opens). Either way the citizen should
// not wait: after `attempts` failed sockets in a row, or `openWithinMs` without a working socket
// since the outage began, the widget switches to HTTP. It keeps retrying the socket in the
// background and switches back as soon as one is ready. A pure reducer, tested with a fake clock.

export interface FallbackPolicy {
  /** Sockets that closed without ever becoming ready, in a row. */
  attempts: number;
  /** Time since the first attempt of an outage (or since a drop) without a ready socket. */
  openWithinMs: number;
}

export const DEFAULT_FALLBACK: FallbackPolicy = { attempts: 3, openWithinMs: 4_000 };

export interface FallbackState {
  mode: 'ws' | 'http';
  failures: number;
  /** Start of the current outage (no ready socket since), or null while a socket is ready. */
  since: number | null;
}

export type FallbackEvent =
  | { type: 'connecting'; at: number } // a socket attempt starts
  | { type: 'ready'; at: number } // the server answered hello with ready
  | { type: 'failed'; at: number } // a socket closed (or timed out) before it was ever ready
  | { type: 'dropped'; at: number } // a ready socket closed
  | { type: 'tick'; at: number }; // a timer fired

export const initialFallback: FallbackState = { mode: 'ws', failures: 0, since: null };

export function nextFallback(s: FallbackState, e: FallbackEvent, p: FallbackPolicy = DEFAULT_FALLBACK): FallbackState {
  switch (e.type) {
    case 'ready':
      return { mode: 'ws', failures: 0, since: null };
    case 'connecting':
      return s.since === null ? { ...s, since: e.at } : s;
    case 'dropped':
      // one drop is not a verdict on the network: reconnect first, fall back if that fails too
      return { ...s, failures: 0, since: e.at };
    case 'failed': {
      const failures = s.failures + 1;
      const since = s.since ?? e.at;
      const give = failures >= p.attempts || e.at - since >= p.openWithinMs;
      return { mode: give ? 'http' : s.mode, failures, since };
    }
    case 'tick':
      return s.since !== null && e.at - s.since >= p.openWithinMs ? { ...s, mode: 'http' } : s;
  }
}

/** When a `tick` could change the decision (ms timestamp), or null: nothing to wait for. */
export function fallbackDeadline(s: FallbackState, p: FallbackPolicy = DEFAULT_FALLBACK): number | null {
  return s.mode === 'ws' && s.since !== null ? s.since + p.openWithinMs : null;
}
