// 采纳率: how staff use suggested answers, per staff member and per topic.
//   adoptionRate = (adopted + edited) / decided   — the draft was used, as is or edited
//   asIsRate     = adopted / decided              — used without changes
import { and, gte, lt, sql } from 'drizzle-orm';
import type { AppDb } from '../db';
import { suggestions } from './schema';

export interface AdoptionRow {
  total: number;
  pending: number;
  adopted: number;
  edited: number;
  rejected: number;
  decided: number;
  adoptionRate: number | null;
  asIsRate: number | null;
}

export interface AdoptionStats {
  overall: AdoptionRow;
  byStaff: (AdoptionRow & { staffId: number; staffName: string })[];
  byTopic: (AdoptionRow & { topic: string })[];
  byMode: (AdoptionRow & { mode: string })[];
}

const cols = {
  total: sql<number>`count(*)`,
  pending: sql<number>`sum(case when ${suggestions.outcome} = 'pending' then 1 else 0 end)`,
  adopted: sql<number>`sum(case when ${suggestions.outcome} = 'adopted' then 1 else 0 end)`,
  edited: sql<number>`sum(case when ${suggestions.outcome} = 'edited' then 1 else 0 end)`,
  rejected: sql<number>`sum(case when ${suggestions.outcome} = 'rejected' then 1 else 0 end)`,
};

function row(r: { total: number; pending: number | null; adopted: number | null; edited: number | null; rejected: number | null }): AdoptionRow {
  const adopted = r.adopted ?? 0;
  const edited = r.edited ?? 0;
  const rejected = r.rejected ?? 0;
  const decided = adopted + edited + rejected;
  const rate = (n: number) => (decided ? Math.round((n / decided) * 1000) / 1000 : null);
  return { total: r.total, pending: r.pending ?? 0, adopted, edited, rejected, decided, adoptionRate: rate(adopted + edited), asIsRate: rate(adopted) };
}

export function adoptionStats(db: AppDb, range: { from?: string; to?: string } = {}): AdoptionStats {
  const conds = [];
  if (range.from) conds.push(gte(suggestions.createdAt, range.from));
  if (range.to) conds.push(lt(suggestions.createdAt, range.to));
  const where = conds.length ? and(...conds) : undefined;
  const overall = db.select(cols).from(suggestions).where(where).get()!;
  const byStaff = db
    .select({ staffId: suggestions.staffId, staffName: sql<string>`max(${suggestions.staffName})`, ...cols })
    .from(suggestions)
    .where(where)
    .groupBy(suggestions.staffId)
    .all();
  const byTopic = db.select({ topic: suggestions.topic, ...cols }).from(suggestions).where(where).groupBy(suggestions.topic).all();
  const byMode = db.select({ mode: suggestions.mode, ...cols }).from(suggestions).where(where).groupBy(suggestions.mode).all();
  return {
    overall: row(overall),
    byStaff: byStaff.map((r) => ({ staffId: r.staffId, staffName: r.staffName, ...row(r) })).sort((a, b) => b.total - a.total),
    byTopic: byTopic.map((r) => ({ topic: r.topic, ...row(r) })).sort((a, b) => b.total - a.total),
    byMode: byMode.map((r) => ({ mode: r.mode, ...row(r) })),
  };
}
