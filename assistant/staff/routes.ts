// Staff REST: login/logout/me, and admin endpoints for staff accounts, teams and the access log.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, requireStaff, tokenFrom, type StaffEnv } from '../http/auth';
import { RateLimiter } from '../http/rate-limit';
import { readJson } from '../http/validate';
import { clientAddress } from '../http/client-address';
import type { StaffService } from './service';

export const SESSION_COOKIE = 'lawline_session';

const LoginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();
const RoleEnum = z.enum(['agent', 'supervisor', 'admin']);
const NewStaffBody = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, '3-32 位字母、数字或 _ . -'),
    name: z.string().trim().min(1).max(32),
    password: z.string().min(1).max(256),
    role: RoleEnum,
    teamId: z.number().int().positive().nullable().optional(),
    maxLoad: z.number().int().min(1).max(500).optional(),
  })
  .strict();
const PatchStaffBody = z
  .object({
    name: z.string().trim().min(1).max(32).optional(),
    role: RoleEnum.optional(),
    teamId: z.number().int().positive().nullable().optional(),
    active: z.boolean().optional(),
    maxLoad: z.number().int().min(1).max(500).optional(),
    password: z.string().min(1).max(256).optional(),
  })
  .strict();
const NewTeamBody = z
  .object({
    key: z.string().regex(/^[a-z0-9_]{2,40}$/, '2-40 位小写字母、数字或下划线'),
    name: z.string().trim().min(1).max(40),
    kind: z.enum(['internal', 'partner']).default('internal'),
    assignMode: z.enum(['load', 'pool']).default('load'),
    region: z.string().trim().max(40).nullable().optional(),
    phone: z.string().trim().max(40).nullable().optional(),
  })
  .strict();

export function staffRoutes(ctx: AppContext, staff: StaffService): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const auth = () => ctx.ports.auth;
  const loginLimiter = new RateLimiter(ctx.config.LOGIN_RATE_PER_MINUTE, Math.max(5, ctx.config.LOGIN_RATE_PER_MINUTE));
  const secure = (ctx.config.PUBLIC_URL ?? '').startsWith('https://') ? '; Secure' : '';

  app.post('/api/auth/login', async (c) => {
    if (!loginLimiter.take(clientAddress(c, ctx.config.TRUST_PROXY_HOPS))) throw new AppError('rate_limited', '登录尝试过于频繁，请稍后再试。');
    const body = await readJson(c, LoginBody, 4096);
    const r = await staff.login(body.username, body.password);
    if (!r) throw new AppError('unauthorized', '用户名或密码不正确。');
    const maxAge = Math.floor((Date.parse(r.expiresAt) - ctx.clock.now().getTime()) / 1000);
    c.header('Set-Cookie', `${SESSION_COOKIE}=${encodeURIComponent(r.token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`);
    return c.json({ token: r.token, staff: r.staff, expiresAt: r.expiresAt });
  });

  app.post('/api/auth/logout', requireStaff(auth), (c) => {
    const token = tokenFrom({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') });
    if (token) staff.logout(token);
    c.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
    return c.json({ ok: true });
  });

  app.get('/api/auth/me', requireStaff(auth), (c) => {
    const me = currentStaff(c);
    const team = me.teamId ? staff.teamById(me.teamId) : null;
    return c.json({ staff: me, team });
  });

  app.get('/api/teams', requireStaff(auth), (c) => c.json({ teams: staff.listTeams() }));
  app.post('/api/teams', requireStaff(auth, 'admin'), async (c) => {
    const b = await readJson(c, NewTeamBody);
    const team = staff.createTeam({ ...b, region: b.region ?? null, phone: b.phone ?? null }, currentStaff(c));
    return c.json({ team }, 201);
  });

  app.get('/api/staff', requireStaff(auth, 'supervisor'), (c) => c.json({ staff: staff.listStaff() }));
  app.post('/api/staff', requireStaff(auth, 'admin'), async (c) => {
    const b = await readJson(c, NewStaffBody);
    return c.json({ staff: await staff.createStaff(b, currentStaff(c)) }, 201);
  });
  app.patch('/api/staff/:id', requireStaff(auth, 'admin'), async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isInteger(id) || id <= 0) throw new AppError('bad_request', '员工编号不正确。');
    const b = await readJson(c, PatchStaffBody);
    return c.json({ staff: await staff.updateStaff(id, b, currentStaff(c)) });
  });

  app.get('/api/access-log', requireStaff(auth, 'admin'), (c) => {
    const staffId = Number(c.req.query('staffId') ?? '') || undefined;
    const target = c.req.query('target') || undefined;
    const limit = Number(c.req.query('limit') ?? '') || undefined;
    return c.json({ entries: staff.accessLog({ staffId, target, limit }) });
  });

  return app;
}
