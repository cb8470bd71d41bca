// The widget's link to the assistant. Normally /ws/chat: connects, says hello (resuming the stored
// conversation), heartbeats, reconnects with backoff after a drop and resends what was queued
// meanwhile. When WebSockets do not get through (a proxy or firewall refuses or swallows the
// upgrade; see fallback.ts for when the widget decides that), the same frames go over plain HTTP:
//   message          → POST /api/chat (Accept: text/event-stream; the answer still streams)
//   handoff_request  → POST /api/conversations/:id/handoff (no conversation yet, or the server lost it:
//                      POST /api/handoff, which opens one already handed to a person)
//   rating           → POST /api/conversations/:id/ratings
//   resume           → GET /api/conversations/:id
//   staff replies and work-order status notices after a handoff → GET /api/conversations/:id/events (server-sent events, pushed
//                      at once; events.ts), with one catch-up GET when it opens. Only while that
//                      stream keeps failing (a proxy buffering it) are they polled, every 15 s.
// and the server's answers are handed to onFrame as if they had come over the socket. The socket
// keeps being retried in the background; once one is ready (and no HTTP request is running) the
// link moves back to it.
import { followEvents, type Follow, type FollowOptions } from './events';
import { DEFAULT_FALLBACK, fallbackDeadline, initialFallback, nextFallback, type FallbackEvent, type FallbackPolicy } from './fallback';
import { parseServerFrame, type ClientFrame, type HistoryItem, type ServerFrame } from './protocol';
import { readSse } from './sse';

/** `fallback`: working over HTTP (degraded); `reconnecting`: nothing gets through right now. */
export type LinkStatus = 'connecting' | 'open' | 'reconnecting' | 'fallback' | 'closed';
export type Transport = 'ws' | 'http';

export interface LinkOptions {
  url: string; // ws(s)://host/ws/chat
  /** HTTP origin of the server; enables the HTTP fallback. */
  server?: string;
  storageKey: string;
  phone?: string;
  onFrame(f: ServerFrame): void;
  onStatus(s: LinkStatus): void;
  /** Injected for tests; default to the browser's. */
  WebSocketImpl?: typeof WebSocket;
  fetchImpl?: typeof fetch;
  now?: () => number;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  pingMs?: number;
  fallback?: Partial<FallbackPolicy>;
  /** A socket not ready after this long is given up and retried (default 2 × openWithinMs). */
  openTimeoutMs?: number;
  /** Polling for staff replies while on HTTP after a handoff, when the event stream keeps failing (default 15 s). */
  pollMs?: number;
  /** Timing of the event stream of staff replies (tests). */
  events?: Pick<FollowOptions, 'openWithinMs' | 'idleMs' | 'failAfter'>;
}

export interface Link {
  /** Send a frame; false when it had to be queued until a connection works. */
  send(f: ClientFrame): boolean;
  close(): void;
  /** Forget the stored conversation and start a new one. */
  reset(): void;
  readonly conversationId: string | null;
  readonly transport: Transport;
}

const CUT = '网络中断，回答没有完整送达，请重新发送您的问题。';
const FAILED = '暂时无法处理您的请求，请稍后再试，或拨打12348。';
const CJK = /[\u4e00-\u9fff]/;

/** fetch failed before an answer: nothing reached the server, the request may be retried. */
class Offline extends Error {}

function safeStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
  try {
    const s = window.localStorage;
    s.getItem('x');
    return s;
  } catch {
    return null; // storage blocked (private mode, sandboxed iframe)
  }
}

interface StoredConversation {
  conversationId: string;
  status?: string;
  orderNo?: string | null;
  messages?: HistoryItem[];
}

export function openLink(o: LinkOptions): Link {
  const WS = o.WebSocketImpl ?? WebSocket;
  const doFetch: typeof fetch = o.fetchImpl ?? ((input, init) => fetch(input, init));
  const now = o.now ?? (() => Date.now());
  const policy: FallbackPolicy = { ...DEFAULT_FALLBACK, ...o.fallback };
  const storage = o.storage === undefined ? safeStorage() : o.storage;
  let conversationId: string | null = storage?.getItem(o.storageKey) ?? null;
  let ws: WebSocket | null = null;
  let ready = false; // `ws` answered hello
  let everReady = false;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  let tickTimer: ReturnType<typeof setTimeout> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setTimeout> | undefined;
  let follow: Follow | null = null; // the event stream of staff replies (HTTP after a handoff)
  let streamLive = false;
  const outbox: ClientFrame[] = [];
  let status: LinkStatus | null = null;
  let fb = initialFallback;
  let transport: Transport = 'ws';

  // what the UI has: the conversation it was given a ready for, staff replies and order status notices, handoff
  let shownId: string | null = null;
  let handedOff = false;
  const seen = new Set<string>(); // ids of pushed messages (staff replies, order status notices) the UI has
  /** Messages written outside the assistant's turns: they come by push, poll or catch-up. */
  const pushed = (f: ServerFrame): f is Extract<ServerFrame, { type: 'staff_message' | 'order_status' }> => f.type === 'staff_message' || f.type === 'order_status';
  let identified = false; // the citizen's phone reached the server for this conversation

  // HTTP: one operation at a time, in order
  let gen = 0; // bumped by reset(): answers for the old conversation are dropped
  let abort = new AbortController();
  let busy = false;
  let needResume = false;
  let httpDown = false; // the last request did not get through: queue, retry later
  let httpFailures = 0;
  let wantWs = false; // a socket got ready while HTTP was busy: hello again once it is idle
  let handingBack = false; // that hello is out: wait for its ready

  const setStatus = (s: LinkStatus) => {
    if (s === status) return;
    status = s;
    o.onStatus(s);
  };

  const adopt = (id: string) => {
    conversationId = id;
    storage?.setItem(o.storageKey, id);
  };

  const deliver = (f: ServerFrame) => {
    if (f.type === 'ready') {
      const fresh = shownId !== f.conversationId;
      shownId = f.conversationId;
      const out = Boolean(f.orderNo) || f.status === 'handed_off';
      handedOff = fresh ? out : handedOff || out;
      if (fresh) seen.clear();
      for (const h of f.history ?? []) {
        const id = h.messageId ?? h.id;
        if ((h.role === 'staff' || h.kind === 'order_status') && id) seen.add(id);
      }
    } else if (f.type === 'handoff') handedOff = true;
    else if (pushed(f) && f.messageId) seen.add(f.messageId);
    o.onFrame(f);
    if (handedOff) followStaff();
  };

  const hello = (): ClientFrame => {
    const h: ClientFrame = { type: 'hello' };
    if (conversationId) h.conversationId = conversationId;
    if (o.phone) {
      h.citizen = { phone: o.phone };
      identified = true;
    }
    return h;
  };

  // ---- the decision (fallback.ts) ----

  const policyEvent = (e: FallbackEvent) => {
    fb = nextFallback(fb, e, policy);
    clearTimeout(tickTimer);
    const at = fallbackDeadline(fb, policy);
    if (at !== null && o.server) tickTimer = setTimeout(() => policyEvent({ type: 'tick', at: now() }), Math.max(0, at - now()));
    if (fb.mode === 'http' && transport === 'ws' && o.server && !stopped) enterHttp();
  };

  // ---- WebSocket ----

  const flushWs = () => {
    while (outbox.length && ws && ready && ws.readyState === 1) ws.send(JSON.stringify(outbox.shift()));
  };

  const connect = () => {
    if (stopped) return;
    if (transport === 'ws') setStatus(everReady ? 'reconnecting' : 'connecting');
    policyEvent({ type: 'connecting', at: now() });
    let settled = false;
    let wasReady = false;
    let helloId: string | null = null;
    let openTimer: ReturnType<typeof setTimeout> | undefined;
    let beat: ReturnType<typeof setInterval> | undefined; // this socket's heartbeat
    let sock: WebSocket;

    const closed = () => {
      if (settled) return;
      settled = true;
      clearInterval(beat);
      clearTimeout(openTimer);
      if (ws !== sock || stopped) return;
      ws = null;
      ready = false;
      wantWs = false;
      if (handingBack) {
        handingBack = false;
        queueMicrotask(pump);
      }
      attempt += 1;
      policyEvent({ type: wasReady ? 'dropped' : 'failed', at: now() });
      if (transport === 'ws') setStatus(everReady ? 'reconnecting' : 'connecting');
      const delay = Math.min(15_000, 500 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
      timer = setTimeout(connect, delay);
    };

    try {
      sock = new WS(o.url);
    } catch {
      // e.g. refused by the page's Content-Security-Policy: a failed attempt like any other
      sock = { close() {} } as WebSocket;
      ws = sock;
      closed();
      return;
    }
    ws = sock;
    // a socket a proxy swallows never opens and never closes: give up on it
    openTimer = setTimeout(() => {
      if (wasReady) return;
      try {
        sock.close();
      } catch {
        /* already gone */
      }
      closed();
    }, o.openTimeoutMs ?? 2 * policy.openWithinMs);

    sock.onopen = () => {
      const h = hello();
      helloId = conversationId;
      sock.send(JSON.stringify(h));
      clearInterval(beat);
      beat = ping = setInterval(() => sock.readyState === 1 && sock.send(JSON.stringify({ type: 'ping' })), o.pingMs ?? 25_000);
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      const f = parseServerFrame(String(ev.data));
      if (!f) return;
      if (f.type !== 'ready') return void deliver(f);
      if (conversationId && f.conversationId !== conversationId && !helloId) {
        // a conversation was opened over HTTP after this socket said hello without one: join it
        helloId = conversationId;
        sock.send(JSON.stringify(hello()));
        return;
      }
      wasReady = true;
      everReady = true;
      ready = true;
      attempt = 0;
      clearTimeout(openTimer);
      adopt(f.conversationId);
      policyEvent({ type: 'ready', at: now() });
      if (transport === 'http') {
        // answers may be streaming over HTTP: move back once they are done, with fresh history
        if (busy) {
          wantWs = true;
          return;
        }
        backToWs();
      }
      handingBack = false;
      setStatus('open');
      deliver(f);
      flushWs();
    };
    sock.onclose = closed;
    sock.onerror = () => {
      /* onclose follows */
    };
  };

  // ---- HTTP ----

  const backToWs = () => {
    transport = 'ws';
    wantWs = false;
    httpDown = false;
    httpFailures = 0;
    clearTimeout(retryTimer);
    stopFollowing();
  };

  const enterHttp = () => {
    transport = 'http';
    // with a conversation, fetching it first also tells whether HTTP gets through (a server that
    // is down altogether is `reconnecting`, not `fallback`)
    needResume = Boolean(conversationId);
    if (!needResume) setStatus('fallback');
    if (handedOff) followStaff();
    pump();
  };

  const request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let res: Response;
    try {
      res = await doFetch(new URL(path, o.server).toString(), { ...init, signal: abort.signal });
    } catch {
      throw new Offline();
    }
    // a gateway's error page, not the server's: it did not get through
    if (res.status >= 502 && res.status <= 504 && !(res.headers.get('content-type') ?? '').includes('json')) throw new Offline();
    return res;
  };
  const post = (path: string, body: unknown, accept = 'application/json') =>
    request(path, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

  /** The server's own Chinese message for a refused request, else a plain one (never a raw error). */
  const refused = async (res: Response, g: number, fallback = FAILED) => {
    const j = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const m = j?.error?.message;
    if (g === gen) deliver({ type: 'error', code: j?.error?.code ?? `http_${res.status}`, message: m && CJK.test(m) ? m : fallback });
  };

  /** A turn's final frame as JSON (no stream): answer_done / clarify / handoff, with extras. */
  const deliverFinal = (j: Record<string, unknown>, g: number) => {
    if (g !== gen || typeof j.type !== 'string') return;
    const { suggestions, handoff, ...final } = j as { suggestions?: string[]; handoff?: { orderNo: string; text: string } };
    deliver(final as unknown as ServerFrame);
    if (Array.isArray(suggestions)) deliver({ type: 'suggestions', items: suggestions });
    if (handoff) deliver({ type: 'handoff', ...handoff }); // an emergency: safety advice, then a person
  };

  const ask = async (text: string, g: number, phone?: string) => {
    const body: Record<string, unknown> = { text };
    if (conversationId) body.conversationId = conversationId;
    const p = phone ?? (identified ? undefined : o.phone);
    if (p) body.citizen = { phone: p };
    const res = await post('/api/chat', body, 'text/event-stream');
    if (!res.ok) return refused(res, g);
    if (p) identified = true;
    let ended = false;
    const take = (f: ServerFrame | null) => {
      if (!f || g !== gen) return;
      if (f.type === 'ready') {
        adopt(f.conversationId);
        if (shownId !== f.conversationId) deliver({ type: 'ready', conversationId: f.conversationId });
        return;
      }
      if (f.type === 'answer_done' || f.type === 'clarify' || f.type === 'handoff' || f.type === 'error') ended = true;
      deliver(f);
    };
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream') && res.body) {
      try {
        await readSse(res.body, (e) => take(parseServerFrame(e.data)));
      } catch {
        /* cut off mid-stream */
      }
      if (!ended && g === gen) deliver({ type: 'error', code: 'stream_cut', message: CUT });
      return;
    }
    // something on the way turned the stream into a plain answer: the final frame as JSON
    const j = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!j) return void (g === gen && deliver({ type: 'error', code: 'bad_answer', message: CUT }));
    if (typeof j.conversationId === 'string') take({ type: 'ready', conversationId: j.conversationId });
    deliverFinal(j, g);
  };

  const handoff = async (f: Extract<ClientFrame, { type: 'handoff_request' }>, g: number) => {
    const p = f.phone ?? (identified ? undefined : o.phone);
    const body = p ? { phone: p } : {};
    let res: Response | null = null;
    if (conversationId) res = await post(`${conversationPath(conversationId)}/handoff`, body);
    // no conversation on the server (none yet, or it is gone): a new one, handed over at once
    if (!res || res.status === 404) res = await post('/api/handoff', body);
    if (!res.ok) return refused(res, g, '转人工没有成功，请稍后再试，或拨打12348。');
    const j = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    if (!j) return refused(res, g);
    if (p) identified = true;
    if (g === gen && typeof j.conversationId === 'string' && j.conversationId !== conversationId) {
      adopt(j.conversationId);
      deliver({ type: 'ready', conversationId: j.conversationId });
    }
    return deliverFinal(j, g);
  };

  const rate = async (f: Extract<ClientFrame, { type: 'rating' }>, g: number) => {
    if (!conversationId) return;
    const res = await post(`${conversationPath(conversationId)}/ratings`, { messageId: f.messageId, useful: f.useful, ...(f.comment ? { comment: f.comment } : {}) });
    if (!res.ok) return refused(res, g, '评价没有提交成功，请稍后再试。');
    if (g === gen) deliver({ type: 'rated', messageId: f.messageId });
  };

  /** Staff replies and order status notices the UI does not have yet (HTTP has no push). */
  const deliverUnseen = (j: StoredConversation) => {
    for (const m of j.messages ?? []) {
      const mid = m.messageId ?? m.id;
      if (!mid || seen.has(mid)) continue;
      if (m.role === 'staff') deliver({ type: 'staff_message', messageId: mid, text: m.text, from: m.from, at: m.at });
      else if (m.kind === 'order_status') deliver({ type: 'order_status', messageId: mid, orderNo: m.orderNo ?? j.orderNo ?? '', state: m.state ?? '', text: m.text, at: m.at });
    }
  };

  /** The conversation from the server: all of it for a UI that has not got it (a reload), else what it missed. */
  const resume = async (g: number) => {
    const id = conversationId;
    if (!id) return;
    const res = await request(conversationPath(id), { headers: { accept: 'application/json' } });
    if (!res.ok) return; // unknown here: the first question opens it under the same id
    const j = (await res.json().catch(() => null)) as StoredConversation | null;
    if (!j || g !== gen || conversationId !== id) return;
    if (shownId === id) return deliverUnseen(j);
    deliver({ type: 'ready', conversationId: id, resumed: true, status: j.status, orderNo: j.orderNo ?? null, history: Array.isArray(j.messages) ? j.messages : [] });
  };

  const run = (job: ClientFrame | 'resume', g: number): Promise<void> => {
    if (job === 'resume') return resume(g);
    if (job.type === 'message') return ask(job.text, g);
    if (job.type === 'handoff_request') return handoff(job, g);
    if (job.type === 'rating') return rate(job, g);
    return Promise.resolve(); // hello, ping: nothing to do over HTTP
  };

  function pump() {
    if (busy || stopped || transport !== 'http' || httpDown || handingBack) return;
    if (wantWs) {
      wantWs = false;
      if (ws && ready && ws.readyState === 1) {
        handingBack = true;
        ws.send(JSON.stringify(hello()));
        return;
      }
    }
    const job = needResume ? 'resume' : outbox.shift();
    if (!job) return;
    busy = true;
    const g = gen;
    run(job, g)
      .then(
        () => {
          if (job === 'resume') needResume = false;
          if (g !== gen) return;
          httpFailures = 0;
          if (transport === 'http') setStatus('fallback');
        },
        (e: unknown) => {
          if (g !== gen || stopped) return;
          if (!(e instanceof Offline)) {
            if (job === 'resume') needResume = false;
            return;
          }
          if (job !== 'resume') outbox.unshift(job);
          httpDown = true;
          if (transport === 'http') setStatus('reconnecting');
          const delay = Math.min(15_000, 2_000 * 2 ** Math.min(httpFailures++, 3));
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => {
            httpDown = false;
            pump();
          }, delay);
        },
      )
      .finally(() => {
        busy = false;
        pump();
      });
  }

  /** Ask for the conversation and show the staff replies and order status notices the UI does not have yet. */
  const catchUp = async () => {
    const g = gen;
    const id = conversationId;
    try {
      if (id && !busy && !httpDown) {
        const res = await request(conversationPath(id), { headers: { accept: 'application/json' } });
        const j = res.ok ? ((await res.json()) as StoredConversation) : null;
        if (j && g === gen && transport === 'http' && conversationId === id) deliverUnseen(j);
      }
    } catch {
      /* next time */
    }
  };

  /** After a handoff on HTTP: staff replies and order status notices are pushed over the conversation's event stream. */
  function followStaff() {
    if (follow || stopped || transport !== 'http' || !handedOff || !conversationId || !o.server) return;
    const id = conversationId;
    const g = gen;
    follow = followEvents({
      url: new URL(`${conversationPath(id)}/events`, o.server).toString(),
      fetchImpl: doFetch,
      ...o.events,
      onFrame(f) {
        if (g !== gen || transport !== 'http' || conversationId !== id) return;
        if ('conversationId' in f && typeof f.conversationId === 'string' && f.conversationId !== id) return;
        if (pushed(f) && f.messageId && seen.has(f.messageId)) return; // the catch-up or a poll had it
        if (f.type === 'handoff' && handedOff) return; // shown already
        if (pushed(f) || f.type === 'handoff') deliver(f);
      },
      onLive(isLive) {
        if (g !== gen) return;
        streamLive = isLive;
        if (isLive) {
          clearTimeout(pollTimer);
          pollTimer = undefined;
          void catchUp(); // what was written before the stream opened (or while it was down)
        } else poll();
      },
    });
  }

  function stopFollowing() {
    follow?.stop();
    follow = null;
    streamLive = false;
    clearTimeout(pollTimer);
    pollTimer = undefined;
  }

  /** Only while the event stream keeps failing: staff replies reach an HTTP client by asking. */
  function poll() {
    if (pollTimer !== undefined || stopped || streamLive || transport !== 'http' || !handedOff) return;
    pollTimer = setTimeout(async () => {
      await catchUp();
      pollTimer = undefined;
      poll();
    }, o.pollMs ?? 15_000);
  }

  connect();

  return {
    send(f) {
      if (transport === 'ws') {
        if (ws && ready && ws.readyState === 1) {
          ws.send(JSON.stringify(f));
          return true;
        }
        outbox.push(f);
        return false;
      }
      outbox.push(f);
      const waiting = httpDown || handingBack;
      pump();
      return !waiting;
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(tickTimer);
      clearTimeout(retryTimer);
      stopFollowing();
      clearInterval(ping);
      abort.abort();
      ws?.close();
      setStatus('closed');
    },
    reset() {
      gen += 1;
      abort.abort();
      abort = new AbortController();
      conversationId = null;
      storage?.removeItem(o.storageKey);
      shownId = null;
      handedOff = false;
      identified = false;
      seen.clear();
      needResume = false;
      outbox.length = 0;
      stopFollowing();
      const old = ws;
      ws = null;
      ready = false;
      wantWs = false;
      handingBack = false;
      old?.close();
      attempt = 0;
      clearTimeout(timer);
      connect();
    },
    get conversationId() {
      return conversationId;
    },
    get transport() {
      return transport;
    },
  };
}
