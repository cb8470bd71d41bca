// Orders REST. Citizen routes (public, rate-limited): progress and evaluation by order number +
// last four digits of the phone. Staff routes (requireStaff): list, create, detail, actions, reveal,
// SLA overview, metadata for the desk.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, requireStaff, type StaffEnv } from '../http/auth';
import { RateLimiter } from '../http/rate-limit';
import { parseWith, readJson } from '../http/validate';
import { clientAddress } from '../http/client-address';
import type { StaffService } from '../staff/service';
import type { BusinessCalendar } from './calendar';
import type { Dispatcher } from './dispatch';
import { ORDER_TYPE_LABEL, ORDER_TYPES, SLA_CLOCK_LABEL } from './rules';
import { ActionBodies, CreateOrderBody, EvaluateBody, ProgressQuery, RevealBody } from './schemas';
import { CALLBACK_OUTCOME_LABEL, type OrderFilters, type OrderService } from './service';
import type { SlaClocks } from './sla';
import { orderStats } from './stats';
import { STATE_LABEL, STATES, TRANSITIONS, type Action } from './state-machine';
import type { Views } from './views';

export interface OrdersRouteDeps {
  svc: OrderService;
  staff: StaffService;
  views: Views;
  sla: SlaClocks;
  dispatcher: Dispatcher;
  calendar: BusinessCalendar;
}

export function orderRoutes(ctx: AppContext, d: OrdersRouteDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const auth = () => ctx.ports.auth;
  const perMinute = ctx.config.PROGRESS_RATE_PER_MINUTE;
  const citizenLimiter = new RateLimiter(perMinute, Math.max(5, Math.ceil(perMinute / 2)));

  // ---- citizen ----------------------------------------------------------------------------
  app.get('/api/orders/progress', (c) => {
    if (!citizenLimiter.take(clientAddress(c, ctx.config.TRUST_PROXY_HOPS))) throw new AppError('rate_limited', '查询过于频繁，请稍后再试。');
    const q = parseWith(ProgressQuery, { orderNo: c.req.query('orderNo') ?? '', last4: c.req.query('last4') ?? '' });
    const { order, locked } = d.svc.checkProgress(q.orderNo, q.last4);
    if (locked) throw new AppError('rate_limited', '该工单查询失败次数过多，请 15 分钟后再试或拨打 12348 热线。');
    if (!order) throw new AppError('not_found', '工单号或手机号后四位不正确，请核对后重试。');
    c.header('Cache-Control', 'no-store');
    return c.json(d.svc.progressView(order));
  });

  app.post('/api/orders/:orderNo/evaluate', async (c) => {
    if (!citizenLimiter.take(clientAddress(c, ctx.config.TRUST_PROXY_HOPS))) throw new AppError('rate_limited', '操作过于频繁，请稍后再试。');
    const b = await readJson(c, EvaluateBody, 8192);
    return c.json(d.svc.evaluateByCitizen(c.req.param('orderNo'), b.last4, b));
  });

  // ---- staff ------------------------------------------------------------------------------
  app.get('/api/orders/meta', requireStaff(auth), (c) =>
    c.json({
      states: STATES.map((s) => ({ state: s, label: STATE_LABEL[s] })),
      actions: Object.entries(TRANSITIONS)
        .filter(([a]) => a !== 'create' && a !== 'escalate')
        .map(([action, t]) => ({ action, label: t.label, from: t.from, to: t.to, by: t.by, needsReason: Boolean(t.needsReason) })),
      types: ORDER_TYPES.map((t) => ({ type: t, label: ORDER_TYPE_LABEL[t] })),
      callbackOutcomes: Object.entries(CALLBACK_OUTCOME_LABEL).map(([outcome, label]) => ({ outcome, label })),
      slaClocks: Object.entries(SLA_CLOCK_LABEL).map(([clock, label]) => ({ clock, label })),
      teams: d.staff.listTeams(),
    }),
  );

  app.get('/api/sla', requireStaff(auth), (c) => {
    d.svc.checkSla();
    return c.json(d.sla.overview(ctx.clock.now()));
  });

  app.get('/api/orders/stats', requireStaff(auth, 'supervisor'), (c) => {
    const at = (v: string | undefined, name: string) => {
      if (!v) return undefined;
      const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00${d.calendar.data.utcOffset}` : v);
      if (Number.isNaN(t)) throw new AppError('bad_request', `参数「${name}」不是有效日期。`);
      return new Date(t).toISOString();
    };
    return c.json(orderStats(ctx.sqlite, at(c.req.query('from'), 'from'), at(c.req.query('to'), 'to')));
  });

  app.get('/api/orders', requireStaff(auth), (c) => {
    const me = currentStaff(c);
    const q = c.req.query();
    const list = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
    const num = (v?: string) => {
      if (!v) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new AppError('bad_request', `参数不正确：${v.slice(0, 20)}`);
      return n;
    };
    const date = (v?: string) => {
      if (!v) return undefined;
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new AppError('bad_request', `时间参数不正确：${v.slice(0, 30)}`);
      return new Date(t).toISOString();
    };
    const f: OrderFilters = {
      state: list(q.state),
      type: list(q.type),
      teamId: q.teamId === 'mine' ? (me.teamId ?? -1) : num(q.teamId),
      assigneeId: q.assignee === 'me' ? me.id : num(q.assignee),
      unassigned: q.unassigned === '1' || q.unassigned === 'true',
      urgency: q.urgency || undefined,
      region: q.region || undefined,
      q: q.q || undefined,
      from: date(q.from),
      to: date(q.to),
      sort: q.sort === 'newest' ? 'newest' : 'queue',
      limit: num(q.limit),
      offset: num(q.offset),
    };
    if (d.svc.isPartnerAgent(me)) f.teamId = me.teamId!; // partner institutions see their own orders only
    const r = d.svc.list(f);
    return c.json({ items: d.views.orders(r.items), total: r.total });
  });

  app.post('/api/orders', requireStaff(auth), async (c) => {
    const me = currentStaff(c);
    const b = await readJson(c, CreateOrderBody);
    if ((b.teamId || b.assigneeId) && me.role === 'agent' && b.assigneeId !== me.id) {
      throw new AppError('forbidden', '坐席只能把新工单指派给自己，指派给他人请由主管操作。');
    }
    const o = d.svc.create({ ...b, reason: 'staff' }, { kind: 'staff', staff: me });
    if (b.citizen?.phone) ctx.ports.auth?.logAccess(me, 'order.create_with_phone', `order:${o.orderNo}`);
    return c.json({ order: d.views.order(o) }, 201);
  });

  app.get('/api/orders/:orderNo', requireStaff(auth), (c) => {
    const me = currentStaff(c);
    const o = d.svc.getFor(c.req.param('orderNo'), me);
    ctx.ports.auth?.logAccess(me, 'order.view', `order:${o.orderNo}`, o.citizenId ? `citizen:${o.citizenId}` : undefined);
    return c.json({ order: d.views.detail(o), loads: o.teamId ? d.dispatcher.loads(o.teamId) : [] });
  });

  app.post('/api/orders/:orderNo/reveal-phone', requireStaff(auth), async (c) => {
    const me = currentStaff(c);
    const orderNo = c.req.param('orderNo');
    const body = await readJson(c, RevealBody, 4096);
    const phone = d.svc.revealPhone(orderNo, me);
    ctx.ports.auth?.logAccess(me, 'order.reveal_phone', `order:${orderNo}`, body.reason);
    c.header('Cache-Control', 'no-store');
    return c.json({ orderNo, phone });
  });

  app.post('/api/orders/:orderNo/:action', requireStaff(auth), async (c) => {
    const action = c.req.param('action') as Action;
    const schema = (ActionBodies as Record<string, (typeof ActionBodies)['claim'] | undefined>)[action];
    if (!schema || !Object.hasOwn(ActionBodies, action)) throw new AppError('not_found', `不支持的工单操作：${action.slice(0, 30)}。`);
    const body = await readJson(c, schema);
    const me = currentStaff(c);
    const r = d.svc.act(c.req.param('orderNo'), action, body, { kind: 'staff', staff: me });
    return c.json({ order: d.views.order(r.order), event: d.views.event(r.event) });
  });

  return app;
}
