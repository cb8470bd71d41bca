// SLA clocks per order (first response, callback, resolution) in business time. Started when an
// order is created (resolution restarted on reopen), stopped by the actions that satisfy them;
// `due(now)` finds clocks that need a warning (warnAt passed) or are overdue (dueAt passed).
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { AppDb } from '../db';
import type { BusinessCalendar } from './calendar';
import { planClock, SLA_CLOCKS, type OrderType, type SlaClock, type SlaData, type Urgency } from './rules';
import { orders, slaClocks } from './schema';

export type ClockRow = typeof slaClocks.$inferSelect;

export type ClockState = 'ok' | 'warning' | 'overdue';
export const CLOCK_STATE_LABEL: Record<ClockState, string> = { ok: '正常', warning: '即将超时', overdue: '已超时' };

/** A running clock's state at `now`: overdue once dueAt has passed, warning once warnAt has. */
export function clockState(c: Pick<ClockRow, 'warnAt' | 'dueAt'>, now: Date): ClockState {
  const iso = now.toISOString();
  return c.dueAt <= iso ? 'overdue' : c.warnAt <= iso ? 'warning' : 'ok';
}

export class SlaClocks {
  private upsert: Database.Statement;
  private stopStmt: Database.Statement;

  constructor(
    private db: AppDb,
    sqlite: Database.Database,
    readonly calendar: BusinessCalendar,
    readonly policy: SlaData,
  ) {
    this.upsert = sqlite.prepare(
      `insert into sla_clocks (order_id, clock, started_at, warn_at, due_at, status) values (?, ?, ?, ?, ?, 'running')
       on conflict (order_id, clock) do update set started_at = excluded.started_at, warn_at = excluded.warn_at, due_at = excluded.due_at,
         status = 'running', warned_at = null, overdue_at = null, escalated_to = null, stopped_at = null`,
    );
    this.stopStmt = sqlite.prepare(
      `update sla_clocks set status = case when @at <= due_at then 'met' else 'breached' end, stopped_at = @at
       where order_id = @orderId and status = 'running' and clock in (select value from json_each(@clocks))`,
    );
  }

  /** Start (or restart) clocks of an order at `at`. Call inside the order's transaction. */
  start(orderId: number, type: OrderType, urgency: Urgency, at: Date, clocks: readonly SlaClock[] = SLA_CLOCKS): void {
    for (const clock of clocks) {
      const p = planClock(this.policy, this.calendar, type, urgency, clock, at);
      this.upsert.run(orderId, clock, at.toISOString(), p.warnAt.toISOString(), p.dueAt.toISOString());
    }
  }

  /** Stop running clocks: met when stopped by the deadline, breached otherwise. */
  stop(orderId: number, clocks: readonly SlaClock[], at: Date): void {
    this.stopStmt.run({ at: at.toISOString(), orderId, clocks: JSON.stringify(clocks) });
  }

  /** Running clocks needing a warning, and running clocks newly overdue. */
  due(now: Date): { warn: ClockRow[]; overdue: ClockRow[] } {
    const iso = now.toISOString();
    const overdue = this.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.status, 'running'), isNull(slaClocks.overdueAt), lte(slaClocks.dueAt, iso)))
      .orderBy(asc(slaClocks.dueAt))
      .limit(500)
      .all();
    const warn = this.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.status, 'running'), isNull(slaClocks.warnedAt), lte(slaClocks.warnAt, iso)))
      .orderBy(asc(slaClocks.warnAt))
      .limit(500)
      .all()
      .filter((r) => r.dueAt > iso);
    return { warn, overdue };
  }

  markWarned(id: number, at: Date): void {
    this.db.update(slaClocks).set({ warnedAt: at.toISOString() }).where(eq(slaClocks.id, id)).run();
  }

  markOverdue(id: number, at: Date, escalatedTo: number | null): void {
    const iso = at.toISOString();
    const row = this.db.select({ warnedAt: slaClocks.warnedAt }).from(slaClocks).where(eq(slaClocks.id, id)).get();
    this.db
      .update(slaClocks)
      .set({ overdueAt: iso, warnedAt: row?.warnedAt ?? iso, escalatedTo })
      .where(eq(slaClocks.id, id))
      .run();
  }

  /** Running clocks of many orders in one query (list pages), in clock order per order. */
  runningFor(orderIds: readonly number[]): Map<number, ClockRow[]> {
    const out = new Map<number, ClockRow[]>();
    if (orderIds.length === 0) return out;
    const rows = this.db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.status, 'running'), inArray(slaClocks.orderId, [...orderIds])))
      .orderBy(asc(slaClocks.orderId), asc(slaClocks.id))
      .all();
    for (const r of rows) {
      const list = out.get(r.orderId);
      if (list) list.push(r);
      else out.set(r.orderId, [r]);
    }
    return out;
  }

  forOrder(orderId: number): ClockRow[] {
    return this.db.select().from(slaClocks).where(eq(slaClocks.orderId, orderId)).orderBy(asc(slaClocks.id)).all();
  }

  /** Overview for GET /api/sla: per clock counts and the running clocks at risk (warned or overdue). */
  overview(now: Date) {
    const iso = now.toISOString();
    const byClock: Record<string, { running: number; warning: number; overdue: number; met: number; breached: number }> = {};
    for (const c of SLA_CLOCKS) byClock[c] = { running: 0, warning: 0, overdue: 0, met: 0, breached: 0 };
    const counts = this.db
      .select({ clock: slaClocks.clock, status: slaClocks.status, n: sql<number>`count(*)` })
      .from(slaClocks)
      .groupBy(slaClocks.clock, slaClocks.status)
      .all();
    for (const c of counts) if (byClock[c.clock]) byClock[c.clock][c.status as 'running' | 'met' | 'breached'] = c.n;
    const rows = this.db
      .select({
        clock: slaClocks.clock,
        warnAt: slaClocks.warnAt,
        dueAt: slaClocks.dueAt,
        escalatedTo: slaClocks.escalatedTo,
        orderId: orders.id,
        orderNo: orders.orderNo,
        type: orders.type,
        state: orders.state,
        urgency: orders.urgency,
        teamId: orders.teamId,
        assigneeId: orders.assigneeId,
      })
      .from(slaClocks)
      .innerJoin(orders, eq(orders.id, slaClocks.orderId))
      .where(and(eq(slaClocks.status, 'running'), lte(slaClocks.warnAt, iso)))
      .orderBy(asc(slaClocks.dueAt))
      .all();
    const atRisk = rows.map((r) => {
      const level = r.dueAt <= iso ? ('overdue' as const) : ('warning' as const);
      byClock[r.clock][level]++;
      return { ...r, level, remainingBusinessMinutes: Math.round(this.calendar.businessMinutesBetween(now, new Date(r.dueAt))) };
    });
    return { at: iso, open: this.calendar.isOpen(now), clocks: byClock, atRisk: atRisk.slice(0, 200) };
  }
}
