// The chat module: the assistant's brain (dialogue port) and its chat doors — /ws/chat, REST
// /api/chat and conversations (with the SSE push of staff replies and work-order status notices,
// feed.ts), /v1/chat/completions, /api/knowledge/search.
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppContext, Module } from '../context';
import { LlmAnswerer } from '../answer/llm-answer';
import { RulesAnswerer } from '../answer/rules-answer';
import { templates } from '../answer/templates';
import { Dialogue } from '../dialogue/dialogue';
import { loadIntents } from '../dialogue/intents';
import { loadDomainLaws } from '../dialogue/retrieve';
import { ChatStore } from '../dialogue/store';
import { Triager } from '../triage/triage';
import { ConversationFeed, feedReader } from './feed';
import type { OrderStatusFrame, StaffMessageFrame } from './frames';
import { orderStatusText } from './order-status';
import { chatOpenApi } from './openapi';
import { openaiRoutes } from './openai-compat';
import { SocketRegistry } from './registry';
import { chatRoutes } from './routes';
import { chatSocket } from './ws';

export const CHAT_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface ChatModuleOptions {
  /** Comment heartbeat on GET /api/conversations/:id/events (default 20 s). */
  eventsHeartbeatMs?: number;
  /** Event streams one client address may hold open at once (default MAX_STREAMS_PER_CLIENT). */
  eventsMaxPerClient?: number;
}

export function chatModule(opts: ChatModuleOptions = {}): Module {
  let dialogue: Dialogue | null = null;
  let socket: ReturnType<typeof chatSocket> | null = null;
  const registry = new SocketRegistry();
  const feed = new ConversationFeed();
  const unsubscribe: (() => void)[] = [];

  const need = () => {
    if (!dialogue) throw new Error('chat module used before init');
    return dialogue;
  };

  return {
    name: 'chat',
    migrations: CHAT_MIGRATIONS,

    init(ctx: AppContext) {
      const cfg = ctx.config;
      const log = ctx.log.child({ module: 'chat' });
      const answerer = cfg.llmEnabled
        ? new LlmAnswerer(ctx.knowledge, { baseURL: cfg.OPENAI_BASE_URL!, apiKey: cfg.OPENAI_API_KEY, model: cfg.LLM_MODEL!, timeoutMs: cfg.LLM_TIMEOUT_MS, rewrite: cfg.LLM_QUERY_REWRITE }, log)
        : new RulesAnswerer(ctx.knowledge, log);
      dialogue = new Dialogue({
        knowledge: ctx.knowledge,
        store: new ChatStore(ctx.sqlite, () => ctx.clock.now(), (id) => feed.notify(id)), // event streams read what is new
        answerer,
        triager: new Triager(),
        domainLaws: loadDomainLaws(),
        intents: loadIntents(),
        templates: templates(),
        ports: () => ctx.ports,
        bus: ctx.bus,
        log,
        clock: ctx.clock,
        maxChars: cfg.CHAT_MAX_MESSAGE_CHARS,
      });
      ctx.ports.dialogue = dialogue;
      // every staff reply (REST route below or the desk) is persisted once and pushed to the citizen
      unsubscribe.push(
        ctx.bus.on('conversation.staff_message', (m) => {
          try {
            const saved = dialogue!.recordStaffMessage(m.conversationId, m.text, { id: m.staffId, name: m.staffName });
            if (!saved) return;
            registry.send(m.conversationId, { type: 'staff_message', conversationId: m.conversationId, messageId: saved.id, text: saved.text, from: m.staffName, at: m.at } satisfies StaffMessageFrame);
          } catch (e) {
            log.error('staff message delivery failed', { conversationId: m.conversationId, err: e });
          }
        }),
        // the citizen is told in their chat when their work order is claimed, resolved, transferred...
        // (order-status.ts says which events): stored once, pushed to their sockets and event streams
        ctx.bus.on('order.updated', (o) => {
          const conversationId = o.conversationId;
          const text = conversationId ? orderStatusText(o.event, o.orderNo, o.teamName) : null;
          if (!conversationId || !text) return;
          try {
            const saved = dialogue!.recordOrderStatus(conversationId, text, { orderNo: o.orderNo, state: o.state });
            if (!saved) return;
            registry.send(conversationId, { type: 'order_status', conversationId, messageId: saved.id, orderNo: o.orderNo, state: o.state, text: saved.text, at: saved.at } satisfies OrderStatusFrame);
          } catch (e) {
            log.error('order status delivery failed', { conversationId, orderNo: o.orderNo, err: e });
          }
        }),
      );
      socket = chatSocket(ctx, dialogue, registry, { heartbeatMs: cfg.CHAT_HEARTBEAT_MS });
    },

    routes(ctx) {
      const app = new Hono();
      app.route('/', chatRoutes(ctx, need(), { feed, reader: feedReader(ctx.sqlite), heartbeatMs: opts.eventsHeartbeatMs, maxStreamsPerClient: opts.eventsMaxPerClient }) as unknown as Hono);
      app.route('/', openaiRoutes(ctx, need()));
      return app;
    },

    sockets() {
      return { '/ws/chat': socket!.handler };
    },

    openapi: chatOpenApi,

    health(ctx) {
      return { ok: true, mode: ctx.config.llmEnabled ? 'llm' : 'rules', sockets: socket?.sockets() ?? 0, streams: feed.size };
    },

    stop() {
      socket?.stop();
      feed.stopAll();
      for (const u of unsubscribe.splice(0)) u();
    },
  };
}
