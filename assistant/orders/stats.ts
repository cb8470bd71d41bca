// Work-order figures for supervisors (西安 plan 质量评价制度: 服务人次、意见采纳率、服务满意度):
// counts by state and type, resolutions, satisfaction and adoption overall and per staff member,
// SLA clocks met vs breached, for orders created in [from, to).
import type Database from 'better-sqlite3';
import { ORDER_TYPE_LABEL, type OrderType } from './rules';
import { STATE_LABEL, type OrderState } from './state-machine';

export interface OrderStats {
  from: string | null;
  to: string | null;
  total: number;
  byState: { state: string; label: string; n: number }[];
  byType: { type: string; label: string; n: number }[];
  resolved: number;
  evaluated: number;
  avgSatisfaction: number | null;
  satisfiedRate: number | null; // share of evaluations with 4 or 5
  adoptionRate: number | null; // share of evaluations with adopted = true
  sla: { clock: string; met: number; breached: number; running: number }[];
  byStaff: { staffId: number; name: string; handled: number; resolved: number; evaluated: number; avgSatisfaction: number | null; adoptionRate: number | null }[];
}

const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

export function orderStats(sqlite: Database.Database, from?: string, to?: string): OrderStats {
  const where = 'where (? is null or o.created_at >= ?) and (? is null or o.created_at < ?)';
  const p = [from ?? null, from ?? null, to ?? null, to ?? null];
  const byState = sqlite.prepare(`select o.state, count(*) n from orders o ${where} group by o.state order by n desc`).all(...p) as { state: string; n: number }[];
  const byType = sqlite.prepare(`select o.type, count(*) n from orders o ${where} group by o.type order by n desc`).all(...p) as { type: string; n: number }[];
  const q = sqlite
    .prepare(
      `select count(*) total, sum(o.resolved_at is not null) resolved, count(o.satisfaction) evaluated, avg(o.satisfaction) avgSat,
         avg(case when o.satisfaction is null then null when o.satisfaction >= 4 then 1.0 else 0.0 end) satisfied,
         avg(case when o.adopted is null then null when o.adopted = 1 then 1.0 else 0.0 end) adopted
       from orders o ${where}`,
    )
    .get(...p) as { total: number; resolved: number | null; evaluated: number; avgSat: number | null; satisfied: number | null; adopted: number | null };
  const sla = sqlite
    .prepare(
      `select c.clock, sum(c.status = 'met') met, sum(c.status = 'breached') breached, sum(c.status = 'running') running
       from sla_clocks c join orders o on o.id = c.order_id ${where} group by c.clock order by c.clock`,
    )
    .all(...p) as { clock: string; met: number; breached: number; running: number }[];
  const byStaff = sqlite
    .prepare(
      `select s.id staffId, s.name, count(*) handled, sum(o.resolved_at is not null) resolved, count(o.satisfaction) evaluated,
         avg(o.satisfaction) avgSat, avg(case when o.adopted is null then null when o.adopted = 1 then 1.0 else 0.0 end) adopted
       from orders o join staff s on s.id = o.assignee_id ${where} group by s.id order by handled desc`,
    )
    .all(...p) as { staffId: number; name: string; handled: number; resolved: number; evaluated: number; avgSat: number | null; adopted: number | null }[];
  return {
    from: from ?? null,
    to: to ?? null,
    total: q.total,
    byState: byState.map((r) => ({ ...r, label: STATE_LABEL[r.state as OrderState] ?? r.state })),
    byType: byType.map((r) => ({ ...r, label: ORDER_TYPE_LABEL[r.type as OrderType] ?? r.type })),
    resolved: q.resolved ?? 0,
    evaluated: q.evaluated,
    avgSatisfaction: round(q.avgSat),
    satisfiedRate: round(q.satisfied),
    adoptionRate: round(q.adopted),
    sla,
    byStaff: byStaff.map((r) => ({
      staffId: r.staffId,
      name: r.name,
      handled: r.handled,
      resolved: r.resolved ?? 0,
      evaluated: r.evaluated,
      avgSatisfaction: round(r.avgSat),
      adoptionRate: round(r.adopted),
    })),
  };
}
