// REST doors of the chat module:
//   POST /api/chat                         one turn (SSE with Accept: text/event-stream, else JSON)
//   GET  /api/conversations/:id            the conversation and its messages (citations, triage, ratings)
//   GET  /api/conversations/:id/events     SSE push of staff replies and the handoff (HTTP fallback of the widget)
//   POST /api/conversations/:id/ratings    rate an answer (有用/没用)
//   POST /api/conversations/:id/handoff    ask for a person
//   POST /api/handoff                      ask for a person before any question (a new conversation)
//   POST /api/conversations/:id/messages   staff reply (staff auth) → pushed to the citizen
//   GET  /api/knowledge/search             knowledge search with signals (public, rate limited)
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { DocKind } from '../../knowledge/types';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, requireStaff, tokenFrom, type StaffEnv } from '../http/auth';
import { clientAddress } from '../http/client-address';
import { RateLimiter } from '../http/rate-limit';
import { parseWith, readJson } from '../http/validate';
import type { DialogueEvent } from '../ports';
import type { Dialogue } from '../dialogue/dialogue';
import { newId } from '../dialogue/store';
import type { ConversationFeed, FeedReader } from './feed';
import { ConversationId, Phone } from './frames';

export const ChatBody = z
  .object({
    text: z.string(),
    conversationId: ConversationId.optional(),
    citizen: z.object({ phone: Phone.optional() }).strict().optional(),
    region: z.string().trim().min(1).max(40).optional(),
  })
  .strict();
export const RatingBody = z.object({ messageId: z.string().min(1).max(80), useful: z.boolean(), comment: z.string().max(500).optional() }).strict();
export const HandoffBody = z.object({ phone: Phone.optional(), reason: z.string().max(500).optional() }).strict();
export const StaffMessageBody = z.object({ text: z.string().trim().min(1, '回复内容不能为空').max(4000) }).strict();
const KINDS = ['law', 'regulation', 'interpretation', 'rule', 'local', 'case', 'order', 'faq'] as const;
export const SearchParams = z
  .object({
    q: z.string().trim().min(1, '请输入要搜索的内容').max(200),
    kind: z.string().optional(),
    law: z.string().trim().min(1).max(60).optional(),
    region: z.string().trim().min(1).max(40).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
    inForceOnly: z.enum(['0', '1', 'true', 'false']).optional(),
  })
  .strict();

/** The final event of a turn, as JSON: answer_done, else clarify / handoff; an error becomes a 4xx/5xx. */
export function finalOf(events: DialogueEvent[], conversationId: string): Record<string, unknown> {
  const err = events.find((e) => e.type === 'error');
  const done = [...events].reverse().find((e) => e.type === 'answer_done' || e.type === 'clarify' || e.type === 'handoff');
  if (!done && err && err.type === 'error') throw new AppError(err.code as never, err.message);
  if (!done) throw new AppError('internal');
  const suggestions = events.find((e) => e.type === 'suggestions');
  const handoff = events.find((e) => e.type === 'handoff');
  return {
    ...done,
    conversationId,
    ...(suggestions && suggestions.type === 'suggestions' ? { suggestions: suggestions.items } : {}),
    ...(handoff && handoff !== done && handoff.type === 'handoff' ? { handoff: { orderNo: handoff.orderNo, text: handoff.text } } : {}),
    ...(err && err.type === 'error' ? { error: { code: err.code, message: err.message } } : {}),
  };
}

export interface ChatRouteOptions {
  feed: ConversationFeed;
  reader: FeedReader;
  /** `: ping` comment on open event streams, so proxies keep them open (default 20 s). */
  heartbeatMs?: number;
  /** Event streams one client address may hold open at once (default MAX_STREAMS_PER_CLIENT). */
  maxStreamsPerClient?: number;
}

/** A citizen has a tab or two open; a shared office NAT a few dozen. */
export const MAX_STREAMS_PER_CLIENT = 20;

/** A Last-Event-ID (header, or `lastEventId` query for clients that cannot set headers): a seq, else none. */
function lastEventId(c: Context): number | null {
  const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId');
  return raw && /^\d{1,12}$/.test(raw.trim()) ? Number(raw.trim()) : null;
}

export function chatRoutes(ctx: AppContext, dialogue: Dialogue, opts: ChatRouteOptions): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const cfg = ctx.config;
  const turns = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE);
  const reads = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE * 4);
  const limit = (rl: RateLimiter, c: Context) => {
    if (!rl.take(clientAddress(c, cfg.TRUST_PROXY_HOPS))) throw new AppError('rate_limited');
  };

  app.post('/api/chat', async (c) => {
    limit(turns, c);
    const body = await readJson(c, ChatBody, cfg.CHAT_MAX_FRAME_BYTES);
    if (!body.text.trim()) throw new AppError('bad_request', '消息内容不能为空。');
    if ([...body.text].length > cfg.CHAT_MAX_MESSAGE_CHARS) throw new AppError('too_large', `消息过长，请控制在 ${cfg.CHAT_MAX_MESSAGE_CHARS} 字以内。`);
    const { conversation } = await dialogue.open({ conversationId: body.conversationId, channel: 'api', citizen: body.citizen, region: body.region });
    const id = conversation.id;
    const turn = { conversationId: id, channel: 'api' as const, text: body.text, region: body.region };
    if ((c.req.header('accept') ?? '').includes('text/event-stream')) {
      return streamSSE(c, async (stream) => {
        let chain = stream.writeSSE({ event: 'ready', data: JSON.stringify({ type: 'ready', conversationId: id }) });
        await dialogue.turn(turn, (e) => {
          chain = chain.then(() => stream.writeSSE({ event: e.type, data: JSON.stringify({ ...e, conversationId: id }) }));
        });
        await chain;
      });
    }
    const events: DialogueEvent[] = [];
    await dialogue.turn(turn, (e) => events.push(e));
    return c.json(finalOf(events, id));
  });

  app.get('/api/conversations/:id', (c) => {
    limit(reads, c);
    const id = parseWith(ConversationId, c.req.param('id'));
    const conv = dialogue.conversation(id);
    if (!conv) throw new AppError('not_found', '没有找到这个会话。');
    return c.json({
      conversationId: conv.id,
      channel: conv.channel,
      status: conv.status,
      orderNo: conv.orderNo,
      domain: conv.domain,
      service: conv.service,
      createdAt: conv.createdAt,
      updatedAt: conv.updatedAt,
      messages: dialogue.history(conv.id),
    });
  });

  // Staff replies and the handoff of a conversation, pushed as the frames /ws/chat would send, for
  // a browser whose WebSockets are blocked. Same access as GET /api/conversations/:id (the id is the
  // capability). Event id = the message's seq: Last-Event-ID replays what a reconnect missed.
  // CORS for this route is set with the other citizen routes (CITIZEN_ROUTES in server.ts).
  // Open streams per client address are capped: each holds a socket for as long as it likes.
  const open = new Map<string, number>();
  app.get('/api/conversations/:id/events', (c) => {
    limit(reads, c);
    const id = parseWith(ConversationId, c.req.param('id'));
    if (!dialogue.conversation(id)) throw new AppError('not_found', '没有找到这个会话。');
    const client = clientAddress(c, cfg.TRUST_PROXY_HOPS);
    const maxStreams = opts.maxStreamsPerClient ?? MAX_STREAMS_PER_CLIENT;
    if ((open.get(client) ?? 0) >= maxStreams) throw new AppError('rate_limited', '打开的会话连接过多，请关闭其他页面后再试。');
    open.set(client, (open.get(client) ?? 0) + 1);
    const release = () => {
      const n = (open.get(client) ?? 1) - 1;
      if (n > 0) open.set(client, n);
      else open.delete(client);
    };
    const { feed, reader } = opts;
    const head = reader.head(id);
    const asked = lastEventId(c);
    // from now on, or from the client's last event (never past the conversation's end)
    let cursor = asked === null ? head : Math.min(asked, head);
    c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer this response
    return streamSSE(c, async (stream) => {
      let pending: Promise<unknown> = Promise.resolve();
      let done!: () => void;
      const ended = new Promise<void>((r) => (done = r));
      /** Write what was stored after the cursor; one flush at a time, in order. */
      const flush = () => {
        pending = pending.then(async () => {
          for (;;) {
            if (stream.aborted || stream.closed) return;
            const events = reader.after(id, cursor);
            for (const e of events) {
              await stream.writeSSE({ event: e.frame.type, data: JSON.stringify(e.frame), id: String(e.id) });
              cursor = e.id;
            }
            if (events.length < 200) return;
          }
        }).catch((err) => ctx.log.warn('conversation events: flush failed', { conversationId: id, err }));
      };
      const unsubscribe = feed.subscribe(id, { changed: flush, stop: () => done() });
      const beat = setInterval(() => {
        pending = pending.then(() => stream.write(': ping\n\n'));
        flush(); // also picks up anything stored without a notification
      }, opts.heartbeatMs ?? 20_000);
      stream.onAbort(() => done());
      c.req.raw.signal.addEventListener('abort', () => done(), { once: true });
      try {
        // the client learns where it stands at once (a reconnect resumes from here), then the replay
        await stream.write(`retry: 3000\nid: ${cursor}\n: open\n\n`);
        flush();
        await ended;
      } finally {
        clearInterval(beat);
        unsubscribe();
        release();
      }
    });
  });

  app.post('/api/conversations/:id/ratings', async (c) => {
    limit(turns, c);
    const body = await readJson(c, RatingBody);
    const id = c.req.param('id');
    if (!dialogue.conversation(id)) throw new AppError('not_found', '没有找到这个会话。');
    dialogue.rate(id, body.messageId, body.useful, body.comment);
    return c.json({ ok: true, conversationId: id, messageId: body.messageId, useful: body.useful });
  });

  /** Hand conversation `id` to a person (requestHandoff opens it when it is new); the handoff frame as JSON. */
  const handOver = async (id: string, body: z.infer<typeof HandoffBody>) => {
    const events: DialogueEvent[] = [];
    await dialogue.requestHandoff(id, 'api', (e) => events.push(e), { reason: body.reason, citizen: body.phone ? { phone: body.phone } : undefined });
    return finalOf(events, id);
  };

  // 转人工 before any question, or after the server lost the conversation: a new conversation,
  // handed to a person at once (the reply carries its conversationId)
  app.post('/api/handoff', async (c) => {
    limit(turns, c);
    const body = await readJson(c, HandoffBody);
    return c.json(await handOver(newId('c'), body));
  });

  app.post('/api/conversations/:id/handoff', async (c) => {
    limit(turns, c);
    const body = await readJson(c, HandoffBody);
    const id = c.req.param('id');
    if (!dialogue.conversation(id)) throw new AppError('not_found', '没有找到这个会话。');
    return c.json(await handOver(id, body));
  });

  app.post('/api/conversations/:id/messages', requireStaff(() => ctx.ports.auth), async (c) => {
    const body = await readJson(c, StaffMessageBody);
    const id = c.req.param('id');
    const conv = dialogue.conversation(id);
    if (!conv) throw new AppError('not_found', '没有找到这个会话。');
    const staff = currentStaff(c);
    ctx.ports.auth?.logAccess(staff, 'chat.staff_message', id);
    const at = ctx.clock.now().toISOString();
    // one path for every staff reply: the bus event is persisted and pushed by the chat module
    ctx.bus.emit('conversation.staff_message', { conversationId: id, text: body.text, staffId: staff.id, staffName: staff.name, at });
    return c.json({ ok: true, conversationId: id, at }, 201);
  });

  const staffSearches = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE * 20);
  app.get('/api/knowledge/search', async (c) => {
    // staff at a service-centre desk share one address: a signed-in staff member has an own, larger budget
    const token = tokenFrom({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') });
    const staff = token ? ctx.ports.auth?.verify(token) : null;
    if (staff) {
      if (!staffSearches.take(`staff:${staff.id}`)) throw new AppError('rate_limited');
    } else limit(reads, c);
    const q = parseWith(SearchParams, c.req.query());
    const kinds = q.kind ? q.kind.split(',').map((k) => k.trim()).filter(Boolean) : undefined;
    if (kinds?.some((k) => !(KINDS as readonly string[]).includes(k))) throw new AppError('bad_request', `kind 只能是：${KINDS.join('、')}。`);
    const r = await ctx.knowledge.search({
      text: q.q,
      limit: q.limit,
      filters: { kinds: kinds as DocKind[] | undefined, law: q.law, region: q.region, inForceOnly: q.inForceOnly === undefined ? undefined : q.inForceOnly === '1' || q.inForceOnly === 'true' },
    });
    return c.json({
      query: q.q,
      terms: r.terms,
      confidence: r.confidence,
      tookMs: r.tookMs,
      diagnostics: r.diagnostics,
      hits: r.hits.map((h) => ({ law: h.law, article: h.article, kind: h.kind, path: h.path, text: h.text, status: h.status, effective: h.effective, score: h.score, signals: h.signals, ...(h.cites ? { cites: h.cites } : {}) })),
    });
  });

  return app;
}
