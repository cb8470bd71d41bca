// The /ws/chat socket: JSON frames in and out (see assistant/README.md for every type).
// Bad frames get an `error` frame and the socket stays open; floods are rate limited (per socket)
// and a socket that keeps flooding is closed (1008); too many new sockets from one address are
// refused (error frame, close 1013). Server pings every heartbeat interval and
// drops sockets that did not answer the previous ping. Reconnect = new socket + hello with the id.
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { AppContext, SocketHandler } from '../context';
import { AppError, toAppError } from '../errors';
import { requestAddress } from '../http/client-address';
import { RateLimiter } from '../http/rate-limit';
import type { DialogueEvent } from '../ports';
import type { Dialogue } from '../dialogue/dialogue';
import { parseClientFrame } from './frames';
import type { SocketRegistry } from './registry';

export interface ChatSocketOptions {
  heartbeatMs: number;
}

/** Frames refused in a row (rate limit) before the socket is closed. */
const FLOOD_CLOSE_AFTER = 50;

export function chatSocket(ctx: AppContext, dialogue: Dialogue, registry: SocketRegistry, opts: ChatSocketOptions): { handler: SocketHandler; stop(): void; sockets(): number } {
  const cfg = ctx.config;
  const messages = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE);
  const frames = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE * 4, Math.max(20, cfg.CHAT_RATE_PER_MINUTE));
  // new sockets per client address: generous (reconnects, shared NAT), stops socket floods
  const connections = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE * 40, cfg.CHAT_RATE_PER_MINUTE * 20);
  const live = new Set<WebSocket>();
  const alive = new WeakMap<WebSocket, boolean>();
  let socketSeq = 0;

  const timer = setInterval(() => {
    for (const ws of live) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }, opts.heartbeatMs);
  timer.unref();

  const handler: SocketHandler = (ws: WebSocket, req: IncomingMessage) => {
    if (!connections.take(requestAddress(req, ctx.config.TRUST_PROXY_HOPS))) {
      const err = new AppError('rate_limited', '连接太频繁了，请稍后再试。');
      ws.send(JSON.stringify({ type: 'error', code: err.code, message: err.userMessage }));
      ws.close(1013, 'try again later');
      return;
    }
    const key = `ws${++socketSeq}`;
    let conversationId: string | null = null;
    let refused = 0;
    live.add(ws);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));

    const send = (frame: Record<string, unknown>) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const sendError = (e: unknown) => {
      const err = toAppError(e);
      if (err.code === 'internal') ctx.log.error('chat socket error', { err: e });
      send({ type: 'error', code: err.code, message: err.userMessage });
    };
    const emitter = (id: string) => (e: DialogueEvent) => send({ ...e, conversationId: id });

    let binding: Promise<string> | null = null;
    /** The conversation of this socket, opening one on first use (once, even for racing frames). */
    const current = (): Promise<string> => {
      if (conversationId) return Promise.resolve(conversationId);
      binding ??= bind({}).finally(() => (binding = null));
      return binding;
    };
    const bind = async (frame: { conversationId?: string; citizen?: { phone?: string }; region?: string }) => {
      const r = await dialogue.open({ conversationId: frame.conversationId, channel: 'web', citizen: frame.citizen, region: frame.region });
      if (conversationId) registry.remove(conversationId, ws);
      conversationId = r.conversation.id;
      registry.add(conversationId, ws);
      send({
        type: 'ready',
        conversationId,
        resumed: r.resumed,
        status: r.conversation.status,
        orderNo: r.conversation.orderNo,
        history: r.history,
        limits: { maxMessageChars: cfg.CHAT_MAX_MESSAGE_CHARS, maxFrameBytes: cfg.CHAT_MAX_FRAME_BYTES, messagesPerMinute: cfg.CHAT_RATE_PER_MINUTE },
      });
      return conversationId;
    };

    ws.on('message', async (data, isBinary) => {
      alive.set(ws, true);
      try {
        if (!frames.take(key)) {
          if (++refused >= FLOOD_CLOSE_AFTER) ws.close(1008, 'rate limit');
          throw new AppError('rate_limited');
        }
        if (isBinary) throw new AppError('bad_request', '只支持文本（JSON）消息。');
        const frame = parseClientFrame(data.toString(), cfg.CHAT_MAX_FRAME_BYTES);
        if (frame.type === 'ping') return send({ type: 'pong', at: ctx.clock.now().toISOString() });
        // everything below may write (a hello opens a conversation): the per-minute limit applies
        if (!messages.take(key)) {
          if (++refused >= FLOOD_CLOSE_AFTER) ws.close(1008, 'rate limit');
          throw new AppError('rate_limited', `发送太频繁了，每分钟最多 ${cfg.CHAT_RATE_PER_MINUTE} 条，请稍后再试。`);
        }
        refused = 0;
        if (frame.type === 'hello') return void (await bind(frame));
        const id = await current();
        if (frame.type === 'message') {
          if ([...frame.text].length > cfg.CHAT_MAX_MESSAGE_CHARS) throw new AppError('too_large', `消息过长，请控制在 ${cfg.CHAT_MAX_MESSAGE_CHARS} 字以内。`);
          if (!frame.text.trim()) throw new AppError('bad_request', '消息内容不能为空。');
          await dialogue.turn({ conversationId: id, channel: 'web', text: frame.text }, emitter(id));
        } else if (frame.type === 'handoff_request') {
          await dialogue.requestHandoff(id, 'web', emitter(id), { reason: frame.reason, citizen: frame.phone ? { phone: frame.phone } : undefined });
        } else if (frame.type === 'rating') {
          dialogue.rate(id, frame.messageId, frame.useful, frame.comment);
          send({ type: 'rated', conversationId: id, messageId: frame.messageId, useful: frame.useful });
        }
      } catch (e) {
        sendError(e);
      }
    });
    ws.on('close', () => {
      live.delete(ws);
      if (conversationId) registry.remove(conversationId, ws);
    });
    ws.on('error', (err) => ctx.log.warn('chat socket transport error', { err }));
  };

  return {
    handler,
    stop: () => clearInterval(timer),
    sockets: () => live.size,
  };
}
