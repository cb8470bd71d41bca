// What helps a staff member with a question: related articles (for the question and for the
// citizen's past topics), typical cases and similar closed work orders, each with why it was
// picked. One code path for the repeat-contact push, the suggested answer and eval:assist.
import type { ArticleRef, Knowledge, PastOrder, SearchHit, SimilarOrder } from '../../knowledge/types';
import { clip } from '../citizens/archive';
import { maskPersonal } from '../citizens/names';
import type { Domain } from '../ports';
import { answerNeighbours } from './answer-sim';
import { topicOf } from './topics';

export interface LawItem extends ArticleRef {
  text: string;
  status: string;
  score: number;
  /** question: related to the current question; history: to the citizen's past topics. */
  for: 'question' | 'history';
  why: string[];
}

export interface CaseItem {
  title: string;
  section: string;
  excerpt: string;
  source: string;
  /** The articles the case applied (its front matter and text). */
  cited: ArticleRef[];
  why: string[];
}

export interface SimilarOrderItem {
  id: number;
  externalId: string | null;
  question: string;
  resolution: string | null;
  cited: ArticleRef[];
  category: string | null;
  resolvedAt: string | null;
  satisfaction: number | null;
  score: number;
  why: string[];
}

export interface Material {
  question: string | null;
  topic: Domain;
  laws: LawItem[];
  cases: CaseItem[];
  similarOrders: SimilarOrderItem[];
}

export interface MaterialInput {
  /** The current question (may be absent at contact start: then the past topics lead). */
  question?: string | null;
  /** Past questions / summaries of this citizen, newest first. */
  history?: string[];
}

export const LIMITS = { laws: 5, historyLaws: 3, cases: 3, orders: 5, orderPool: 400, searchHits: 50, topicHits: 20 };

const key = (r: ArticleRef) => `${r.law}|${r.article}`;

/** Similar closed orders for a question, chosen to cover the articles most likely to govern it.
 *  Candidates: the BM25-nearest past orders (text similarity) plus, for the articles the search
 *  ranks highest, the newest past orders citing them (`Knowledge.pastOrdersCiting`: an order that
 *  applied the right article helps even when its wording differs), plus the orders whose
 *  resolution (答复) is closest to the question. Each article gets a score from (a) the nearest
 *  past orders that cite it (k-NN votes by question), (b) the orders whose answers are nearest
 *  (k-NN votes by answer, ./answer-sim.ts) and (c) the article search for the question
 *  (rank-discounted, scaled by the search's own confidence: a small or off-topic knowledge base
 *  should not outvote the past orders); then orders are picked greedily, each adding the most
 *  not-yet-covered article score plus a little of its own text similarity.
 *  So the staff member sees resolutions for the distinct legal issues the question may raise, not
 *  five copies of one. Shared by the push and eval:assist (evals/assist.ts). */
export async function similarOrdersFor(knowledge: Knowledge, text: string, hits: SearchHit[], limit = LIMITS.orders, confidence = 1): Promise<SimilarOrderItem[]> {
  const pool = await knowledge.similarOrders(text, LIMITS.orderPool);
  const resolved = new Map<string, string>();
  const norm = (r: ArticleRef) => {
    let law = resolved.get(r.law);
    if (law === undefined) resolved.set(r.law, (law = knowledge.resolveLaw(r.law) ?? r.law));
    return `${law}|${r.article.trim()}`;
  };
  const score = new Map<string, number>();
  const searchRank = new Map<string, number>();
  const add = (k: string, v: number) => score.set(k, (score.get(k) ?? 0) + v);
  for (const s of pool.slice(0, WEIGHTS.voters)) {
    const keys = s.order.cited.map(norm);
    for (const k of keys) add(k, (s.score * s.score) / Math.sqrt(keys.length || 1));
  }
  const top = hits[0]?.score || 1;
  hits.slice(0, WEIGHTS.hits).forEach((h, i) => {
    const k = norm(h);
    add(k, (WEIGHTS.search * Math.min(1, confidence * WEIGHTS.confidenceGain) * (h.score / top)) / (1 + i / WEIGHTS.rankDecay));
    if (!searchRank.has(k)) searchRank.set(k, i);
  });
  const inPool = new Set(pool.map((s) => s.order.id));
  let citing: (PastOrder & { id: number })[] = [];
  let wide: (PastOrder & { id: number })[] = [];
  try {
    citing = knowledge.pastOrdersCiting(hits.slice(0, WEIGHTS.citingHits), WEIGHTS.citingPerArticle).filter((o) => !inPool.has(o.id));
    wide = knowledge.pastOrdersCiting(hits.slice(0, WEIGHTS.answerHits), WEIGHTS.answerPerArticle);
  } catch {
    citing = []; // degrade to the text-similar pool
    wide = [];
  }
  // k-NN by answer: the orders (text-similar or citing a searched article) whose resolution is nearest
  const byAnswer = answerNeighbours(knowledge, text, [...pool.map((s) => s.order), ...wide], WEIGHTS.answerVoters);
  const answerRank = new Map(byAnswer.map((a, i) => [a.order.id, i]));
  const bestAnswer = byAnswer[0]?.sim || 1;
  for (const a of byAnswer) {
    const keys = [...new Set(a.order.cited.map(norm))];
    for (const k of keys) add(k, (WEIGHTS.answer * (a.sim / bestAnswer) ** 2) / Math.sqrt(keys.length || 1));
  }
  const have = new Set([...inPool, ...citing.map((o) => o.id)]);
  const answerOnly = byAnswer.slice(0, WEIGHTS.answerExtra).filter((a) => !have.has(a.order.id));
  const cands: Cand[] = [
    ...pool.map((s) => ({ s, keys: [...new Set(s.order.cited.map(norm))], via: 'text' as const })),
    ...citing.map((o) => ({ s: { order: o, score: 0, why: [] }, keys: [...new Set(o.cited.map(norm))], via: 'citation' as const })),
    ...answerOnly.map((a) => ({ s: { order: a.order, score: 0, why: [] }, keys: [...new Set(a.order.cited.map(norm))], via: 'answer' as const })),
  ];
  const covered = new Set<string>();
  const out: SimilarOrderItem[] = [];
  while (out.length < limit && cands.length) {
    let best = 0;
    let bestValue = -Infinity;
    cands.forEach((c, i) => {
      let v = WEIGHTS.textSim * c.s.score;
      for (const k of c.keys) if (!covered.has(k)) v += score.get(k) ?? 0;
      if (v > bestValue) [best, bestValue] = [i, v];
    });
    const c = cands.splice(best, 1)[0];
    const ranks = c.keys.map((k) => searchRank.get(k)).filter((r): r is number => r !== undefined);
    const rank = ranks.length ? Math.min(...ranks) : undefined;
    out.push(orderItem(c, rank === undefined ? undefined : { hit: hits[rank], rank }, c.keys.some((k) => !covered.has(k)) && out.length > 0, answerRank.has(c.s.order.id)));
    for (const k of c.keys) covered.add(k);
  }
  return out;
}

interface Cand {
  s: SimilarOrder;
  keys: string[];
  /** How it was found: its wording (BM25 on questions), an article it cites, or its resolution. */
  via: 'text' | 'citation' | 'answer';
}

/** Tuned k-fold on ../shared/evals/dev.jsonl (evals/assist.ts, full corpus): hit@5 0.5656 without
 *  the answer votes (plain BM25 neighbours 0.44; without the citing orders 0.546), 0.5754 with
 *  them (answer 8 over the 20 nearest answers among the pool and the orders citing the top 50
 *  hits, 10 each; search as of 2026-11-23). On an earlier search build, choosing these three
 *  by nested 5-fold gave 0.582 vs 0.565. ceiling@any 0.709 = questions whose gold article any
 *  other-fold order cites; the binding limit is the article ranking (a citable gold article is in
 *  the search's first 10 citable articles for only ≈0.57 of questions). */
export const WEIGHTS = {
  voters: 100,
  hits: 20,
  search: 12,
  rankDecay: 3,
  textSim: 0.3,
  confidenceGain: 10,
  citingHits: 20,
  citingPerArticle: 5,
  answer: 8,
  answerVoters: 20,
  answerHits: 50,
  answerPerArticle: 10,
  answerExtra: 10,
};

function orderItem(c: Cand, agreeing?: { hit: SearchHit; rank: number }, newIssue = false, answerNear = false): SimilarOrderItem {
  const s = c.s;
  const why = c.via === 'text' ? [...s.why] : [];
  if (agreeing) why.unshift(`引用了检索排名第${agreeing.rank + 1}的 ${shortLaw(agreeing.hit.law)} ${agreeing.hit.article}`);
  if (answerNear) why.push('答复内容与本问题相近');
  if (c.via !== 'text') {
    if (c.via === 'citation') why.push('表述与本问题不同，但适用同一法条');
    if (s.order.category) why.push(`类别: ${s.order.category}`);
  }
  if (newIssue) why.push('涉及与前面工单不同的法条，供全面参考');
  if (s.order.satisfaction) why.push(`办结满意度 ${s.order.satisfaction} 分`);
  return {
    id: s.order.id,
    externalId: s.order.externalId ?? null,
    question: clip(maskPersonal(s.order.question), 120),
    resolution: s.order.resolution ? clip(maskPersonal(s.order.resolution), 300) : null,
    cited: s.order.cited,
    category: s.order.category ?? null,
    resolvedAt: s.order.resolvedAt ?? null,
    satisfaction: s.order.satisfaction ?? null,
    score: round(s.score),
    why,
  };
}

function lawItem(h: SearchHit, forWhat: 'question' | 'history', extra: string[] = []): LawItem {
  const why: string[] = [...extra];
  if (h.signals.keywordTerms.length) why.push(`共同词：${h.signals.keywordTerms.slice(0, 5).join('、')}`);
  if (h.signals.expansions.length) why.push(`同义扩展：${h.signals.expansions.slice(0, 3).join('、')}`);
  if (h.signals.orderVotes.length) why.push(`${h.signals.orderVotes.length} 件相似工单引用过此条`);
  if (h.signals.vectorScore !== undefined) why.push(`语义相似度 ${h.signals.vectorScore.toFixed(2)}`);
  if (h.status !== 'in_force') why.push(h.status === 'not_yet_effective' ? '注意：尚未施行' : '注意：已修改或废止');
  return { law: h.law, article: h.article, text: clip(h.text, 300), status: h.status, score: round(h.score), for: forWhat, why };
}

function caseItem(h: SearchHit, forText: string): CaseItem {
  const why: string[] = [];
  if (h.signals.keywordTerms.length) why.push(`共同词：${h.signals.keywordTerms.slice(0, 5).join('、')}`);
  why.push(forText);
  const cited = (h.cites ?? []).map((c) => ({ law: c.law, article: c.article }));
  return { title: h.law, section: h.article, excerpt: clip(h.text, 200), source: h.source, cited, why };
}

/** Gather everything for one question (and the citizen's history). Knowledge errors degrade to empty lists. */
export async function gatherMaterial(knowledge: Knowledge, input: MaterialInput): Promise<Material> {
  const question = input.question?.trim() ? maskPersonal(input.question.trim()) : null;
  const history = (input.history ?? []).filter((h) => h && h.trim()).slice(0, 5);
  const historyText = history.join('；');
  const lead = question ?? historyText;
  if (!lead) return { question, topic: '其他', laws: [], cases: [], similarOrders: [] };

  const [qRes, hRes, cases] = await Promise.all([
    knowledge.search({ text: lead, limit: LIMITS.searchHits }).catch(() => null),
    question && historyText ? knowledge.search({ text: historyText, limit: LIMITS.historyLaws + LIMITS.laws }).catch(() => null) : Promise.resolve(null),
    knowledge.searchCases(lead, LIMITS.cases).catch(() => [] as SearchHit[]),
  ]);
  const qHits = qRes?.hits ?? [];
  const similar = await similarOrdersFor(knowledge, lead, qHits, LIMITS.orders, qRes?.confidence ?? 0).catch(() => [] as SimilarOrderItem[]);

  const laws: LawItem[] = qHits
    .slice(0, LIMITS.laws)
    .map((h) => lawItem(h, question ? 'question' : 'history', question ? ['与本次问题相关'] : [`与该群众过往咨询相关：${clip(historyText, 30)}`]));
  const seen = new Set(laws.map(key));
  for (const h of hRes?.hits ?? []) {
    if (laws.filter((l) => l.for === 'history').length >= LIMITS.historyLaws) break;
    if (seen.has(key(h))) continue;
    seen.add(key(h));
    laws.push(lawItem(h, 'history', [`与该群众过往咨询相关：${clip(historyText, 30)}`]));
  }
  const topic = topicOf(lead, qHits.slice(0, LIMITS.topicHits).map((h) => h.law));
  return {
    question,
    topic,
    laws,
    cases: cases.map((h) => caseItem(h, question ? '与本次问题相似的典型案例' : '与过往咨询相似的典型案例')),
    similarOrders: similar,
  };
}

export function shortLaw(law: string): string {
  return law.replace(/^中华人民共和国/, '');
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
