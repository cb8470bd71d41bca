// Personal-data access audit (全程留痕): every lookup, archive view, reveal (granted or denied),
// merge and un-merge is written to citizen_access and reported to the staff module's access log.
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { StaffUser } from '../http/auth';
import { maskPersonal } from './names';
import { citizenAccess } from './schema';

export type AccessAction = 'lookup' | 'archive' | 'view' | 'reveal' | 'reveal_denied' | 'merge' | 'unmerge' | 'create' | 'visit' | 'contact_update';

export class AccessAudit {
  constructor(private ctx: AppContext) {}

  record(staff: StaffUser, action: AccessAction, citizenId: string | null, detail?: string): void {
    const safe = detail ? maskPersonal(detail).slice(0, 500) : null;
    this.ctx.db
      .insert(citizenAccess)
      .values({ staffId: staff.id, staffRole: staff.role, action, citizenId, detail: safe, at: this.ctx.clock.now().toISOString() })
      .run();
    try {
      this.ctx.ports.auth?.logAccess(staff, `citizen.${action}`, citizenId ? `citizen:${citizenId}` : 'citizen:-', safe ?? undefined);
    } catch (e) {
      this.ctx.log.warn('access log port failed', { err: e as Error });
    }
    this.ctx.log.info('citizen data access', { staffId: staff.id, action, citizenId });
  }

  list(citizenId: string, limit = 100) {
    return this.ctx.db
      .select()
      .from(citizenAccess)
      .where(and(eq(citizenAccess.citizenId, citizenId)))
      .orderBy(desc(citizenAccess.id))
      .limit(limit)
      .all();
  }
}
