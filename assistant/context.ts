// What every module receives: config, stores, the event bus, the clock, a logger and the ports
// that other modules registered. Built once in server.ts.
import type Database from 'better-sqlite3';
import type { Hono } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Knowledge } from '../knowledge/types';
import type { Clock } from './clock';
import type { Config } from './config';
import type { AppDb } from './db';
import type { EventBus } from './events';
import type { Logger } from './log';
import type { Ports } from './ports';
import type { AuthPort } from './http/auth';

export interface AppContext {
  config: Config;
  db: AppDb;
  sqlite: Database.Database;
  knowledge: Knowledge;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  ports: Ports & { auth?: AuthPort };
}

export type SocketHandler = (ws: WebSocket, req: IncomingMessage, url: URL) => void;

/** A unit of the service. server.ts composes the modules in one pipeline. */
export interface Module {
  name: string;
  /** drizzle-kit migrations folder for this module's tables (relative to the repo root). */
  migrations?: string;
  /** Create services and register ports. Runs in module order after migrations. */
  init?(ctx: AppContext): void | Promise<void>;
  /** HTTP routes, mounted at '/'. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each module types its own env
  routes?(ctx: AppContext): Hono<any, any, any>;
  /** WebSocket handlers by exact path, e.g. '/ws/chat'. */
  sockets?(ctx: AppContext): Record<string, SocketHandler>;
  /** OpenAPI 3.1 path items this module serves, merged into GET /api/openapi.json. */
  openapi?(): Record<string, unknown>;
  /** Contributes to GET /healthz. */
  health?(ctx: AppContext): Record<string, unknown>;
  stop?(): void | Promise<void>;
}
