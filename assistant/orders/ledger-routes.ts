// GET /api/ledgers (the six registers) and GET /api/ledgers/:key?from=&to=&state=&region=&teamId=&format=json|csv|xlsx.
// Every export is recorded in the access log.
import { Hono } from 'hono';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, requireStaff, type StaffEnv } from '../http/auth';
import type { StaffService } from '../staff/service';
import type { BusinessCalendar } from './calendar';
import { ledgerByKey, ledgerFilters, ledgerRows, LEDGERS, toCsv, toXlsx } from './ledgers';
import type { OrderService } from './service';

export function ledgerRoutes(ctx: AppContext, svc: OrderService, staff: StaffService, cal: BusinessCalendar): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const auth = () => ctx.ports.auth;

  app.get('/api/ledgers', requireStaff(auth), (c) => c.json({ ledgers: LEDGERS }));

  app.get('/api/ledgers/:key', requireStaff(auth), async (c) => {
    const l = ledgerByKey(c.req.param('key'));
    if (!l) throw new AppError('not_found', '没有这个台帐。');
    const q = c.req.query();
    const day = (v: string | undefined, end: boolean) => {
      if (!v) return undefined;
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new AppError('bad_request', '日期格式应为 YYYY-MM-DD。');
      const start = Date.parse(`${v}T00:00:00${cal.data.utcOffset}`);
      return new Date(start + (end ? 86_400_000 : 0)).toISOString();
    };
    const format = q.format ?? 'json';
    if (!['json', 'csv', 'xlsx'].includes(format)) throw new AppError('bad_request', '导出格式只支持 json、csv、xlsx。');
    const teamId = q.teamId ? Number(q.teamId) : undefined;
    if (teamId !== undefined && !Number.isInteger(teamId)) throw new AppError('bad_request', '团队参数不正确。');
    const teamIdOf = (key: string) => staff.teamByKey(key)?.id;
    const r = svc.list(ledgerFilters(l, teamIdOf, { from: day(q.from, false), to: day(q.to, true), state: q.state ? q.state.split(',') : undefined, region: q.region, teamId }));
    const teams = new Map(staff.listTeams().map((t) => [t.id, t.name]));
    const people = new Map(staff.listStaff().map((s) => [s.id, s.name]));
    const receivers = svc.receivers(r.items.map((o) => o.id));
    const rows = ledgerRows(r.items, cal, {
      team: (id) => (id ? (teams.get(id) ?? '') : ''),
      person: (id) => (id ? (people.get(id) ?? '') : ''),
      receiver: (id) => receivers.get(id) ?? (r.items.find((o) => o.id === id)?.channel === 'desk' ? '' : '智能助手'),
    });
    const me = currentStaff(c);
    ctx.ports.auth?.logAccess(me, `ledger.${format}`, `ledger:${l.key}`, `${rows.length} rows ${q.from ?? ''}..${q.to ?? ''}`);
    const stamp = cal.localDay(ctx.clock.now());
    const filename = encodeURIComponent(`${l.title}-${stamp}`);
    if (format === 'csv') {
      return c.body(toCsv(rows), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${l.key}.csv"; filename*=UTF-8''${filename}.csv`,
      });
    }
    if (format === 'xlsx') {
      const buf = await toXlsx(l.title, rows, `${stamp} ${cal.localTime(ctx.clock.now())}`);
      return c.body(new Uint8Array(buf), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="${l.key}.xlsx"; filename*=UTF-8''${filename}.xlsx`,
      });
    }
    return c.json({ ledger: l, total: r.total, rows });
  });

  return app;
}
