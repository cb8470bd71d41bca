// Statistics for the desk and the monthly report (统计月报表), behind staff auth:
//   GET /api/stats/overview?from=YYYY-MM-DD&to=YYYY-MM-DD   (default: the last 30 local days)
//   GET /api/stats/monthly?month=YYYY-MM                      (JSON, default: this month)
//   GET /api/stats/monthly.xlsx?month=YYYY-MM                 (XLSX download)
// Reads the other modules' tables read-only; tables that do not exist yet count as no data.
import { Hono } from 'hono';
import type { AppContext, Module } from '../context';
import { requireStaff, type StaffEnv } from '../http/auth';
import { computeOverview } from './overview';
import { localDay, monthPeriod, period, tzOffsetMinutes } from './range';
import { monthlyWorkbook } from './report';

function routes(ctx: AppContext): Hono {
  const app = new Hono<StaffEnv>();
  const auth = requireStaff(() => ctx.ports.auth);
  const offset = () => tzOffsetMinutes(ctx.config.TIMEZONE, ctx.clock.now());
  const today = () => localDay(ctx.clock.now(), offset());

  app.get('/api/stats/overview', auth, (c) => {
    const off = offset();
    const to = c.req.query('to') ?? today();
    const from = c.req.query('from') ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    return c.json(computeOverview(ctx.sqlite, period(from, to, off), ctx.clock.now()));
  });

  app.get('/api/stats/monthly', auth, (c) => {
    const month = c.req.query('month') ?? today().slice(0, 7);
    return c.json({ month, ...computeOverview(ctx.sqlite, monthPeriod(month, offset()), ctx.clock.now()) });
  });

  app.get('/api/stats/monthly.xlsx', auth, async (c) => {
    const month = c.req.query('month') ?? today().slice(0, 7);
    const o = computeOverview(ctx.sqlite, monthPeriod(month, offset()), ctx.clock.now());
    const buf = await monthlyWorkbook(o, { month, platform: '12348公共法律服务平台', generatedAt: ctx.clock.now() });
    ctx.ports.auth?.logAccess(c.get('staff'), 'stats.export', `monthly:${month}`);
    const name = `统计月报表-${month}.xlsx`;
    return c.body(new Uint8Array(buf), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="monthly-${month}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    });
  });
  return app as unknown as Hono;
}

const month = { name: 'month', in: 'query', schema: { type: 'string', pattern: '^\\d{4}-\\d{2}$' }, description: '月份 YYYY-MM，默认本月' };

export function statsModule(): Module {
  return {
    name: 'stats',
    routes,
    openapi() {
      const sec = [{ bearer: [] }];
      return {
        '/api/stats/overview': {
          get: {
            summary: '统计概览：各渠道每日咨询量、热点问题、工单状态、时限执行、满意度、建议答复采纳率',
            tags: ['stats'],
            security: sec,
            parameters: [
              { name: 'from', in: 'query', schema: { type: 'string', format: 'date' }, description: '开始日期（含），默认30天前' },
              { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: '结束日期（含），默认今天' },
            ],
            responses: { '200': { description: 'Overview JSON' }, '400': { description: '日期格式错误' }, '401': { description: '未登录' } },
          },
        },
        '/api/stats/monthly': { get: { summary: '统计月报（JSON）', tags: ['stats'], security: sec, parameters: [month], responses: { '200': { description: 'Overview JSON with month' } } } },
        '/api/stats/monthly.xlsx': {
          get: {
            summary: '统计月报表导出（Excel）',
            tags: ['stats'],
            security: sec,
            parameters: [month],
            responses: { '200': { description: 'XLSX', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } } },
          },
        },
      };
    },
  };
}
