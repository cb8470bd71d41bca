import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/openai-server';
import { hashEmbedding } from '../testing/hash-embedding';
import { dot } from './embedder';
import { OpenAIEmbedder, vectorFingerprint } from './openai';
import { seededFloats } from '../testing/onnx-fixture';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('OpenAI-compatible embedder against a local server speaking the protocol', () => {
  it('probes the dimension, embeds in batches, keeps order and sends the key', async () => {
    fake = await startFakeOpenAI({ apiKey: 'k1', embeddingDim: 48 });
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'bge-m3', apiKey: 'k1', batchSize: 2 }).probe();
    expect(emb.dim).toBe(48);
    expect(emb.id).toMatch(/^openai-bge-m3-48-[0-9a-f]{8}$/);
    const texts = ['用人单位拖欠劳动报酬', '交通事故损害赔偿', '离婚后子女抚养费', '民间借贷'];
    const vecs = await emb.embed(texts);
    expect(vecs).toHaveLength(4);
    vecs.forEach((v, i) => {
      const want = hashEmbedding(texts[i], 48);
      v.forEach((x, j) => expect(x).toBeCloseTo(want[j], 5));
    });
    const calls = fake.of('/embeddings');
    expect(calls.map((c) => c.body.input.length)).toEqual([1, 2, 2]); // probe, then batches of 2
    expect(calls.every((c) => c.body.model === 'bge-m3' && c.body.encoding_format === 'base64')).toBe(true);
    const q = await emb.embedQuery('老板拖欠工资');
    expect(dot(q, vecs[0])).toBeGreaterThan(dot(q, vecs[1]));
  });

  it('L2-normalises vectors from servers that do not', async () => {
    fake = await startFakeOpenAI({ embed: (t) => [t.length, 0, 0, 0] });
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm' }).probe();
    fake.set({ embed: (t) => [0, t.length, 0, 0] });
    const [v] = await emb.embed(['abc']);
    expect(Array.from(v)).toEqual([0, 1, 0, 0]);
  });

  it('decodes float-array responses from servers that ignore encoding_format', async () => {
    const http = await import('node:http');
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const input: string[] = JSON.parse(body).input;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ object: 'list', model: 'x', data: input.map((_, i) => ({ object: 'embedding', index: i, embedding: [3, 4] })) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const emb = await new OpenAIEmbedder({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'x' }).probe();
      const [v] = await emb.embed(['a']);
      expect(v[0]).toBeCloseTo(0.6, 6);
      expect(v[1]).toBeCloseTo(0.8, 6);
    } finally {
      server.close();
    }
  });

  it('retries on 429 and 5xx, then succeeds', async () => {
    fake = await startFakeOpenAI();
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', maxRetries: 3 }).probe();
    fake.failNext({ status: 429, retryAfterMs: 1 });
    fake.failNext({ status: 502, retryAfterMs: 1 });
    const [v] = await emb.embed(['工伤认定']);
    expect(v).toHaveLength(64);
    expect(fake.of('/embeddings').slice(1).map((r) => r.status)).toEqual([429, 502, 200]);
  });

  it('gives up after the retries with the server error', async () => {
    fake = await startFakeOpenAI({ fail: () => ({ status: 500, message: '模型服务故障', retryAfterMs: 1 }) });
    const err = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', maxRetries: 1 }).probe().catch((e) => e);
    expect(err.status).toBe(500);
    expect(String(err.message)).toContain('模型服务故障');
    expect(fake.requests).toHaveLength(2);
  });

  it('times out a slow server', async () => {
    fake = await startFakeOpenAI({ delayMs: 500 });
    const t0 = Date.now();
    await expect(new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', timeoutMs: 100, maxRetries: 0 }).probe()).rejects.toThrow(/timed out/i);
    expect(Date.now() - t0).toBeLessThan(450);
  });

  it('rejects with 401 on a wrong key and replaces empty texts, cuts long ones', async () => {
    fake = await startFakeOpenAI({ apiKey: 'right' });
    await expect(new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', apiKey: 'wrong', maxRetries: 0 }).probe()).rejects.toMatchObject({ status: 401 });
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', apiKey: 'right', maxChars: 5 }).probe();
    const vs = await emb.embed(['', '一二三四五六七八']);
    expect(vs).toHaveLength(2);
    expect(fake.requests.at(-1)!.body.input).toEqual([' ', '一二三四五']);
  });

  it('rejects a response with the wrong number of vectors', async () => {
    fake = await startFakeOpenAI();
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm' }).probe();
    fake.set({ embed: () => [1, 2, 3] }); // dimension changes under us
    await expect(emb.embed(['a'])).rejects.toThrow(/维度不一致/);
  });

  it('gives queries a short timeout and at most one retry, unlike index batches', async () => {
    fake = await startFakeOpenAI();
    const emb = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'm', maxRetries: 3, queryTimeoutMs: 100 }).probe();
    fake.failNext({ status: 500, times: 2, retryAfterMs: 1 });
    await expect(emb.embedQuery('工资')).rejects.toMatchObject({ status: 500 });
    expect(fake.of('/embeddings').slice(1).map((r) => r.status)).toEqual([500, 500]); // 1 try + 1 retry
    fake.set({ delayMs: 300 });
    const before = fake.requests.length;
    const t0 = Date.now();
    await expect(emb.embedQuery('工资')).rejects.toThrow(/timed out/i);
    expect(Date.now() - t0).toBeLessThan(1500); // 2 × 100 ms + one SDK backoff, not 4 × 30 s
    expect(fake.requests.length - before).toBe(2);
    fake.set({ delayMs: 0 });
    fake.failNext({ status: 500, times: 2, retryAfterMs: 1 });
    expect(await emb.embed(['工资'])).toHaveLength(1); // batches keep their 3 retries
  });

  it('keeps its id when the same model moves to another URL, changes it for another model', async () => {
    fake = await startFakeOpenAI();
    const other = await startFakeOpenAI();
    // another model: same dimension, different geometry (components permuted)
    const strange = await startFakeOpenAI({ embed: (t) => hashEmbedding(t, 64).map((_, i, v) => v[(i * 7 + 3) % 64]) });
    try {
      const a = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'bge' }).probe();
      const b = await new OpenAIEmbedder({ baseUrl: other.url, model: 'bge' }).probe();
      const c = await new OpenAIEmbedder({ baseUrl: strange.url, model: 'bge' }).probe();
      expect(a.id).toBe(b.id);
      expect(c.id).not.toBe(a.id);
      // float noise (another GPU, another batch size) does not change a real vector's fingerprint
      const v = seededFloats(384, 5);
      expect(vectorFingerprint(Float32Array.from(v, (x) => x + (Math.random() - 0.5) * 1e-6))).toBe(vectorFingerprint(v));
    } finally {
      await other.close();
      await strange.close();
    }
  });
});
