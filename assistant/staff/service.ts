// Staff accounts, teams, sessions and the access log. Implements AuthPort (verify + logAccess).
// Tables live in assistant/orders/schema.ts (one schema for orders and staff).
import type Database from 'better-sqlite3';
import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { AppDb } from '../db';
import { AppError } from '../errors';
import type { AuthPort, Role, StaffUser } from '../http/auth';
import type { Logger } from '../log';
import { accessLog, sessions, staff, teams } from '../orders/schema';
import { DUMMY_HASH, generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';

export const ROLES: readonly Role[] = ['agent', 'supervisor', 'admin'];
export const ROLE_LABEL: Record<Role, string> = { agent: '坐席/窗口人员', supervisor: '值班主管', admin: '系统管理员' };

export interface Team {
  id: number;
  key: string;
  name: string;
  kind: 'internal' | 'partner';
  assignMode: 'load' | 'pool';
  region: string | null;
  phone: string | null;
}

export interface NewStaff {
  username: string;
  name: string;
  password: string;
  role: Role;
  teamId?: number | null;
  maxLoad?: number;
}

export interface StaffRecord extends StaffUser {
  active: boolean;
  maxLoad: number;
  createdAt: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class StaffService implements AuthPort {
  private teamsCache: Team[] | null = null;
  private staffCache: StaffRecord[] | null = null;
  private verifyStmt: Database.Statement;
  private logStmt: Database.Statement;

  constructor(
    private db: AppDb,
    sqlite: Database.Database,
    private clock: Clock,
    private log: Logger,
    private sessionTtlHours: number,
  ) {
    // Hot paths (every request, every access) as prepared statements.
    this.verifyStmt = sqlite.prepare(
      `select s.id, s.username, s.name, s.role, s.team_id as teamId from sessions x join staff s on s.id = x.staff_id
       where x.token_hash = ? and x.revoked_at is null and x.expires_at > ? and s.active = 1`,
    );
    this.logStmt = sqlite.prepare('insert into access_log (staff_id, username, action, target, detail, at) values (?, ?, ?, ?, ?, ?)');
  }

  /** Staff and teams change rarely: cached, dropped on every write through this service. */
  private changed() {
    this.teamsCache = null;
    this.staffCache = null;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  // ---- teams -------------------------------------------------------------------------------

  listTeams(): Team[] {
    this.teamsCache ??= this.db.select().from(teams).orderBy(asc(teams.id)).all().map(toTeam);
    return this.teamsCache;
  }

  teamById(id: number): Team | null {
    return this.listTeams().find((t) => t.id === id) ?? null;
  }

  teamByKey(key: string): Team | null {
    return this.listTeams().find((t) => t.key === key) ?? null;
  }

  /** Insert or update a team by key (rules/dispatch.json teams are synced at start). */
  upsertTeam(t: Omit<Team, 'id'>): Team {
    const row = { key: t.key, name: t.name, kind: t.kind, assignMode: t.assignMode, region: t.region, phone: t.phone };
    this.db
      .insert(teams)
      .values({ ...row, createdAt: this.now() })
      .onConflictDoUpdate({ target: teams.key, set: row })
      .run();
    this.changed();
    return this.teamByKey(t.key)!;
  }

  createTeam(t: Omit<Team, 'id'>, by: StaffUser): Team {
    if (this.teamByKey(t.key)) throw new AppError('conflict', `团队标识「${t.key}」已存在。`);
    const team = this.upsertTeam(t);
    this.logAccess(by, 'team.create', `team:${team.id}`, team.key);
    return team;
  }

  // ---- staff -------------------------------------------------------------------------------

  count(): number {
    return this.db.select({ n: sql<number>`count(*)` }).from(staff).get()!.n;
  }

  /** On first start (no staff at all) create the admin; returns the generated password if none was given. */
  async seedAdmin(username: string, password?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    if (this.count() > 0) return { created: false };
    const pw = password ?? generatePassword();
    const now = this.now();
    const inserted = this.db
      .insert(staff)
      .values({ username, name: '系统管理员', role: 'admin', teamId: null, passwordHash: await hashPassword(pw), createdAt: now })
      .onConflictDoNothing()
      .returning({ id: staff.id })
      .get();
    this.changed();
    if (!inserted) return { created: false };
    this.log.info('seed admin created', { username });
    return { created: true, generatedPassword: password ? undefined : pw };
  }

  async createStaff(input: NewStaff, by: StaffUser): Promise<StaffRecord> {
    const problem = passwordProblem(input.password);
    if (problem) throw new AppError('bad_request', problem);
    if (input.teamId != null && !this.teamById(input.teamId)) throw new AppError('bad_request', '所属团队不存在。');
    if (this.db.select({ id: staff.id }).from(staff).where(eq(staff.username, input.username)).get()) {
      throw new AppError('conflict', `用户名「${input.username}」已被使用。`);
    }
    const passwordHash = await hashPassword(input.password);
    const row = this.db
      .insert(staff)
      .values({
        username: input.username,
        name: input.name,
        role: input.role,
        teamId: input.teamId ?? null,
        passwordHash,
        maxLoad: input.maxLoad ?? 20,
        createdAt: this.now(),
      })
      .returning()
      .get();
    this.changed();
    this.logAccess(by, 'staff.create', `staff:${row.id}`, `${input.username} ${input.role}`);
    return toRecord(row);
  }

  async updateStaff(
    id: number,
    patch: { name?: string; role?: Role; teamId?: number | null; active?: boolean; maxLoad?: number; password?: string },
    by: StaffUser,
  ): Promise<StaffRecord> {
    const cur = this.db.select().from(staff).where(eq(staff.id, id)).get();
    if (!cur) throw new AppError('not_found', '该员工不存在。');
    if (patch.teamId != null && !this.teamById(patch.teamId)) throw new AppError('bad_request', '所属团队不存在。');
    if (id === by.id && (patch.active === false || (patch.role && patch.role !== 'admin'))) {
      throw new AppError('bad_request', '不能停用自己的账号或降低自己的权限。');
    }
    const set: Partial<typeof staff.$inferInsert> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.teamId !== undefined) set.teamId = patch.teamId;
    if (patch.active !== undefined) set.active = patch.active;
    if (patch.maxLoad !== undefined) set.maxLoad = patch.maxLoad;
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password);
      if (problem) throw new AppError('bad_request', problem);
      set.passwordHash = await hashPassword(patch.password);
    }
    const row = this.db.update(staff).set(set).where(eq(staff.id, id)).returning().get()!;
    this.changed();
    // Deactivation or a password change ends every open session of that person.
    if (patch.active === false || patch.password !== undefined) {
      this.db.update(sessions).set({ revokedAt: this.now() }).where(and(eq(sessions.staffId, id), isNull(sessions.revokedAt))).run();
    }
    const fields = Object.keys(patch).map((k) => (k === 'password' ? 'password(reset)' : k));
    this.logAccess(by, 'staff.update', `staff:${id}`, fields.join(','));
    return toRecord(row);
  }

  listStaff(): StaffRecord[] {
    this.staffCache ??= this.db.select().from(staff).orderBy(asc(staff.id)).all().map(toRecord);
    return this.staffCache;
  }

  staffById(id: number): StaffRecord | null {
    return this.listStaff().find((s) => s.id === id) ?? null;
  }

  // ---- sessions ----------------------------------------------------------------------------

  async login(username: string, password: string): Promise<{ token: string; staff: StaffUser; expiresAt: string } | null> {
    const row = this.db.select().from(staff).where(eq(staff.username, username)).get();
    const ok = await verifyPassword(password, row?.passwordHash ?? DUMMY_HASH);
    if (!row || !ok || !row.active) {
      this.log.warn('staff login refused', { username: username.slice(0, 64) });
      return null;
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3_600_000).toISOString();
    this.db.insert(sessions).values({ tokenHash: hashToken(token), staffId: row.id, createdAt: now.toISOString(), expiresAt }).run();
    // Housekeeping: sessions that ended more than 30 days ago are of no use to anyone.
    this.db.delete(sessions).where(lt(sessions.expiresAt, new Date(now.getTime() - 30 * 86_400_000).toISOString())).run();
    const user = toUser(row);
    this.logAccess(user, 'auth.login', `staff:${row.id}`);
    return { token, staff: user, expiresAt };
  }

  logout(token: string): boolean {
    const r = this.db
      .update(sessions)
      .set({ revokedAt: this.now() })
      .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
      .run();
    return r.changes > 0;
  }

  verify(token: string): StaffUser | null {
    if (!token || token.length > 200) return null;
    const row = this.verifyStmt.get(hashToken(token), this.now()) as StaffUser | undefined;
    return row ? { id: row.id, username: row.username, name: row.name, role: row.role, teamId: row.teamId } : null;
  }

  // ---- access log --------------------------------------------------------------------------

  logAccess(user: StaffUser, action: string, target: string, detail?: string): void {
    this.logStmt.run(user.id, user.username, action, target, detail ?? null, this.now());
  }

  accessLog(filter: { staffId?: number; target?: string; limit?: number } = {}) {
    const conds = [];
    if (filter.staffId) conds.push(eq(accessLog.staffId, filter.staffId));
    if (filter.target) conds.push(eq(accessLog.target, filter.target));
    return this.db
      .select()
      .from(accessLog)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(accessLog.id))
      .limit(Math.min(filter.limit ?? 200, 1000))
      .all();
  }
}

function toUser(r: typeof staff.$inferSelect): StaffUser {
  return { id: r.id, username: r.username, name: r.name, role: r.role as Role, teamId: r.teamId };
}

function toRecord(r: typeof staff.$inferSelect): StaffRecord {
  return { ...toUser(r), active: r.active, maxLoad: r.maxLoad, createdAt: r.createdAt };
}

function toTeam(t: typeof teams.$inferSelect): Team {
  return {
    id: t.id,
    key: t.key,
    name: t.name,
    kind: t.kind as Team['kind'],
    assignMode: t.assignMode as Team['assignMode'],
    region: t.region,
    phone: t.phone,
  };
}
