// eval:retrieval as a real process on a small corpus (the sample statutes), with and without an
// embedding engine: the OpenAI-compatible one is a local HTTP server speaking the real protocol
// (hashing embeddings, a test double, not semantics). The figures themselves are not asserted
// beyond their shape: this checks the wiring that an operator with a real model relies on.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../knowledge/testing/openai-server';

const ROOT = join(import.meta.dirname, '..');
const STATUTES = join(ROOT, 'knowledge/sample/statutes');
const dir = mkdtempSync(join(tmpdir(), 'eval-retrieval-'));
const queries = join(dir, 'q.jsonl');
let api: FakeOpenAI;

const gold = (law: string, article: string) => ({ law, article });
const QUESTIONS = [
  { question: '老板拖欠工资不发怎么办', gold_articles: [gold('中华人民共和国劳动合同法', '第三十条')] },
  { question: '出了交通事故保险公司怎么赔', gold_articles: [gold('中华人民共和国道路交通安全法', '第七十六条')] },
  { question: '公司违法辞退我要赔多少钱', gold_articles: [gold('中华人民共和国劳动合同法', '第八十七条'), gold('中华人民共和国劳动合同法', '第四十七条')] },
];

/** Runs the eval as a child process; async, so this process's fake endpoint keeps answering. */
function evalRun(env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'evals/retrieval.ts'), '--corpus', STATUTES, '--queries', queries, '--json', '--stages', 'keyword,fused'], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', EVAL_CACHE_DIR: join(dir, 'cache'), EMBEDDING_PROVIDER: 'none', ...env },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  writeFileSync(queries, QUESTIONS.map((q) => JSON.stringify(q)).join('\n') + '\n');
  api = await startFakeOpenAI({ embeddingDim: 32 });
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('eval:retrieval (real process)', () => {
  it('without an embedding engine: one JSON line per stage, vectors off', async () => {
    const r = await evalRun({});
    expect(r.code, r.err).toBe(0);
    const [keyword, fused] = lines(r.out);
    expect(keyword).toMatchObject({ stage: 'keyword', queries: 3, vector: 'off' });
    expect(fused).toMatchObject({ stage: 'fused', queries: 3, vector: 'off' });
    for (const k of ['recall@1', 'recall@5', 'recall@10', 'recall@20', 'recall@100', 'mrr', 'p50_ms', 'p95_ms']) {
      expect(typeof fused[k], k).toBe('number');
    }
    // the sample holds every gold article: the whole-law list of 100 finds them all
    expect(fused['recall@100']).toBe(1);
  }, 120_000);

  it('with an OpenAI-compatible endpoint: the corpus is embedded once and every question goes through the vector run', async () => {
    const env = { EMBEDDING_PROVIDER: 'openai', EMBEDDING_BASE_URL: api.url, EMBEDDING_API_KEY: 'test', EMBEDDING_MODEL: 'fake-embed' };
    const r = await evalRun(env);
    expect(r.code, r.err).toBe(0);
    const [keyword, fused] = lines(r.out);
    expect(keyword).toMatchObject({ stage: 'keyword', vector: 'openai fake-embed' });
    expect(fused).toMatchObject({ stage: 'fused', queries: 3, vector: 'openai fake-embed', 'recall@100': 1 });
    const inputs = api.of('/embeddings').flatMap((q) => {
      const input = (q.body as { input: string | string[] }).input;
      return Array.isArray(input) ? input : [input];
    });
    // each question embedded once per stage, and the statutes' texts as well
    for (const q of QUESTIONS) expect(inputs.filter((t) => t === q.question)).toHaveLength(2);
    expect(inputs.some((t) => t.includes('用人单位应当按照劳动合同约定和国家规定'))).toBe(true);
    // a second run reuses the stored vectors: only the questions are embedded again (besides the
    // one-text probe each engine sends on opening to learn the dimension)
    const before = api.of('/embeddings').length;
    const again = await evalRun(env);
    expect(again.code, again.err).toBe(0);
    const requests = api.of('/embeddings').slice(before);
    const texts = requests.flatMap((q) => [(q.body as { input: string | string[] }).input].flat());
    const questions = QUESTIONS.map((q) => q.question);
    expect(texts.filter((t) => questions.includes(t)).sort()).toEqual([...questions, ...questions].sort());
    expect(texts.filter((t) => !questions.includes(t))).toHaveLength(2);
    expect(requests.every((q) => [(q.body as { input: string | string[] }).input].flat().length === 1)).toBe(true);
  }, 180_000);

  it('stops with the reason when the configured engine does not come up, instead of measuring without vectors', async () => {
    const r = await evalRun({ EMBEDDING_PROVIDER: 'openai', EMBEDDING_BASE_URL: 'http://127.0.0.1:9/v1', EMBEDDING_MODEL: 'fake-embed' });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/vector stage is error/);
  }, 120_000);
});
