import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/openai-server';
import { writeTinyBertModel } from '../testing/tiny-bert-fixture';
import { OpenAIEmbedder } from '../embed/openai';
import { openKnowledgeStore } from '../store/db';
import { insertPastOrder } from '../store/queries';
import { StoreWriter } from '../store/writes';
import { buildVectorIndex, openStoreVectorStage, openVectorStage, unitEmbeddingText, VECTOR_OFF_REASON, type VectorItem, type VectorStage } from './vector';

const UNITS: VectorItem[] = [
  { id: 1, text: '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。' },
  { id: 2, text: '机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在机动车第三者责任强制保险责任限额范围内予以赔偿。' },
  { id: 3, text: '离婚后，不直接抚养子女的一方应当负担部分或者全部抚养费。' },
  { id: 4, text: '借款人应当按照约定的期限返还借款。' },
  { id: 5, text: '公民因经济困难没有委托代理人的，可以向法律援助机构申请法律援助。' },
];
const ORDERS: VectorItem[] = [
  { id: 101, text: '公司拖欠我三个月工资怎么办' },
  { id: 102, text: '被车撞了对方不赔钱' },
];

let root: string;
let fake: FakeOpenAI | undefined;
const stages: VectorStage[] = [];
function open(o: Parameters<typeof openVectorStage>[0]): VectorStage;
function open(store: Parameters<typeof openStoreVectorStage>[0], o: Parameters<typeof openStoreVectorStage>[1]): VectorStage;
function open(a: any, b?: any): VectorStage {
  const s = b ? openStoreVectorStage(a, b) : openVectorStage(a);
  stages.push(s);
  return s;
}
const logs: string[] = [];
const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(`WARN ${m}`) };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lawline-vector-'));
});
afterEach(async () => {
  while (stages.length) await stages.pop()!.close();
  await fake?.close();
  fake = undefined;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Total texts sent to /v1/embeddings (the probe included). */
const embeddedTexts = (f: FakeOpenAI) => f.of('/embeddings').filter((r) => r.status === 200).flatMap((r) => r.body.input as string[]);

describe('vector recall stage', () => {
  it('is off with provider none, says why, and recalls nothing', async () => {
    const s = open({ dbPath: join(root, 'off.sqlite'), embedding: { provider: 'none' }, units: () => UNITS, generation: () => 1 });
    await s.ready;
    expect(s.status()).toMatchObject({ state: 'off', reason: VECTOR_OFF_REASON, vectors: 0 });
    expect(s.diagnostics()).toEqual({ vector: 'off', vectorReason: VECTOR_OFF_REASON });
    expect(await s.recall('老板不发工资', 10)).toEqual([]);
    await s.refresh();
    expect(existsSync(join(root, 'off.sqlite.vectors'))).toBe(false);
    const s2 = open({ dbPath: ':memory:', embedder: null, units: () => UNITS, generation: () => 1 });
    await s2.ready;
    expect(s2.status().state).toBe('off');
  });

  it('builds with the OpenAI engine against the fake server and ranks units and past orders', async () => {
    fake = await startFakeOpenAI({ embeddingDim: 128 });
    const dbPath = join(root, 'api.sqlite');
    const s = open({ dbPath, embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' }, units: () => UNITS, orders: () => ORDERS, generation: () => 'g1', log });
    expect(s.status().state).toBe('building');
    await s.ready;
    const st = s.status();
    expect(st).toMatchObject({ state: 'live', vectors: 7, units: 5, orders: 2, pending: 0, generation: 'g1', dim: 128 });
    expect(s.diagnostics()).toEqual({ vector: 'live' });
    const hits = await s.recall('用人单位拖欠劳动报酬怎么办', 3);
    expect(hits).toHaveLength(3);
    expect(hits[0].unitId).toBe(1);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    expect(hits[0].score).toBeLessThanOrEqual(1.0001);
    const car = await s.recall('交通事故保险赔偿', 1);
    expect(car).toEqual([{ unitId: 2, score: expect.any(Number) }]);
    const orders = await s.recallOrders('拖欠工资', 2);
    expect(orders.map((o) => o.orderId)).toEqual([101, 102]);
    // the accept filter restricts results (e.g. in-force only) and still returns k when it can
    const filtered = await s.recall('用人单位拖欠劳动报酬怎么办', 2, (id) => id !== 1);
    expect(filtered.map((h) => h.unitId)).not.toContain(1);
    expect(filtered).toHaveLength(2);
    // persisted next to the store
    expect(st.file!.startsWith(join(`${dbPath}.vectors`, `${st.embedder}.`))).toBe(true);
    expect(existsSync(st.file!)).toBe(true);
    const ids = JSON.parse(readFileSync(join(`${dbPath}.vectors`, `${st.embedder}.ids.json`), 'utf8'));
    expect(ids).toMatchObject({ format: 1, generation: 'g1', complete: true, dim: 128 });
    expect(join(`${dbPath}.vectors`, ids.index)).toBe(st.file);
    // the query embedding is cached: asking again does not call the API
    const before = fake.of('/embeddings').length;
    await s.recall('用人单位拖欠劳动报酬怎么办', 3);
    expect(fake.of('/embeddings').length).toBe(before);
  });

  it('builds with a local transformers.js model dir (tiny fixture model)', async () => {
    const modelDir = join(root, 'tiny-model');
    await writeTinyBertModel(modelDir, { hidden: 16 });
    const units = [
      { id: 1, text: '老板不发工资欠薪' },
      { id: 2, text: '离婚抚养费' },
      { id: 3, text: '交通事故赔偿' },
      { id: 4, text: '借款还钱' },
    ];
    const s = open({ dbPath: join(root, 'local.sqlite'), embedding: { provider: 'local', modelDir }, units: () => units, generation: () => 1 });
    await s.ready;
    expect(s.status()).toMatchObject({ state: 'live', vectors: 4, dim: 16 });
    expect(s.status().embedder).toMatch(/^local-tiny-model-/);
    expect((await s.recall('工资不发怎么办', 1))[0].unitId).toBe(1);
    expect((await s.recall('交通事故', 1))[0].unitId).toBe(3);
    expect((await s.recall('借钱不还', 1))[0].unitId).toBe(4);
  });

  it('reuses the index on disk when the generation is unchanged, and embeds identical texts once', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'reuse.sqlite');
    const units = [...UNITS, { id: 6, text: UNITS[0].text }]; // an unchanged article in an older version
    const cfg = { provider: 'openai' as const, baseUrl: fake.url, model: 'emb' };
    const s1 = open({ dbPath, embedding: cfg, units: () => units, generation: () => 7 });
    await s1.ready;
    expect(embeddedTexts(fake)).toHaveLength(1 + 5); // probe + 5 distinct texts
    expect((await s1.recall('劳动报酬', 2)).map((h) => h.unitId).sort()).toEqual([1, 6]);
    await s1.close();
    const sent = embeddedTexts(fake).length;

    let reads = 0;
    const s2 = open({ dbPath, embedding: cfg, units: () => (reads++, units), generation: () => 7 });
    await s2.ready;
    expect(reads).toBe(0); // loaded from disk, the store was not even read
    expect(embeddedTexts(fake)).toHaveLength(sent + 1); // only the new engine's probe
    expect(s2.status()).toMatchObject({ state: 'live', vectors: 5, units: 5 });
    expect((await s2.recall('交通事故', 1))[0].unitId).toBe(2);
  });

  it('updates incrementally when the generation changes: new texts embedded, removed ones gone, ids remapped', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'incr.sqlite');
    let gen = 1;
    let units = UNITS;
    const s = open({ dbPath, embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' }, units: () => units, generation: () => gen });
    await s.ready;
    const n0 = embeddedTexts(fake).length;
    // Re-ingest: unit 2 removed, unit 3 re-numbered (same text, new row id 33), a new unit 8.
    units = [UNITS[0], { id: 33, text: UNITS[2].text }, UNITS[3], UNITS[4], { id: 8, text: '劳动者在用人单位连续工作满十年的，应当订立无固定期限劳动合同。' }];
    await s.refresh(); // generation unchanged: nothing happens
    expect(embeddedTexts(fake).length).toBe(n0);
    gen = 2;
    await s.refresh();
    expect(embeddedTexts(fake).slice(n0)).toEqual(['劳动者在用人单位连续工作满十年的，应当订立无固定期限劳动合同。']);
    expect(s.status()).toMatchObject({ state: 'live', vectors: 5, generation: '2' });
    const all = (await s.recall('交通事故 离婚 抚养费 劳动合同', 10)).map((h) => h.unitId).sort((a, b) => a - b);
    expect(all).toEqual([1, 4, 5, 8, 33]);
    expect((await s.recall('无固定期限劳动合同', 1))[0].unitId).toBe(8);
    expect((await s.recall('离婚抚养费', 1))[0].unitId).toBe(33);
    await s.close();
    // Reopen at generation 2: loaded, and the deleted slot stays deleted after the round trip.
    const s2 = open({ dbPath, embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' }, units: () => units, generation: () => gen });
    await s2.ready;
    expect((await s2.recall('交通事故 离婚 抚养费 劳动合同', 10)).map((h) => h.unitId).sort((a, b) => a - b)).toEqual([1, 4, 5, 8, 33]);
  });

  it('builds a separate index for another model (embedder id change)', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'models.sqlite');
    const a = open({ dbPath, embedding: { provider: 'openai', baseUrl: fake.url, model: 'model-a' }, units: () => UNITS, generation: () => 1 });
    await a.ready;
    const b = open({ dbPath, embedding: { provider: 'openai', baseUrl: fake.url, model: 'model-b' }, units: () => UNITS, generation: () => 1 });
    await b.ready;
    expect(a.status().embedder).not.toBe(b.status().embedder);
    const byModel = (m: string) => fake!.of('/embeddings').filter((r) => r.body.model === m).flatMap((r) => r.body.input);
    expect(byModel('model-b')).toHaveLength(1 + UNITS.length);
    expect(existsSync(a.status().file!)).toBe(true);
    expect(existsSync(b.status().file!)).toBe(true);
  });

  it('reports an unreachable engine as an error, retries, and goes live when it comes back', async () => {
    fake = await startFakeOpenAI();
    fake.failNext({ status: 503, message: '服务维护中', times: 1 });
    const embedder = new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb', maxRetries: 0 });
    embedder.dim = 64;
    const s = open({ dbPath: ':memory:', embedder, units: () => UNITS, generation: () => 1, retryMs: 20, log });
    await s.ready;
    expect(s.status().state).toBe('error');
    expect(s.diagnostics()).toMatchObject({ vector: 'error', vectorReason: expect.stringContaining('服务维护中') });
    expect(await s.recall('劳动报酬', 3)).toEqual([]);
    for (let i = 0; i < 100 && s.status().state !== 'live'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.status().state).toBe('live');
    expect((await s.recall('交通事故', 1))[0].unitId).toBe(2);
  });

  it('resumes an interrupted build from its checkpoint', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'resume.sqlite');
    let calls = 0;
    fake.set({ fail: (r) => (r.path.endsWith('/embeddings') && ++calls === 3 ? { status: 500 } : undefined) });
    const mk = () => Object.assign(new OpenAIEmbedder({ baseUrl: fake!.url, model: 'emb', maxRetries: 0 }), { dim: 64 });
    const s1 = open({ dbPath, embedder: mk(), units: () => UNITS, generation: () => 1, batchSize: 1, retryMs: 60_000 });
    await s1.ready;
    // two texts embedded, the third failed: live with what it has, saying the update failed
    expect(s1.status()).toMatchObject({ state: 'live', vectors: 2 });
    expect(s1.diagnostics().vectorReason).toMatch(/更新失败/);
    await s1.close();
    const before = embeddedTexts(fake).length;
    const s2 = open({ dbPath, embedder: mk(), units: () => UNITS, generation: () => 1, batchSize: 1 });
    await s2.ready;
    expect(embeddedTexts(fake).length - before).toBe(3); // only the three missing texts
    expect(s2.status()).toMatchObject({ state: 'live', vectors: 5, pending: 0 });
  });

  it('returns no hits, not an exception, when the query embedding fails or is too slow', async () => {
    fake = await startFakeOpenAI();
    const embedder = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb', maxRetries: 0 }).probe();
    const s = open({ dbPath: ':memory:', embedder, units: () => UNITS, generation: () => 1, queryTimeoutMs: 100 });
    await s.ready;
    fake.failNext({ status: 500 });
    expect(await s.recall('抚养费', 3)).toEqual([]);
    expect(s.diagnostics()).toMatchObject({ vector: 'error', vectorReason: expect.stringContaining('查询向量化失败') });
    fake.set({ delayMs: 400 });
    expect(await s.recall('借款', 3)).toEqual([]);
    expect(s.diagnostics().vectorReason).toMatch(/超时/);
    fake.set({ delayMs: 0 });
    expect((await s.recall('离婚 抚养费', 1))[0].unitId).toBe(3);
    expect(s.diagnostics()).toEqual({ vector: 'live' });
  });

  it('restarts a build when the generation moves during it', async () => {
    fake = await startFakeOpenAI({ delayMs: 20 });
    let gen = 1;
    let units = UNITS;
    const embedder = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb' }).probe();
    const s = open({ dbPath: ':memory:', embedder, units: () => units, generation: () => gen, batchSize: 1 });
    await new Promise((r) => setTimeout(r, 30));
    units = UNITS.slice(0, 2);
    gen = 2;
    await s.ready;
    expect(s.status()).toMatchObject({ state: 'live', generation: '2', vectors: 2, units: 2 });
    expect((await s.recall('离婚', 5)).map((h) => h.unitId).sort()).toEqual([1, 2]);
  });

  it('builds ahead of time with buildVectorIndex, and a server-side stage then loads without embedding', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'prebuilt.sqlite');
    const embedding = { provider: 'openai' as const, baseUrl: fake.url, model: 'emb' };
    const st = await buildVectorIndex({ dbPath, embedding, units: () => UNITS, generation: () => 'x' });
    expect(st).toMatchObject({ state: 'live', vectors: 5, pending: 0 });
    const sent = embeddedTexts(fake).length;
    const s = open({ dbPath, embedding, units: () => UNITS, generation: () => 'x' });
    await s.ready;
    expect(embeddedTexts(fake).length).toBe(sent + 1); // the probe only
    expect(await buildVectorIndex({ dbPath, embedding: { provider: 'none' }, units: () => UNITS, generation: () => 'x' })).toMatchObject({ state: 'off' });
  });

  it('skips texts the engine rejects as bad requests instead of failing the build', async () => {
    fake = await startFakeOpenAI({
      fail: (r) =>
        r.path.endsWith('/embeddings') && (r.body.input as string[]).some((t) => t.includes('交通事故'))
          ? { status: 400, message: 'input too long' }
          : undefined,
    });
    const embedder = Object.assign(new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb', maxRetries: 0 }), { dim: 64 });
    const s = open({ dbPath: ':memory:', embedder, units: () => UNITS, generation: () => 1, log });
    await s.ready;
    expect(s.status()).toMatchObject({ state: 'live', vectors: 4, skipped: 1, pending: 0 });
    expect((await s.recall('离婚 借款 劳动 法律援助', 10)).map((h) => h.unitId).sort()).toEqual([1, 3, 4, 5]);
    expect(logs.some((l) => l.includes('rejected by the embedding engine'))).toBe(true);
  });

  it('writes small updates to disk after a delay and on close, not on every change', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'debounce.sqlite');
    let gen = 1;
    let orders = ORDERS;
    const embedding = { provider: 'openai' as const, baseUrl: fake.url, model: 'emb' };
    const s = open({ dbPath, embedding, units: () => UNITS, orders: () => orders, generation: () => gen, saveDelayMs: 80 });
    await s.ready;
    const idsFile = s.status().idsFile!;
    const savedGen = () => JSON.parse(readFileSync(idsFile, 'utf8')).generation;
    expect(savedGen()).toBe('1'); // first build written at once
    orders = [...ORDERS, { id: 103, text: '邻居装修噪音扰民' }];
    gen = 2;
    await s.refresh();
    expect((await s.recallOrders('装修噪音', 1))[0].orderId).toBe(103);
    expect(savedGen()).toBe('1'); // not yet
    await new Promise((r) => setTimeout(r, 150));
    expect(savedGen()).toBe('2');
    orders = [...orders, { id: 104, text: '物业费上涨' }];
    gen = 3;
    await s.refresh();
    await s.close(); // flushes
    expect(savedGen()).toBe('3');
    const s2 = open({ dbPath, embedding, units: () => UNITS, orders: () => orders, generation: () => gen });
    await s2.ready;
    expect((await s2.recallOrders('物业费', 1))[0].orderId).toBe(104);
  });

  it('binds to a real knowledge store: units and past orders, refreshed on a new ingest', async () => {
    fake = await startFakeOpenAI({ embeddingDim: 128 });
    const dbPath = join(root, 'store.sqlite');
    const store = openKnowledgeStore(dbPath);
    try {
      const w = new StoreWriter(store, { today: '2026-01-01' });
      const doc = (title: string, units: { number: string; text: string }[]) => ({
        kind: 'law' as const,
        title,
        version: '2020-01-01',
        effective: '2020-01-01',
        source: `t/${title}.md`,
        units: units.map((u) => ({ ...u, path: ['第一章 总则'] })),
      });
      w.writeFile({
        path: 't/a.md',
        hash: 'a',
        format: 'statute',
        documents: [doc('中华人民共和国劳动合同法', [{ number: '第三十条', text: UNITS[0].text }]), doc('中华人民共和国道路交通安全法', [{ number: '第七十六条', text: UNITS[1].text }])],
        orders: [],
      });
      insertPastOrder(store, { question: '公司拖欠我三个月工资怎么办', cited: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }] });
      const s = open(store.sqlite, { embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' } });
      await s.ready;
      expect(s.status()).toMatchObject({ state: 'live', units: 2, orders: 1 });
      expect(s.status().file!.startsWith(`${dbPath}.vectors/`)).toBe(true); // next to the store file
      expect(existsSync(s.status().file!)).toBe(true);
      const sent = fake.of('/embeddings').flatMap((r) => r.body.input as string[]);
      expect(sent).toContain(unitEmbeddingText({ law: '中华人民共和国劳动合同法', path: ['第一章 总则'], article: '第三十条', text: UNITS[0].text }));
      expect(sent[1].startsWith('中华人民共和国劳动合同法 第一章 总则 第三十条\n用人单位')).toBe(true);
      const [top] = await s.recall('劳动合同法 劳动报酬', 1);
      expect(store.sqlite.prepare('SELECT number FROM units WHERE id = ?').pluck().get(top.unitId)).toBe('第三十条');
      expect((await s.recallOrders('拖欠工资', 1))[0].score).toBeGreaterThan(0);
      // a new ingest bumps the generation; refresh picks the new article up
      w.writeFile({ path: 't/b.md', hash: 'b', format: 'statute', documents: [doc('中华人民共和国民法典', [{ number: '第一千零八十五条', text: UNITS[2].text }])], orders: [] });
      await s.refresh();
      expect(s.status()).toMatchObject({ units: 3 });
      const [div] = await s.recall('离婚 抚养费', 1);
      expect(store.sqlite.prepare('SELECT number FROM units WHERE id = ?').pluck().get(div.unitId)).toBe('第一千零八十五条');
      // a work order resolved live is learned by the next refresh
      const oid = insertPastOrder(store, { question: '离婚后对方不给孩子抚养费', cited: [] });
      await s.refresh();
      expect((await s.recallOrders('抚养费 离婚', 1))[0].orderId).toBe(oid);
    } finally {
      while (stages.length) await stages.pop()!.close();
      store.close();
    }
  });

  it('closes promptly even while a build waits on an unresponsive API', async () => {
    fake = await startFakeOpenAI();
    const embedder = Object.assign(new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb', maxRetries: 0, timeoutMs: 30_000 }), { dim: 64 });
    fake.set({ delayMs: 10_000 });
    const s = openVectorStage({ dbPath: ':memory:', embedder, units: () => UNITS, generation: () => 1, closeWaitMs: 200 });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.status()).toMatchObject({ state: 'building', pending: 5 });
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(600);
    expect(await s.recall('劳动', 3)).toEqual([]);
  });

  it('rescans only the part whose version moved (a new past order does not re-read the units)', async () => {
    fake = await startFakeOpenAI();
    let gen = 1;
    let orders = ORDERS;
    let unitReads = 0;
    let orderReads = 0;
    const s = open({
      dbPath: ':memory:',
      embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' },
      units: () => (unitReads++, UNITS),
      orders: async function* () {
        orderReads++;
        yield* orders;
      },
      generation: () => gen,
      unitsVersion: () => 'u1',
      ordersVersion: () => `o${orders.length}`,
    });
    await s.ready;
    expect([unitReads, orderReads]).toEqual([1, 1]);
    orders = [...ORDERS, { id: 105, text: '房东不退押金' }];
    gen = 2;
    await s.refresh();
    expect([unitReads, orderReads]).toEqual([1, 2]);
    expect((await s.recallOrders('押金', 1))[0].orderId).toBe(105);
    expect((await s.recall('交通事故', 1))[0].unitId).toBe(2); // units still mapped
    gen = 3; // nothing changed in either part
    await s.refresh();
    expect([unitReads, orderReads]).toEqual([1, 2]);
    expect(s.status()).toMatchObject({ generation: '3', units: 5, orders: 3 });
  });

  it('keeps returning k hits under a selective accept filter (falls back to filtering inside the search)', async () => {
    fake = await startFakeOpenAI();
    const many = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, text: `第${i + 1}条 ${'劳动报酬交通事故离婚借款'.slice(i % 7, (i % 7) + 4)} ${i * 7919}` }));
    const s = open({ dbPath: ':memory:', embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' }, units: () => many, generation: () => 1 });
    await s.ready;
    const rare = (id: number) => id % 50 === 0;
    const hits = await s.recall('劳动报酬', 5, rare);
    expect(hits).toHaveLength(5);
    expect(hits.every((h) => rare(h.unitId))).toBe(true);
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score + 1e-6);
    const all = await s.recall('劳动报酬', 20);
    expect(all).toHaveLength(20);
    expect(new Set(all.map((h) => h.unitId)).size).toBe(20);
  });

  it('reports a failed query as an error only for a while (callers that skip recall on error recover)', async () => {
    fake = await startFakeOpenAI();
    const embedder = await new OpenAIEmbedder({ baseUrl: fake.url, model: 'emb', maxRetries: 0 }).probe();
    const s = open({ dbPath: ':memory:', embedder, units: () => UNITS, generation: () => 1, queryErrorHoldMs: 60 });
    await s.ready;
    fake.failNext({ status: 503 });
    expect(await s.recall('借款', 3)).toEqual([]);
    expect(s.diagnostics().vector).toBe('error');
    await new Promise((r) => setTimeout(r, 80));
    expect(s.diagnostics()).toEqual({ vector: 'live' }); // a caller gated on 'live' tries again
    expect((await s.recall('借款 返还', 1))[0].unitId).toBe(4);
  });

  it('commits saves through the ids file: a stray index file is ignored and, once old, removed', async () => {
    fake = await startFakeOpenAI();
    const dbPath = join(root, 'commit.sqlite');
    const embedding = { provider: 'openai' as const, baseUrl: fake.url, model: 'emb' };
    let gen = 1;
    let units = UNITS;
    const s1 = open({ dbPath, embedding, units: () => units, generation: () => gen, saveDelayMs: 10_000 });
    await s1.ready;
    const first = s1.status().file!;
    units = [...UNITS, { id: 9, text: '消费者的合法权益受到损害的，可以向经营者要求赔偿。' }];
    gen = 2;
    await s1.refresh();
    await s1.close(); // writes a new index file, commits, removes the previous one
    const second = JSON.parse(readFileSync(s1.status().idsFile!, 'utf8')).index;
    expect(join(`${dbPath}.vectors`, second)).not.toBe(first);
    expect(existsSync(first)).toBe(false);
    // a crash after writing an index file but before committing it leaves a stray file behind
    const dir = `${dbPath}.vectors`;
    const strayOld = join(dir, `${s1.status().embedder}.zzzold.hnsw`);
    const strayNew = join(dir, `${s1.status().embedder}.zzznew.hnsw`);
    writeFileSync(strayOld, 'partial');
    writeFileSync(strayNew, 'partial');
    utimesSync(strayOld, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    const s2 = open({ dbPath, embedding, units: () => units, generation: () => gen });
    await s2.ready;
    expect(s2.status()).toMatchObject({ state: 'live', vectors: 6 });
    expect((await s2.recall('消费者 赔偿', 1))[0].unitId).toBe(9);
    expect(existsSync(strayOld)).toBe(false); // old orphan removed
    expect(existsSync(strayNew)).toBe(true); // young one may be another process's save: kept
  });

  it('never reuses a label the index holds, even if the ids file says otherwise', async () => {
    fake = await startFakeOpenAI({ embeddingDim: 128 });
    const dbPath = join(root, 'labels.sqlite');
    const embedding = { provider: 'openai' as const, baseUrl: fake.url, model: 'emb' };
    const s1 = open({ dbPath, embedding, units: () => UNITS, generation: () => 1 });
    await s1.ready;
    await s1.close();
    const idsFile = s1.status().idsFile!;
    writeFileSync(idsFile, JSON.stringify({ ...JSON.parse(readFileSync(idsFile, 'utf8')), nextLabel: 0 }));
    const more = [...UNITS, { id: 9, text: '消费者的合法权益受到损害的，可以向经营者要求赔偿。' }];
    const s2 = open({ dbPath, embedding, units: () => more, generation: () => 2 });
    await s2.ready;
    expect((await s2.recall('用人单位拖欠劳动报酬', 1))[0].unitId).toBe(1); // label 0 not overwritten
    expect((await s2.recall('消费者 经营者 赔偿', 1))[0].unitId).toBe(9);
  });

  it('lets a source skip texts it already gave (keyOf): a rescan reads only new rows', async () => {
    fake = await startFakeOpenAI();
    let gen = 1;
    let rows = UNITS.slice(0, 4);
    let textsRead = 0;
    const s = open({
      dbPath: ':memory:',
      embedding: { provider: 'openai', baseUrl: fake.url, model: 'emb' },
      units: (keyOf) =>
        rows.map((u) => {
          const key = keyOf(u.id);
          if (key) return { id: u.id, key };
          textsRead++;
          return u;
        }),
      generation: () => gen,
      unitsVersion: () => String(gen),
    });
    await s.ready;
    expect(textsRead).toBe(4);
    rows = [...UNITS.slice(1, 4), UNITS[4]]; // unit 1 deleted, unit 5 added
    gen = 2;
    await s.refresh();
    expect(textsRead).toBe(5); // only unit 5's text was read
    expect(s.status()).toMatchObject({ vectors: 4, units: 4 });
    expect((await s.recall('法律援助', 1))[0].unitId).toBe(5);
    expect((await s.recall('劳动报酬 用人单位', 10)).map((h) => h.unitId)).not.toContain(1);
  });
});
