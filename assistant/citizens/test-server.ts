// Test support for the citizens/assist tests: a real lawline server on 127.0.0.1 (port 0) with a
// real knowledge store (the search fixture: real articles, a case, past orders) in a temp dir,
// log lines captured for scanning, and the modules under test. `staff` is a stand-in AuthPort
// for the staff module (tokens → users, access log recorded) used when the real one is absent.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openKnowledge } from '../../knowledge';
import { makeFixtureStore } from '../../knowledge/search/fixture';
import type { Knowledge } from '../../knowledge/types';
import type { Clock } from '../clock';
import { loadConfig } from '../config';
import type { Module } from '../context';
import type { AuthPort, StaffUser } from '../http/auth';
import { createLogger } from '../log';
import type { ArticleRef } from '../../knowledge/types';
import type { Channel, OrderSummary, OrdersPort, ResolvedOrder } from '../ports';
import { startServer, type RunningServer } from '../server';

export const TEST_ENV = {
  PII_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  SAMPLE_KB: '0',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'admin-pass-123',
};

export const STAFF: Record<'agent' | 'agent2' | 'supervisor', StaffUser & { token: string }> = {
  agent: { id: 11, username: 'agent', name: '坐席小王', role: 'agent', teamId: 1, token: 'tok-agent' },
  agent2: { id: 12, username: 'agent2', name: '坐席小李', role: 'agent', teamId: 1, token: 'tok-agent2' },
  supervisor: { id: 21, username: 'sup', name: '主管老陈', role: 'supervisor', teamId: 1, token: 'tok-sup' },
};

export function staffModule(accessLog: { staffId: number; action: string; target: string; detail?: string }[]): Module {
  const byToken = new Map(Object.values(STAFF).map((s) => [s.token, s]));
  const auth: AuthPort = {
    verify: (t) => {
      const s = byToken.get(t);
      return s ? { id: s.id, username: s.username, name: s.name, role: s.role, teamId: s.teamId } : null;
    },
    logAccess: (staff, action, target, detail) => accessLog.push({ staffId: staff.id, action, target, detail }),
  };
  return { name: 'test-staff', init: (ctx) => void (ctx.ports.auth = auth) };
}

export function ordersModule(port: OrdersPort): Module {
  return { name: 'test-orders', init: (ctx) => void (ctx.ports.orders = port) };
}

export interface CitizensTestServer extends RunningServer {
  dir: string;
  knowledge: Knowledge;
  logs: string[];
  accessLog: { staffId: number; action: string; target: string; detail?: string }[];
  wsUrl: string;
  api(path: string, init?: { method?: string; body?: unknown; as?: keyof typeof STAFF | null }): Promise<{ status: number; body: any }>;
  cleanup(): Promise<void>;
}

export async function startCitizensServer(opts: { env?: Record<string, string>; modules: Module[]; clock?: Clock; orders?: boolean }): Promise<CitizensTestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'lawline-citizens-'));
  const fx = makeFixtureStore({ orders: opts.orders });
  copyFileSync(fx.dbPath, join(dir, 'knowledge.sqlite'));
  fx.cleanup();
  const knowledge = await openKnowledge({ dbPath: join(dir, 'knowledge.sqlite'), embedding: { provider: 'none' } });
  const logs: string[] = [];
  const log = createLogger('debug', (l) => logs.push(l));
  // an empty value removes a key (e.g. PII_KEY: '' to run with the development key)
  const env: Record<string, string> = Object.fromEntries(Object.entries({ ...TEST_ENV, LOG_LEVEL: 'debug', DATA_DIR: dir, PORT: '0', ...opts.env }).filter(([, v]) => v !== ''));
  const config = loadConfig(env);
  const accessLog: CitizensTestServer['accessLog'] = [];
  const modules = opts.modules.map((m) => (m.name === 'test-staff' ? staffModule(accessLog) : m));
  const s = await startServer({ config, knowledge, log, clock: opts.clock, modules, port: 0, host: '127.0.0.1' });
  return {
    ...s,
    dir,
    knowledge,
    logs,
    accessLog,
    wsUrl: s.url.replace('http://', 'ws://'),
    async api(path, init = {}) {
      const as = init.as === undefined ? 'agent' : init.as;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (as) headers.authorization = `Bearer ${STAFF[as].token}`;
      const r = await fetch(s.url + path, {
        method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'),
        headers,
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
    async cleanup() {
      await s.close();
      knowledge.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stand-in work-order store for the orders port (used until/unless the orders module is composed). */
export class TestOrders implements OrdersPort {
  orders: (OrderSummary & { citizenId: string; question: string; resolution?: string; cited: ArticleRef[]; channel: Channel })[] = [];
  private next = 1;
  add(citizenId: string, o: { question: string; state?: string; domain?: string; createdAt?: string }) {
    const id = this.next++;
    const row = {
      orderId: id,
      orderNo: `GD2026${String(id).padStart(6, '0')}`,
      state: o.state ?? 'processing',
      stateLabel: o.state === 'resolved' ? '已办结' : '办理中',
      type: 'consultation',
      domain: o.domain ?? null,
      service: '法律咨询',
      summary: o.question,
      createdAt: o.createdAt ?? new Date().toISOString(),
      resolvedAt: null as string | null,
      satisfaction: null as number | null,
      citizenId,
      question: o.question,
      cited: [] as ArticleRef[],
      channel: 'web' as Channel,
    };
    this.orders.push(row);
    return row;
  }
  resolve(orderId: number, resolution: string, cited: ArticleRef[]) {
    const o = this.orders.find((x) => x.orderId === orderId)!;
    Object.assign(o, { state: 'resolved', stateLabel: '已办结', resolution, cited, resolvedAt: new Date().toISOString(), satisfaction: 5 });
    return o;
  }
  handoff(): never {
    throw new Error('not used');
  }
  progress() {
    return null;
  }
  listByCitizen(citizenId: string): OrderSummary[] {
    return this.orders
      .filter((o) => o.citizenId === citizenId)
      .map(({ citizenId: _c, question: _q, resolution: _r, cited: _ci, channel: _ch, ...s }) => s)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  resolvedForLearning(orderId: number): ResolvedOrder | null {
    const o = this.orders.find((x) => x.orderId === orderId);
    if (!o || o.state !== 'resolved' || !o.resolution) return null;
    return {
      orderId: o.orderId,
      orderNo: o.orderNo,
      question: o.question,
      resolution: o.resolution,
      cited: o.cited,
      domain: o.domain,
      channel: o.channel,
      region: null,
      createdAt: o.createdAt,
      resolvedAt: o.resolvedAt!,
      satisfaction: o.satisfaction,
    };
  }
}
