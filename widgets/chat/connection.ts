// The widget's link to /ws/chat: connects, says hello (resuming the stored conversation),
// heartbeats, reconnects with backoff after a drop and resends what was queued meanwhile.
import { parseServerFrame, type ClientFrame, type ServerFrame } from './protocol';

export type LinkStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface LinkOptions {
  url: string; // ws(s)://host/ws/chat
  storageKey: string;
  phone?: string;
  onFrame(f: ServerFrame): void;
  onStatus(s: LinkStatus): void;
  /** Injected for tests; defaults to the browser's. */
  WebSocketImpl?: typeof WebSocket;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  pingMs?: number;
}

export interface Link {
  send(f: ClientFrame): void;
  close(): void;
  /** Forget the stored conversation and start a new one. */
  reset(): void;
  readonly conversationId: string | null;
}

function safeStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    const s = window.localStorage;
    s.getItem('x');
    return s;
  } catch {
    return null; // storage blocked (private mode, sandboxed iframe)
  }
}

export function openLink(o: LinkOptions): Link {
  const WS = o.WebSocketImpl ?? WebSocket;
  const storage = o.storage === undefined ? safeStorage() : o.storage;
  let conversationId: string | null = storage?.getItem(o.storageKey) ?? null;
  let ws: WebSocket | null = null;
  let ready = false;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  const outbox: ClientFrame[] = [];

  const connect = () => {
    if (stopped) return;
    o.onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    const sock = new WS(o.url);
    ws = sock;
    sock.onopen = () => {
      const hello: ClientFrame = { type: 'hello' };
      if (conversationId) hello.conversationId = conversationId;
      if (o.phone) hello.citizen = { phone: o.phone };
      sock.send(JSON.stringify(hello));
      clearInterval(ping);
      ping = setInterval(() => sock.readyState === 1 && sock.send(JSON.stringify({ type: 'ping' })), o.pingMs ?? 25_000);
    };
    sock.onmessage = (ev) => {
      const f = parseServerFrame(String(ev.data));
      if (!f) return;
      if (f.type === 'ready') {
        ready = true;
        attempt = 0;
        conversationId = f.conversationId;
        storage?.setItem(o.storageKey, f.conversationId);
        o.onStatus('open');
        o.onFrame(f);
        while (outbox.length && sock.readyState === 1) sock.send(JSON.stringify(outbox.shift()));
        return;
      }
      o.onFrame(f);
    };
    sock.onclose = () => {
      clearInterval(ping);
      ready = false;
      if (ws !== sock || stopped) return;
      attempt += 1;
      o.onStatus('reconnecting');
      const delay = Math.min(15_000, 500 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
      timer = setTimeout(connect, delay);
    };
    sock.onerror = () => {
      /* onclose follows */
    };
  };
  connect();

  return {
    send(f) {
      if (ws && ready && ws.readyState === 1) ws.send(JSON.stringify(f));
      else outbox.push(f);
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(ping);
      ws?.close();
      o.onStatus('closed');
    },
    reset() {
      conversationId = null;
      storage?.removeItem(o.storageKey);
      const old = ws;
      ws = null;
      old?.close();
      attempt = 0;
      clearTimeout(timer);
      connect();
    },
    get conversationId() {
      return conversationId;
    },
  };
}
