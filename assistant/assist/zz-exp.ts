import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorkOrders } from '../../ingest/parsers/orders';
import { ensureSampleKnowledge } from '../../ingest/sample';
import { openKnowledge } from '../../knowledge';
import { insertPastOrders, listPastOrders, deletePastOrders } from '../../knowledge/store/queries';
import { openKnowledgeStore } from '../../knowledge/store/db';
import type { ArticleRef, SimilarOrder } from '../../knowledge/types';

async function main() {
const base = process.argv[2] ?? '';
const folds = 5;
const dir = mkdtempSync(join(tmpdir(), 'a5-'));
let basePath = base;
if (!basePath) { basePath = join(dir, 's.sqlite'); await ensureSampleKnowledge(basePath); }
const qs = (await parseWorkOrders('/work/shared/evals/dev.jsonl')).filter((q) => q.cited.length);
const key = (r: ArticleRef) => `${r.law}|${r.article}`;
type Strat = (pool: SimilarOrder[], hits: { law: string; article: string; score: number }[]) => SimilarOrder[];
const strategies: Record<string, Strat> = {
  bm25: (p) => p.slice(0, 5),
  vote: (p) => {
    const A = new Map<string, number>();
    for (const s of p.slice(0, 30)) for (const c of s.order.cited) A.set(key(c), (A.get(key(c)) ?? 0) + s.score);
    return [...p].map((s) => ({ s, v: s.order.cited.reduce((a, c) => a + (A.get(key(c)) ?? 0), 0) / Math.sqrt(s.order.cited.length || 1) + 0.5 * s.score })).sort((a, b) => b.v - a.v).map((x) => x.s).slice(0, 5);
  },
  voteCover: (p) => {
    const A = new Map<string, number>();
    for (const s of p.slice(0, 30)) for (const c of s.order.cited) A.set(key(c), (A.get(key(c)) ?? 0) + s.score);
    const chosen: SimilarOrder[] = [];
    const covered = new Set<string>();
    const rest = [...p];
    while (chosen.length < 5 && rest.length) {
      let bi = 0, bv = -1;
      rest.forEach((s, i) => {
        const v = s.order.cited.reduce((a, c) => a + (covered.has(key(c)) ? 0 : A.get(key(c)) ?? 0), 0) + 0.3 * s.score;
        if (v > bv) [bi, bv] = [i, v];
      });
      const s = rest.splice(bi, 1)[0];
      chosen.push(s);
      for (const c of s.order.cited) covered.add(key(c));
    }
    return chosen;
  },
  voteCoverSearch: (p, hits) => {
    const A = new Map<string, number>();
    for (const s of p.slice(0, 30)) for (const c of s.order.cited) A.set(key(c), (A.get(key(c)) ?? 0) + s.score);
    const top = hits[0]?.score || 1;
    hits.slice(0, 20).forEach((h, i) => A.set(key(h), (A.get(key(h)) ?? 0) + 1.0 * (h.score / top) / (1 + i / 5)));
    const chosen: SimilarOrder[] = [];
    const covered = new Set<string>();
    const rest = [...p];
    while (chosen.length < 5 && rest.length) {
      let bi = 0, bv = -1;
      rest.forEach((s, i) => {
        const v = s.order.cited.reduce((a, c) => a + (covered.has(key(c)) ? 0 : A.get(key(c)) ?? 0), 0) + 0.3 * s.score;
        if (v > bv) [bi, bv] = [i, v];
      });
      const s = rest.splice(bi, 1)[0];
      chosen.push(s);
      for (const c of s.order.cited) covered.add(key(c));
    }
    return chosen;
  },
};
const hits: Record<string, [number, number]> = {};
for (const k of Object.keys(strategies)) hits[k] = [0, 0];
let n = 0;
const dump: unknown[] = [];
for (let f = 0; f < folds; f++) {
  const path = join(dir, `f${f}.sqlite`);
  const src = new Database(basePath, { readonly: true }); await src.backup(path); src.close();
  const st = openKnowledgeStore(path);
  const qset = new Set(qs.map((q) => q.question.replace(/\s/g, '')));
  const bad = new Set(listPastOrders(st).filter((o) => qset.has(o.question.replace(/\s/g, ''))).map((o) => o.source!));
  for (const b of bad) console.error('drop source', b, deletePastOrders(st, b));
  insertPastOrders(st, qs.filter((_, i) => i % folds !== f).map((o) => ({ ...o, source: 'x' })));
  st.close();
  const k = await openKnowledge({ dbPath: path, embedding: { provider: 'none' } });
  const res = (l: string) => k.resolveLaw(l) ?? l;
  for (let i = 0; i < qs.length; i++) {
    if (i % folds !== f) continue;
    const q = qs[i];
    const pool = await k.similarOrders(q.question, 400);
    const sr = await k.search({ text: q.question, limit: 50 });
    dump.push({ gold: q.cited.map((c) => `${res(c.law)}|${c.article}`), pool: pool.map((p) => [p.order.id, p.score, p.order.cited.map((c) => `${res(c.law)}|${c.article}`)]), hits: sr.hits.map((h) => [`${h.law}|${h.article}`, h.score]) });
    const gold = new Set(q.cited.map((c) => `${res(c.law)}|${c.article}`));
    n++;
    for (const [name, s] of Object.entries(strategies)) {
      const top = s(pool, sr.hits);
      const hit = (kk: number) => top.slice(0, kk).some((o) => o.order.cited.some((c) => gold.has(`${res(c.law)}|${c.article}`)));
      if (hit(1)) hits[name][0]++;
      if (hit(5)) hits[name][1]++;
    }
  }
  k.close();
  console.error('fold', f);
}
(await import('node:fs')).writeFileSync(process.argv[3] ?? '/tmp/a5/dump.json', JSON.stringify(dump));
for (const [name, [a, b]] of Object.entries(hits)) console.log(name, (a / n).toFixed(3), (b / n).toFixed(3));

}
main();
