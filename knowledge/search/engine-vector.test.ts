import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKnowledge } from '../index';
import type { Knowledge } from '../types';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/openai-server';
import { makeFixtureStore, type Fixture } from './fixture';

// The vector stage wired into the pipeline through a local OpenAI-compatible embeddings server
// (character n-gram hashing embeddings: a test double, not semantics).
describe('search with an embedding provider configured', () => {
  let fx: Fixture;
  let api: FakeOpenAI;
  let k: Knowledge;

  beforeAll(async () => {
    fx = makeFixtureStore();
    api = await startFakeOpenAI({ embeddingDim: 32 });
    k = await openKnowledge({
      dbPath: fx.dbPath,
      embedding: { provider: 'openai', baseUrl: api.url, apiKey: 'test', model: 'fake-embed' },
    });
    // openKnowledge does not wait for the vector index (it builds in the background)
    for (let i = 0; i < 200 && k.stats().vector !== 'live'; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    k.close();
    await api.close();
    fx.cleanup();
  });

  it('runs the vector stage, reports it live and shows vector scores on hits', async () => {
    const r = await k.search({ text: '交通事故 保险 赔偿' });
    expect(r.diagnostics.vector).toBe('live');
    expect(r.diagnostics.stages).toContain('vector');
    const h = r.hits.find((x) => x.article === '第七十六条')!;
    expect(h).toBeDefined();
    expect(h.signals.vectorScore).toBeGreaterThan(0);
    expect(h.signals.stageRanks.vector).toBeGreaterThan(0);
    expect(api.of('/embeddings').length).toBeGreaterThan(0);
    expect(k.stats().vector).toBe('live');
  });

  it('keeps filters: vector hits outside the filter never come back', async () => {
    const r = await k.search({ text: '劳动报酬 仲裁', filters: { law: '劳动合同法' }, limit: 20 });
    expect(r.hits.every((h) => h.law === '中华人民共和国劳动合同法')).toBe(true);
  });
});
