// `npm run --silent eval:sample -- [--queries FILE] [--json] [--misses] [--chat]`
//
// The demo's own quality check: the canonical citizen questions of evals/sample-questions.jsonl
// (written by the team for the shipped sample knowledge base, not real work orders) asked
// against that knowledge base as `npm start` builds it (57+ synthetic past orders, linear
// reranker). A question counts at k when one of its expected articles is in the top k.
// With --chat every question is also asked through POST /api/chat of an in-process server on the
// same sample knowledge base (no LLM: the rules answer): `chat_cited` is the share of answers
// citing an expected article, `chat_lead` the share whose 【要点】 quotes one. With --json the last
// stdout line is {"queries","hit@1","hit@3","misses"[,"chat_cited","chat_lead"]}.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
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

/** Ask every question against a fresh copy of the sample knowledge base built in `dir`. */
export async function runSampleEval(items: SampleQuestion[], dir: string): Promise<SampleEvalResult> {
  const db = join(dir, 'sample-eval.sqlite');
  await ensureSampleKnowledge(db);
  const k = await openKnowledge({ dbPath: db });
  try {
    let h1 = 0;
    let h3 = 0;
    const misses: SampleMiss[] = [];
    for (const q of items) {
      const r = await k.search({ text: q.question, limit: 3 });
      const gold = new Set(q.gold_articles.map((g) => `${k.resolveLaw(g.law) ?? g.law}|${g.article}`));
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
      const gold = new Set(q.gold_articles.map((g) => `${s.knowledge.resolveLaw(g.law) ?? g.law}|${g.article}`));
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
  const { values } = parseArgs({ options: { queries: { type: 'string' }, json: { type: 'boolean' }, misses: { type: 'boolean' }, chat: { type: 'boolean' } } });
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
    console.log(values.json ? JSON.stringify(line) : Object.entries(line).map(([k, v]) => `${k} ${v}`).join('  '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
