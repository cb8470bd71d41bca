// Test support for the orders module: the real module (migrations, services, routes) on a temp
// SQLite file with the sample knowledge base, without an HTTP listener; and staff helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { loadConfig } from '../config';
import type { AppContext } from '../context';
import { createEventBus, type EventBus, type EventMap, type EventName } from '../events';
import type { Role, StaffUser } from '../http/auth';
import { createLogger } from '../log';
import { createApp } from '../server';
import { openSampleKnowledge, TEST_ENV } from '../testing/server';
import { ordersModule, type OrdersInternals } from './module';

export interface OrdersHarness extends OrdersInternals {
  ctx: AppContext;
  dir: string;
  admin: StaffUser;
  events: { name: EventName; payload: unknown }[];
  addStaff(username: string, role: Role, teamKey?: string | null, maxLoad?: number): Promise<StaffUser>;
  /** Module.stop (periodic SLA check ends). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

const RECORDED: EventName[] = ['order.created', 'order.updated', 'sla.warning', 'sla.overdue', 'conversation.staff_message'];

export async function openOrdersHarness(opts: { clock?: Clock; env?: Record<string, string>; bus?: EventBus } = {}): Promise<OrdersHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'lawline-orders-'));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dir, ...opts.env });
  const knowledge = await openSampleKnowledge(dir);
  const mod = ordersModule({ announce: () => {} });
  const bus = opts.bus ?? createEventBus();
  const events: OrdersHarness['events'] = [];
  for (const name of RECORDED) bus.on(name, (payload: EventMap[typeof name]) => events.push({ name, payload }));
  const { ctx } = await createApp({ config, knowledge, clock: opts.clock, modules: [mod], log: createLogger('silent'), bus });
  const internals = mod.internals();
  const adminRow = internals.staff.listStaff().find((s) => s.role === 'admin')!;
  const admin: StaffUser = { id: adminRow.id, username: adminRow.username, name: adminRow.name, role: 'admin', teamId: null };
  return {
    ...internals,
    ctx,
    dir,
    admin,
    events,
    async addStaff(username, role, teamKey = null, maxLoad) {
      const teamId = teamKey ? internals.staff.teamByKey(teamKey)!.id : null;
      const r = await internals.staff.createStaff({ username, name: `员工${username}`, password: 'test-pass-123', role, teamId, maxLoad }, admin);
      return { id: r.id, username: r.username, name: r.name, role: r.role, teamId: r.teamId };
    },
    async stop() {
      await mod.stop?.();
    },
    async close() {
      await mod.stop?.();
      ctx.sqlite.close();
      knowledge.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
