// The composition pipeline: config → stores → context → modules (migrations, init, routes,
// sockets) → one HTTP server with WebSocket upgrades on the same port.
//
//   door (widget /ws/chat, voice /ws/voice/*, desk /ws/desk)
//     → assistant module (chat, orders, citizens, voice)
//     → knowledge (search) → answer → back to the door
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Knowledge } from '../knowledge/types';
import { systemClock, type Clock } from './clock';
import type { Config } from './config';
import type { AppContext, Module, SocketHandler } from './context';
import { openAppDb } from './db';
import { createEventBus, type EventBus } from './events';
import { errorHandler, notFound } from './http/errors';
import { createLogger, type Logger } from './log';
import { defaultModules } from './modules';

/** Routes a citizen's browser may call from a portal on another origin (see CORS_ORIGINS). */
export const CITIZEN_ROUTES = [
  '/api/chat',
  '/api/conversations/:id',
  '/api/conversations/:id/events',
  '/api/conversations/:id/ratings',
  '/api/conversations/:id/handoff',
  '/api/handoff',
  '/api/orders/progress',
  '/api/orders/:orderNo/evaluate',
  '/api/knowledge/search',
  '/v1/*',
];

export interface ServerOptions {
  config: Config;
  knowledge: Knowledge;
  clock?: Clock;
  log?: Logger;
  bus?: EventBus;
  modules?: Module[];
}

export interface RunningServer {
  ctx: AppContext;
  app: Hono;
  server: Server;
  url: string; // http://127.0.0.1:PORT
  close(): Promise<void>;
}

export async function createApp(opts: ServerOptions): Promise<{ ctx: AppContext; app: Hono; sockets: Map<string, SocketHandler>; modules: Module[] }> {
  const modules = opts.modules ?? defaultModules();
  const log = opts.log ?? createLogger(opts.config.LOG_LEVEL);
  const store = openAppDb(opts.config.appDb, modules);
  const ctx: AppContext = {
    config: opts.config,
    db: store.db,
    sqlite: store.sqlite,
    knowledge: opts.knowledge,
    bus: opts.bus ?? createEventBus(),
    clock: opts.clock ?? systemClock,
    log,
    ports: {},
  };
  ctx.bus.on('knowledge.changed', () => ctx.knowledge.reload());

  for (const m of modules) await m.init?.(ctx);

  const app = new Hono();
  app.onError(errorHandler(log));
  app.notFound(notFound);
  app.get('/healthz', (c) => {
    const k = ctx.knowledge.stats();
    const parts: Record<string, unknown> = {};
    for (const m of modules) if (m.health) parts[m.name] = m.health(ctx);
    return c.json({
      ok: true,
      store: { ok: true, documents: k.documents, articles: k.articles, cases: k.cases, pastOrders: k.pastOrders },
      index: { ok: k.articles > 0, articles: k.articles },
      llm: ctx.config.llmEnabled ? { mode: 'llm', model: ctx.config.LLM_MODEL } : { mode: 'rules', reason: '未配置大模型，使用基于法条的结构化回答' },
      embedding: { provider: ctx.config.EMBEDDING_PROVIDER, status: k.vector },
      ...parts,
    });
  });
  // Citizen-facing routes are called by the widget from other sites (the host portal's origin):
  // CORS without credentials; staff routes authenticate with a token the host page never has.
  const origins = opts.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  const citizenCors = cors({ origin: origins.includes('*') ? '*' : origins, allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'Accept', 'Last-Event-ID'], maxAge: 600 });
  for (const path of CITIZEN_ROUTES) app.use(path, citizenCors);
  app.get('/api/openapi.json', (c) => {
    const paths: Record<string, unknown> = {};
    for (const m of modules) Object.assign(paths, m.openapi?.() ?? {});
    return c.json({
      openapi: '3.1.0',
      info: { title: 'lawline API', version: '0.1.0', description: '12348 公共法律服务智能助手与工单系统接口' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths,
    });
  });
  for (const m of modules) {
    const r = m.routes?.(ctx);
    if (r) app.route('/', r);
  }
  const sockets = new Map<string, SocketHandler>();
  for (const m of modules) for (const [path, h] of Object.entries(m.sockets?.(ctx) ?? {})) sockets.set(path, h);
  return { ctx, app, sockets, modules };
}

export async function startServer(opts: ServerOptions & { port?: number; host?: string }): Promise<RunningServer> {
  const { ctx, app, sockets, modules } = await createApp(opts);
  const port = opts.port ?? opts.config.PORT;
  const hostname = opts.host ?? opts.config.HOST;
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server)) as Server;
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.CHAT_MAX_FRAME_BYTES * 64 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = sockets.get(url.pathname);
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => handler(ws, req, url));
  });
  const addr = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${addr.port}`;
  ctx.log.info('lawline listening', { url: `http://${hostname}:${addr.port}` });
  return {
    ctx,
    app,
    server,
    url,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      for (const m of [...modules].reverse()) await m.stop?.();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      ctx.sqlite.close();
    },
  };
}
