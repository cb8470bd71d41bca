// `npm run --silent eval:sample -- [--queries FILE] [--json] [--misses] [--chat] [--perturb N]`
//
// The demo's own quality check: the canonical citizen questions of evals/sample-questions.jsonl
// (written by the team for the shipped sample knowledge base, not real work orders) asked
// against that knowledge base as `npm start` builds it (57+ synthetic past orders, linear
// reranker). A question counts at k when one of its expected articles is in the top k.
// With --chat every question is also asked through POST /api/chat of an in-process server on the
// same sample knowledge base (no LLM: the rules answer): `chat_cited` is the share of answers
// citing an expected article, `chat_lead` the share whose 【要点】 quotes one. With --json the last
// stdout line is {"queries","hit@1","hit@3","misses"[,"chat_cited","chat_lead"]}.
// With --perturb N the check also measures its own noise: N more stores, each without every Nth
// synthetic order (a different Nth each time, the reranker retrained), and how far hit@1 moves and
// how many questions change their top hit (`perturb_hit@1_min`, `perturb_hit@1_max`, and
// `perturb_flips`, the mean). A data change whose hit@1 stays inside that spread has not been
// shown to matter to the demo.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { ensureSampleKnowledge } from '../ingest/sample';
import { openKnowledge } from '../knowledge';
import { readJsonl } from './lib/jsonl';

export const SAMPLE_QUESTIONS = fileURLToPath(new URL('./sample-questions.jsonl', import.meta.url));

const Item = z.object({
  id: z.string(),
  question: z.string().min(1),
  gold_articles: z.array(z.object({ law: z.string(), article: z.string() })).min(1),
  source: z.string().optional(),
});
export type SampleQuestion = z.infer<typeof Item>;

export function readSampleQuestions(file = SAMPLE_QUESTIONS): SampleQuestion[] {
  return readJsonl(file, Item);
}

export interface SampleMiss {
  question: string;
  expected: string[];
  top3: string[];
}

export interface SampleEvalResult {
  queries: number;
  'hit@1': number;
  'hit@3': number;
  misses: SampleMiss[];
}

const short = (law: string, article: string) => `${law.replace(/^中华人民共和国/, '')}${article}`;

/** A question's expected articles as law|article keys, law names resolved to stored titles. */
function goldKeys(k: { resolveLaw(name: string): string | null }, q: SampleQuestion): Set<string> {
  return new Set(q.gold_articles.map((g) => `${k.resolveLaw(g.law) ?? g.law}|${g.article}`));
}

/** The sample knowledge base in `dir`, built on first use (every check of one run shares it). */
export async function sampleStore(dir: string): Promise<string> {
  const db = join(dir, 'sample-eval.sqlite');
  await ensureSampleKnowledge(db);
  return db;
}

/** Ask every question against the sample knowledge base of `dir` (see sampleStore). */
export async function runSampleEval(items: SampleQuestion[], dir: string): Promise<SampleEvalResult> {
  const db = await sampleStore(dir);
  const k = await openKnowledge({ dbPath: db });
  try {
    let h1 = 0;
    let h3 = 0;
    const misses: SampleMiss[] = [];
    for (const q of items) {
      const r = await k.search({ text: q.question, limit: 3 });
      const gold = goldKeys(k, q);
      const top = r.hits.map((h) => `${h.law}|${h.article}`);
      if (gold.has(top[0])) h1++;
      if (top.some((t) => gold.has(t))) h3++;
      else misses.push({ question: q.question, expected: q.gold_articles.map((g) => short(g.law, g.article)), top3: r.hits.map((h) => short(h.law, h.article)) });
    }
    const n = items.length;
    return { queries: n, 'hit@1': round(h1 / n), 'hit@3': round(h3 / n), misses };
  } finally {
    k.close();
  }
}

/** Every question's top hit (law|article) and how many of them are expected: one store, as it is. */
export async function sampleTopHits(items: SampleQuestion[], db: string): Promise<{ top: string[]; hits: number; orders: number }> {
  const k = await openKnowledge({ dbPath: db });
  try {
    const top: string[] = [];
    let hits = 0;
    for (const q of items) {
      const r = await k.search({ text: q.question, limit: 1 });
      const gold = goldKeys(k, q);
      const t = r.hits[0] ? `${r.hits[0].law}|${r.hits[0].article}` : '';
      top.push(t);
      if (gold.has(t)) hits++;
    }
    return { top, hits, orders: k.stats().pastOrders };
  } finally {
    k.close();
  }
}

export interface SampleSteadiness {
  /** hit@1 of the sample knowledge base as built, then of each perturbed copy. */
  base: number;
  perturbed: number[];
  /** Per perturbed copy: past orders left out, questions whose top hit changed. */
  dropped: number[];
  flips: number[];
}

/**
 * The noise line of hit@1: `n` copies of the sample store, copy s without the synthetic orders at
 * positions s, s + n, s + 2n … (by id), each with its reranker retrained, against the store as built.
 */
export async function runSampleSteadiness(items: SampleQuestion[], dir: string, n: number): Promise<SampleSteadiness> {
  if (!Number.isInteger(n) || n < 2) throw new Error(`--perturb wants a whole number of at least 2, got ${n}`);
  const base = await sampleStore(dir);
  const ref = await sampleTopHits(items, base);
  const out: SampleSteadiness = { base: round(ref.hits / items.length), perturbed: [], dropped: [], flips: [] };
  const src = new Database(base);
  src.pragma('wal_checkpoint(TRUNCATE)');
  src.close();
  for (let s = 0; s < n; s++) {
    const file = join(dir, `steadiness-${s}.sqlite`);
    copyFileSync(base, file);
    const db = new Database(file);
    const drop = db.transaction(() => {
      const ids = (db.prepare('SELECT id FROM past_orders ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      const gone = ids.filter((_, i) => i % n === s);
      const del = db.prepare('DELETE FROM past_orders WHERE id = ?');
      for (const id of gone) del.run(id);
      // retrain: a saved reranker would otherwise be kept for a shrunken order set
      db.prepare(`DELETE FROM search_artifacts WHERE key = 'reranker'`).run();
      return gone.length;
    })();
    db.close();
    const r = await sampleTopHits(items, file);
    out.perturbed.push(round(r.hits / items.length));
    out.dropped.push(drop);
    out.flips.push(r.top.filter((t, i) => t !== ref.top[i]).length);
  }
  return out;
}

/**
 * Ask every question through the chat API: the share of answers citing an expected article, and
 * the share whose 【要点】 rests on one (the rules answer lists the summary's article first).
 */
export async function runSampleChat(items: SampleQuestion[]): Promise<{ cited: number; lead: number; misses: SampleMiss[] }> {
  const { startTestServer } = await import('../assistant/testing/server');
  const s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '100000' } });
  try {
    let ok = 0;
    let lead = 0;
    const misses: SampleMiss[] = [];
    for (const q of items) {
      const r = await fetch(`${s.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: q.question }) });
      const body = (await r.json()) as { citations?: { law: string; article: string }[] };
      const cited = (body.citations ?? []).map((c) => `${s.knowledge.resolveLaw(c.law) ?? c.law}|${c.article}`);
      const gold = goldKeys(s.knowledge, q);
      if (cited.length && gold.has(cited[0])) lead++;
      if (cited.some((c) => gold.has(c))) ok++;
      else misses.push({ question: q.question, expected: q.gold_articles.map((g) => short(g.law, g.article)), top3: (body.citations ?? []).slice(0, 3).map((c) => short(c.law, c.article)) });
    }
    return { cited: round(ok / (items.length || 1)), lead: round(lead / (items.length || 1)), misses };
  } finally {
    await s.cleanup();
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { queries: { type: 'string' }, json: { type: 'boolean' }, misses: { type: 'boolean' }, chat: { type: 'boolean' }, perturb: { type: 'string' } },
  });
  const perturb = values.perturb === undefined ? 0 : Number(values.perturb);
  if (values.perturb !== undefined && !(Number.isInteger(perturb) && perturb >= 2)) {
    console.error(`eval:sample: --perturb wants a whole number of at least 2, got ${values.perturb}`);
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'lawline-sample-eval-'));
  try {
    const items = readSampleQuestions(values.queries);
    const res = await runSampleEval(items, dir);
    if (values.misses || !values.json) for (const m of res.misses) console.error(`未命中 ${m.question}  期望 ${m.expected.join('、')}  实得 ${m.top3.join('、')}`);
    const line: Record<string, number> = { queries: res.queries, 'hit@1': res['hit@1'], 'hit@3': res['hit@3'], misses: res.misses.length };
    if (values.chat) {
      const chat = await runSampleChat(items);
      if (values.misses || !values.json) for (const m of chat.misses) console.error(`回答未引用 ${m.question}  期望 ${m.expected.join('、')}  引用 ${m.top3.join('、') || '无'}`);
      line.chat_cited = chat.cited;
      line.chat_lead = chat.lead;
    }
    if (perturb) {
      const st = await runSampleSteadiness(items, dir, perturb);
      line['perturb_hit@1_min'] = Math.min(...st.perturbed);
      line['perturb_hit@1_max'] = Math.max(...st.perturbed);
      line.perturb_flips = round(st.flips.reduce((a, b) => a + b, 0) / st.flips.length);
    }
    console.log(values.json ? JSON.stringify(line) : Object.entries(line).map(([k, v]) => `${k} ${v}`).join('  '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
