// /ws/desk?token=...: live feed for staff. Authenticated with a session token (query, cookie or
// Authorization header); pushes bus events as JSON frames `{type: '<event name>', ...payload}`;
// accepts `ping` and `reply` (a staff message to the citizen of a handed-off conversation).
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { AppContext, SocketHandler } from '../context';
import { toAppError } from '../errors';
import type { EventName } from '../events';
import { tokenFrom } from '../http/auth';
import { parseWith } from '../http/validate';
import type { OrderService } from './service';

export const DESK_EVENTS: EventName[] = [
  'order.created',
  'order.updated',
  'sla.warning',
  'sla.overdue',
  'assist.pushed',
  'conversation.citizen_message',
  'conversation.staff_message',
  'contact.started',
];

const ClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }).strict(),
  z.object({ type: z.literal('reply'), orderNo: z.string().min(1).max(40), text: z.string().trim().min(1).max(2000), ref: z.string().max(64).optional() }).strict(),
]);

const MAX_BUFFERED = 1 << 20;

export function deskSocket(ctx: AppContext, svc: OrderService, opts: { heartbeatMs?: number } = {}): SocketHandler {
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  return (ws: WebSocket, req, url) => {
    const token = tokenFrom({ authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null }, url);
    const user = token ? (ctx.ports.auth?.verify(token) ?? null) : null;
    const send = (frame: Record<string, unknown>) => {
      if (ws.readyState === ws.OPEN && ws.bufferedAmount < MAX_BUFFERED) ws.send(JSON.stringify(frame));
    };
    if (!user || !token) {
      send({ type: 'error', code: 'unauthorized', message: '请先登录。' });
      ws.close(4401, 'unauthorized');
      return;
    }
    send({ type: 'hello', staff: user, events: DESK_EVENTS, at: ctx.clock.now().toISOString() });
    // Agents of partner institutions only get events about orders handed to them (no archive pushes).
    const partner = svc.isPartnerAgent(user);
    const visible = (name: EventName, p: Record<string, unknown>) => {
      if (!partner) return true;
      if (name === 'assist.pushed' || name === 'contact.started') return false;
      return svc.eventVisibleTo(user, { orderId: p.orderId as number | undefined, conversationId: p.conversationId as string | undefined });
    };
    const offs = DESK_EVENTS.map((name) =>
      ctx.bus.on(name, (payload) => {
        if (visible(name, payload as Record<string, unknown>)) send({ type: name, ...(payload as object) });
      }),
    );

    let alive = true;
    ws.on('pong', () => (alive = true));
    const timer = setInterval(() => {
      // Session ended (logout, deactivation, expiry) → the live feed ends too.
      if (!ctx.ports.auth?.verify(token)) {
        send({ type: 'error', code: 'unauthorized', message: '登录已失效，请重新登录。' });
        ws.close(4401, 'session ended');
        return;
      }
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, heartbeatMs);
    timer.unref();

    ws.on('message', (raw, isBinary) => {
      let ref: string | undefined;
      try {
        if (isBinary) return send({ type: 'error', code: 'bad_request', message: '只支持文本 JSON 消息。' });
        let data: unknown;
        try {
          data = JSON.parse(raw.toString());
        } catch {
          return send({ type: 'error', code: 'invalid_json', message: '消息格式不正确（不是有效的 JSON）。' });
        }
        const f = parseWith(ClientFrame, data);
        if (f.type === 'ping') return send({ type: 'pong', at: ctx.clock.now().toISOString() });
        ref = f.ref;
        const r = svc.act(f.orderNo, 'reply', { text: f.text }, { kind: 'staff', staff: user });
        send({ type: 'ack', ref, orderNo: f.orderNo, seq: r.event.seq });
      } catch (e) {
        const err = toAppError(e);
        send({ type: 'error', code: err.code, message: err.userMessage, ref });
      }
    });
    ws.on('close', () => {
      clearInterval(timer);
      for (const off of offs) off();
    });
    ws.on('error', () => ws.terminate());
  };
}
