// Retrieval for a turn: the knowledge core's search, then a preference for the laws that govern
// the triaged domain (domain-laws.json). When none of the first hits comes from those laws, a
// search restricted to the domain's first law that the store knows is merged in; the merged list
// is ranked by reciprocal rank plus a bonus for the domain's laws (and 民法典 part). Only when triage
// is sure of the domain (a guess must not pull in a law the question is not about: 「我没钱请律师」
// guessed as 劳动 used to get 劳动合同法 quoted), and only hits of the preferred laws and parts join.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Knowledge, SearchHit, SearchQuery, SearchResult } from '../../knowledge/types';
import type { Domain } from '../ports';
import { DOMAINS } from '../triage/rules';

const LawPref = z.object({ law: z.string().min(1), part: z.string().min(1).optional() }).strict();
const DomainLawsFile = z
  .object({ $comment: z.string().optional(), domains: z.object(Object.fromEntries(DOMAINS.map((d) => [d, z.array(LawPref)])) as Record<Domain, z.ZodArray<typeof LawPref>>).strict() })
  .strict();
export type DomainLaws = Record<Domain, { law: string; part?: string }[]>;

export function loadDomainLaws(path: string | URL = new URL('./domain-laws.json', import.meta.url)): DomainLaws {
  const r = DomainLawsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`domain-laws.json: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data.domains;
}

const K = 5;
const LAW_BONUS = 0.08;
const PART_BONUS = 0.04;
const TOP = 3;
/** Triage confidence from which the domain's laws are preferred. */
export const DOMAIN_SURE = 0.5;

/** Whether a hit comes from the laws (and 民法典 part) that govern a domain. */
export function domainMatcher(k: Pick<Knowledge, 'resolveLaw'>, laws: DomainLaws, domain: Domain): (h: Pick<SearchHit, 'law' | 'path'>) => boolean {
  const prefs = laws[domain].map((p) => ({ title: k.resolveLaw(p.law), part: p.part })).filter((p) => p.title);
  return (h) => prefs.some((p) => p.title === h.law && (!p.part || h.path.includes(p.part)));
}

export async function retrieve(
  k: Pick<Knowledge, 'search' | 'resolveLaw'>,
  q: SearchQuery,
  domain: Domain,
  laws: DomainLaws,
  triageConfidence = 1,
): Promise<SearchResult> {
  const base = await k.search(q);
  if (triageConfidence < DOMAIN_SURE) return base;
  const prefs = laws[domain]
    .map((p) => ({ title: k.resolveLaw(p.law), part: p.part }))
    .filter((p): p is { title: string; part: string | undefined } => Boolean(p.title));
  if (!prefs.length) return base;
  const preferred = (h: SearchHit) => prefs.find((p) => p.title === h.law && (!p.part || h.path.includes(p.part)));

  let extra: SearchHit[] = [];
  let confidence = base.confidence;
  if (!base.hits.slice(0, TOP).some((h) => preferred(h))) {
    const r = await k.search({ ...q, filters: { ...q.filters, law: prefs[0].title } });
    // the law filter does not know 民法典's parts: keep only the domain's own articles
    extra = r.hits.filter((h) => preferred(h));
    if (extra.length) confidence = Math.max(confidence, r.confidence);
  }
  const key = (h: SearchHit) => `${h.law}|${h.article}|${h.docId}`;
  const fused = new Map<string, { hit: SearchHit; score: number }>();
  const add = (hits: SearchHit[]) =>
    hits.forEach((h, rank) => {
      const p = preferred(h);
      const e = fused.get(key(h)) ?? { hit: h, score: p ? LAW_BONUS + (p.part ? PART_BONUS : 0) : 0 };
      e.score += 1 / (K + rank + 1);
      fused.set(key(h), e);
    });
  add(base.hits);
  add(extra);
  const hits = [...fused.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, q.limit ?? 10)
    .map((e) => ({ ...e.hit, score: Math.round(e.score * 1e4) / 1e4 }));
  return { ...base, hits, confidence, diagnostics: { ...base.diagnostics, stages: [...base.diagnostics.stages, ...(extra.length ? ['domain-law'] : []), 'domain-rerank'] } };
}

/**
 * The domain the retrieved statutes point to, for a question triage could not place: the first
 * hits with evidence vote through the domain-laws table (only laws and 民法典 parts that belong to
 * exactly one domain vote). Null without a two-thirds majority.
 */
export function inferDomain(hits: SearchHit[], laws: DomainLaws, hasEvidence: (h: SearchHit) => boolean, resolve: (name: string) => string | null): Domain | null {
  const owners = new Map<string, Set<Domain>>();
  for (const [domain, prefs] of Object.entries(laws) as [Domain, { law: string; part?: string }[]][]) {
    for (const p of prefs) {
      const title = resolve(p.law);
      if (!title) continue;
      const key = p.part ? `${title}|${p.part}` : title;
      if (!owners.has(key)) owners.set(key, new Set());
      owners.get(key)!.add(domain);
    }
  }
  const votes = new Map<Domain, number>();
  let total = 0;
  for (const h of hits.filter(hasEvidence).slice(0, 3)) {
    const part = h.path.find((x) => owners.has(`${h.law}|${x}`));
    const own = owners.get(part ? `${h.law}|${part}` : h.law);
    if (!own || own.size !== 1) continue;
    const d = [...own][0];
    votes.set(d, (votes.get(d) ?? 0) + 1);
    total++;
  }
  const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] * 3 >= total * 2 && best[1] >= 1 ? best[0] : null;
}
