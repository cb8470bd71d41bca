// Staff authentication middleware. The staff module (assistant/orders/staff) implements AuthPort
// and registers it on ctx.ports.auth; routes only depend on this file.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors';

export type Role = 'agent' | 'supervisor' | 'admin';

export interface StaffUser {
  id: number;
  username: string;
  name: string;
  role: Role;
  teamId: number | null;
}

export interface AuthPort {
  /** Resolve a session token to a staff member, or null when unknown/expired. */
  verify(token: string): StaffUser | null;
  /** Record an access to personal data or another sensitive action (全程留痕). */
  logAccess(staff: StaffUser, action: string, target: string, detail?: string): void;
}

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function hasRole(user: StaffUser, min: Role): boolean {
  return RANK[user.role] >= RANK[min];
}

/** Token from `Authorization: Bearer`, the `lawline_session` cookie, or `?token=` (WebSockets). */
export function tokenFrom(headers: { authorization?: string | null; cookie?: string | null }, url?: URL): string | null {
  const auth = headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const m = /(?:^|;\s*)lawline_session=([^;]+)/.exec(headers.cookie ?? '');
  if (m) return decodeURIComponent(m[1]);
  return url?.searchParams.get('token') ?? null;
}

export type StaffEnv = { Variables: { staff: StaffUser } };

/** Hono middleware: 401 without a valid session, 403 below the minimum role. */
export function requireStaff(getAuth: () => AuthPort | undefined, min: Role = 'agent'): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const auth = getAuth();
    if (!auth) throw new AppError('unavailable', '员工登录服务未启用。');
    const token = tokenFrom({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') });
    const user = token ? auth.verify(token) : null;
    if (!user) throw new AppError('unauthorized');
    if (!hasRole(user, min)) throw new AppError('forbidden');
    c.set('staff', user);
    await next();
  };
}

export function currentStaff(c: Context<StaffEnv>): StaffUser {
  return c.get('staff');
}
