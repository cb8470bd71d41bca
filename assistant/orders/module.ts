// The orders module: work orders, dispatch, SLA clocks, ledgers, the desk socket, and staff
// accounts/sessions (assistant/staff). Registers ctx.ports.orders and ctx.ports.auth.
import { Hono } from 'hono';
import { inArray, sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import { Pii } from '../citizens/pii';
import type { AppContext, Module } from '../context';
import type { StaffEnv } from '../http/auth';
import type { OrdersPort } from '../ports';
import { staffRoutes } from '../staff/routes';
import { StaffService } from '../staff/service';
import { BusinessCalendar } from './calendar';
import { deskSocket } from './desk-socket';
import { Dispatcher } from './dispatch';
import { createHandoff } from './handoff';
import { ledgerRoutes } from './ledger-routes';
import { ordersOpenApi } from './openapi';
import { orderRoutes } from './routes';
import { loadDispatch, loadSla, type DispatchData } from './rules';
import { dispatchRules, orders } from './schema';
import { OrderService } from './service';
import { SlaClocks } from './sla';
import { OPEN_STATES } from './state-machine';
import { Views } from './views';

export const ORDERS_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OrdersModuleOptions {
  /** Print the generated admin password (first start without ADMIN_PASSWORD). Default: console.log. */
  announce?: (line: string) => void;
}

export interface OrdersInternals {
  svc: OrderService;
  staff: StaffService;
  sla: SlaClocks;
  calendar: BusinessCalendar;
  dispatcher: Dispatcher;
}

export function ordersModule(opts: OrdersModuleOptions = {}): Module & { internals(): OrdersInternals } {
  let state: (OrdersInternals & { views: Views }) | null = null;
  let timer: NodeJS.Timeout | null = null;
  const offs: (() => void)[] = [];

  const need = () => {
    if (!state) throw new Error('orders module used before init');
    return state;
  };

  return {
    name: 'orders',
    migrations: ORDERS_MIGRATIONS,

    async init(ctx: AppContext) {
      const calendar = BusinessCalendar.load(ctx.config.BUSINESS_CALENDAR ?? undefined);
      const dispatchData = loadDispatch();
      const slaPolicy = loadSla();
      const pii = new Pii(ctx.config.PII_KEY);
      const staff = new StaffService(ctx.db, ctx.sqlite, ctx.clock, ctx.log.child({ module: 'staff' }), ctx.config.SESSION_TTL_HOURS);
      syncDispatch(ctx, staff, dispatchData);

      const seeded = await staff.seedAdmin(ctx.config.ADMIN_USERNAME, ctx.config.ADMIN_PASSWORD);
      if (seeded.generatedPassword) {
        (opts.announce ?? console.log)(
          `[lawline] 已创建初始管理员账号 ${ctx.config.ADMIN_USERNAME}，初始密码：${seeded.generatedPassword}（仅显示这一次，请登录后立即修改）`,
        );
      }

      const sla = new SlaClocks(ctx.db, ctx.sqlite, calendar, slaPolicy);
      const dispatcher = new Dispatcher(ctx.db, ctx.sqlite, staff, dispatchData);
      const svc = new OrderService({
        db: ctx.db,
        sqlite: ctx.sqlite,
        clock: ctx.clock,
        bus: ctx.bus,
        log: ctx.log.child({ module: 'orders' }),
        pii,
        calendar,
        slaPolicy,
        sla,
        dispatcher,
        staff,
        knowledge: ctx.knowledge,
        citizens: () => ctx.ports.citizens,
      });
      const views = new Views(staff, svc, sla, () => ctx.clock.now());
      const handoff = createHandoff(svc, staff, calendar, slaPolicy, () => ctx.clock.now());
      state = { svc, staff, sla, calendar, dispatcher, views };

      const port: OrdersPort = {
        handoff,
        progress: (orderNo, last4) => svc.progress(orderNo, last4),
        progressForConversation: (conversationId, orderNo) => svc.progressForConversation(conversationId, orderNo),
        listByCitizen: (citizenId) => svc.listByCitizen(citizenId),
        resolvedForLearning: (orderId) => svc.resolvedForLearning(orderId),
      };
      ctx.ports.orders = port;
      ctx.ports.auth = staff;

      // Citizen messages after the handoff join the order's transcript (desk sees the whole story).
      offs.push(
        ctx.bus.on('conversation.citizen_message', (m) => {
          const o = svc.openOrderForConversation(m.conversationId);
          if (o) svc.appendTranscript(o.id, { role: 'citizen', text: m.text, at: m.at });
        }),
      );

      timer = setInterval(() => {
        try {
          svc.checkSla();
        } catch (err) {
          ctx.log.error('sla check failed', { err: err as Error });
        }
      }, ctx.config.SLA_CHECK_SECONDS * 1000);
      timer.unref();
    },

    routes(ctx: AppContext) {
      const s = need();
      const app = new Hono<StaffEnv>();
      app.route('/', staffRoutes(ctx, s.staff));
      app.route('/', ledgerRoutes(ctx, s.svc, s.staff, s.calendar));
      app.route('/', orderRoutes(ctx, { svc: s.svc, staff: s.staff, views: s.views, sla: s.sla, dispatcher: s.dispatcher, calendar: s.calendar }));
      return app as unknown as Hono;
    },

    sockets(ctx: AppContext) {
      return { '/ws/desk': deskSocket(ctx, need().svc) };
    },

    openapi: ordersOpenApi,

    health(ctx: AppContext) {
      const open = ctx.db
        .select({ n: sql<number>`count(*)` })
        .from(orders)
        .where(inArray(orders.state, [...OPEN_STATES]))
        .get()!.n;
      return { ok: true, openOrders: open, businessHoursNow: state?.calendar.isOpen(ctx.clock.now()) ?? null };
    },

    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      for (const off of offs.splice(0)) off();
    },

    internals: () => need(),
  };
}

/** Teams from rules/dispatch.json are upserted; the rules are snapshotted into dispatch_rules. */
function syncDispatch(ctx: AppContext, staff: StaffService, data: DispatchData): void {
  const at = ctx.clock.now().toISOString();
  ctx.sqlite.transaction(() => {
    for (const t of data.teams) staff.upsertTeam({ key: t.key, name: t.name, kind: t.kind, assignMode: t.assignMode, region: t.region ?? null, phone: t.phone ?? null });
    ctx.db.delete(dispatchRules).run();
    data.rules.forEach((r, i) =>
      ctx.db.insert(dispatchRules).values({ name: r.name, position: i, match: JSON.stringify(r.match), teamKey: r.team, loadedAt: at }).run(),
    );
  })();
}
