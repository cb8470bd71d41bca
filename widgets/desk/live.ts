// /ws/desk: live frames for the desk (new orders, SLA warnings, citizen messages, assist pushes),
// with reconnect. Subscribers get every frame; views filter by type.
export interface DeskFrame {
  type: string;
  [k: string]: unknown;
}

type Listener = (f: DeskFrame) => void;
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

const listeners = new Set<Listener>();
const statusListeners = new Set<(s: LiveStatus) => void>();
let ws: WebSocket | null = null;
let stopped = true;
let attempt = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let status: LiveStatus = 'closed';
let authLost: () => void = () => {};

/** Called when the server ends the feed because the session is no longer valid (close 4401). */
export function whenLiveAuthLost(fn: () => void) {
  authLost = fn;
}

function setStatus(s: LiveStatus) {
  status = s;
  for (const l of statusListeners) l(s);
}

export function liveStatus(): LiveStatus {
  return status;
}

export function startLive(token: string) {
  stopLive();
  stopped = false;
  attempt = 0;
  const connect = () => {
    if (stopped) return;
    setStatus(attempt ? 'reconnecting' : 'connecting');
    const url = new URL('/ws/desk', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const sock = new WebSocket(url.toString());
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      setStatus('open');
    };
    sock.onmessage = (ev) => {
      let f: DeskFrame | null = null;
      try {
        f = JSON.parse(String(ev.data)) as DeskFrame;
      } catch {
        return;
      }
      if (!f || typeof f.type !== 'string') return;
      for (const l of listeners) l(f);
    };
    sock.onclose = (ev) => {
      if (ws !== sock || stopped) return;
      if (ev.code === 4401) {
        stopped = true;
        setStatus('closed');
        authLost();
        return;
      }
      attempt += 1;
      setStatus('reconnecting');
      timer = setTimeout(connect, Math.min(15_000, 500 * 2 ** Math.min(attempt, 5)));
    };
  };
  connect();
}

export function stopLive() {
  stopped = true;
  clearTimeout(timer);
  const old = ws;
  ws = null;
  old?.close();
  setStatus('closed');
}

export function onLive(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function onLiveStatus(fn: (s: LiveStatus) => void): () => void {
  statusListeners.add(fn);
  return () => statusListeners.delete(fn);
}
