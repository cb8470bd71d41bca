// How close a past order's resolution (答复) is to a new question: character unigram + bigram
// TF-IDF cosine, the IDF taken over the candidate orders themselves. A resolution usually
// restates the rule that settled the case, so a question phrased unlike any past question can
// still be close to the answer that applied its article. Used by similarOrdersFor (material.ts):
// the orders whose answers are nearest vote for the articles they cited.
import type { Knowledge, PastOrder } from '../../knowledge/types';

type Grams = Map<string, number>;

const SKIP = /[\s\p{P}\p{S}]/u;

/** Term counts of a text: each character and each adjacent pair (punctuation and spaces dropped). */
export function grams(text: string): Grams {
  const chars = [...text].filter((c) => !SKIP.test(c));
  const m: Grams = new Map();
  for (let i = 0; i < chars.length; i++) {
    m.set(chars[i], (m.get(chars[i]) ?? 0) + 1);
    if (i + 1 < chars.length) {
      const b = chars[i] + chars[i + 1];
      m.set(b, (m.get(b) ?? 0) + 1);
    }
  }
  return m;
}

/** A resolution as term ids (interned per knowledge store) with their 1 + ln(count) weights. */
interface Doc {
  ids: Int32Array;
  tf: Float64Array;
}

/** Per knowledge store: the term ids, each order's resolution terms (orders do not change once
 *  stored) and scratch arrays reused across questions. */
interface Cache {
  vocab: Map<string, number>;
  docs: Map<number, Doc>;
  df: Int32Array;
  qw: Float64Array;
}
const caches = new WeakMap<Knowledge, Cache>();
const CACHE_MAX = 50_000;

function cacheOf(knowledge: Knowledge): Cache {
  let c = caches.get(knowledge);
  if (!c || c.docs.size >= CACHE_MAX) caches.set(knowledge, (c = { vocab: new Map(), docs: new Map(), df: new Int32Array(0), qw: new Float64Array(0) }));
  return c;
}

function docOf(c: Cache, o: PastOrder & { id: number }): Doc {
  let d = c.docs.get(o.id);
  if (!d) {
    const g = grams(o.resolution ?? '');
    d = { ids: new Int32Array(g.size), tf: new Float64Array(g.size) };
    let i = 0;
    for (const [t, n] of g) {
      let id = c.vocab.get(t);
      if (id === undefined) c.vocab.set(t, (id = c.vocab.size));
      d.ids[i] = id;
      d.tf[i++] = 1 + Math.log(n);
    }
    c.docs.set(o.id, d);
  }
  return d;
}

export interface AnswerNeighbour {
  order: PastOrder & { id: number };
  /** Cosine 0..1 between the question and the order's resolution. */
  sim: number;
}

/** The `limit` candidate orders whose resolutions are closest to the question (sim > 0, best
 *  first; each order once). TF-IDF with IDF over these candidates: ln((n+1)/(1+df)) + 1. */
export function answerNeighbours(knowledge: Knowledge, question: string, orders: (PastOrder & { id: number })[], limit: number): AnswerNeighbour[] {
  const c = cacheOf(knowledge);
  const seen = new Set<number>();
  const docs: { order: PastOrder & { id: number }; d: Doc }[] = [];
  for (const o of orders) {
    if (seen.has(o.id) || !o.resolution) continue;
    seen.add(o.id);
    docs.push({ order: o, d: docOf(c, o) });
  }
  if (!docs.length) return [];
  if (c.df.length < c.vocab.size) {
    c.df = new Int32Array(Math.max(c.vocab.size, 2 * c.df.length));
    c.qw = new Float64Array(c.df.length);
  }
  const { df, qw } = c;
  for (const { d } of docs) for (let i = 0; i < d.ids.length; i++) df[d.ids[i]]++;
  const n = docs.length;
  const idf = new Float64Array(n + 1);
  for (let f = 1; f <= n; f++) idf[f] = Math.log((n + 1) / (1 + f)) + 1;
  const qIds: number[] = [];
  let qn = 0;
  for (const [t, cnt] of grams(question)) {
    const id = c.vocab.get(t);
    if (id === undefined || !df[id]) continue;
    const w = (1 + Math.log(cnt)) * idf[df[id]];
    qw[id] = w;
    qIds.push(id);
    qn += w * w;
  }
  const out: AnswerNeighbour[] = [];
  if (qn > 0) {
    qn = Math.sqrt(qn);
    for (const { order, d } of docs) {
      let dot = 0;
      let dn = 0;
      for (let i = 0; i < d.ids.length; i++) {
        const id = d.ids[i];
        const w = d.tf[i] * idf[df[id]];
        dn += w * w;
        if (qw[id]) dot += qw[id] * w;
      }
      if (dot > 0) out.push({ order, sim: dot / (qn * Math.sqrt(dn)) });
    }
  }
  for (const { d } of docs) for (let i = 0; i < d.ids.length; i++) df[d.ids[i]] = 0;
  for (const id of qIds) qw[id] = 0;
  return out.sort((a, b) => b.sim - a.sim).slice(0, limit);
}
