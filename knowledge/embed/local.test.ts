import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, mkdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyBertModel, TINY_SPECIAL } from '../testing/tiny-bert-fixture';
import { dot } from './embedder';
import { inspectModelDir, LocalEmbedder, ModelDirError } from './local';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lawline-embed-local-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Expected mean-pooled, normalised vector computed by hand from the fixture's table. */
function expected(text: string, vocab: string[], table: Float32Array, hidden: number): Float32Array {
  const ids = [vocab.indexOf('[CLS]'), ...[...text].map((c) => (vocab.includes(c) ? vocab.indexOf(c) : vocab.indexOf('[UNK]'))), vocab.indexOf('[SEP]')];
  const v = new Float32Array(hidden);
  for (const id of ids) for (let j = 0; j < hidden; j++) v[j] += table[id * hidden + j] / ids.length;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('local transformers.js embedder with a tiny fixture model', () => {
  it('loads the model dir without network and returns real normalised mean-pooled vectors', async () => {
    const dir = join(root, 'tiny');
    const { vocab, table, hidden } = await writeTinyBertModel(dir, { hidden: 8 });
    const emb = await LocalEmbedder.open({ modelDir: dir });
    try {
      expect(emb.dim).toBe(8);
      expect(emb.id).toMatch(/^local-tiny-[0-9a-f]{10}$/);
      const [a, b, c, a2] = await emb.embed(['老板不发工资', '欠薪怎么办', '离婚抚养费', '老板不发工资']);
      expect(a).toBeInstanceOf(Float32Array);
      expect(a).toHaveLength(8);
      expect(Math.hypot(...a)).toBeCloseTo(1, 5);
      // Determinism, and exactly the numbers the graph should produce (padding masked out).
      expect(Array.from(a2)).toEqual(Array.from(a));
      const want = expected('老板不发工资', vocab, table, hidden);
      a.forEach((x, i) => expect(x).toBeCloseTo(want[i], 5));
      const wantC = expected('离婚抚养费', vocab, table, hidden);
      c.forEach((x, i) => expect(x).toBeCloseTo(wantC[i], 5));
      // Texts sharing characters are closer than texts sharing none.
      const q = await emb.embedQuery('工资不发');
      expect(dot(q, a)).toBeGreaterThan(dot(q, c));
      expect(b).toHaveLength(8);
    } finally {
      await emb.close();
    }
  });

  it('batches long inputs and keeps order', async () => {
    const dir = join(root, 'tiny');
    const emb = await LocalEmbedder.open({ modelDir: dir, batchSize: 2 });
    try {
      const texts = ['老板', '工资', '离婚', '借款', '交通事故'];
      const batched = await emb.embed(texts);
      for (let i = 0; i < texts.length; i++) {
        const [single] = await emb.embed([texts[i]]);
        single.forEach((x, j) => expect(batched[i][j]).toBeCloseTo(x, 5));
      }
    } finally {
      await emb.close();
    }
  });

  it('honours sentence-transformers CLS pooling and the query prompt', async () => {
    const dir = join(root, 'cls');
    const { vocab, table, hidden } = await writeTinyBertModel(dir, { pooling: 'cls', queryPrompt: '老板' });
    const info = inspectModelDir(dir);
    expect(info).toMatchObject({ pooling: 'cls', queryPrompt: '老板', dtype: 'fp32' });
    const emb = await LocalEmbedder.open({ modelDir: dir });
    try {
      const cls = vocab.indexOf('[CLS]');
      const want = Array.from(table.slice(cls * hidden, (cls + 1) * hidden));
      const n = Math.hypot(...want);
      const [v1, v2] = await emb.embed(['工资', '离婚']);
      v1.forEach((x, i) => expect(x).toBeCloseTo(want[i] / n, 5));
      expect(Array.from(v2)).toEqual(Array.from(v1)); // CLS pooling ignores the rest in this graph
    } finally {
      await emb.close();
    }
  });

  it('picks a quantized file when model.onnx is absent', async () => {
    const dir = join(root, 'q8');
    await writeTinyBertModel(dir, { onnxFile: 'model_quantized.onnx' });
    expect(inspectModelDir(dir).dtype).toBe('q8');
    const emb = await LocalEmbedder.open({ modelDir: dir });
    try {
      expect((await emb.embed(['工资']))[0]).toHaveLength(8);
    } finally {
      await emb.close();
    }
  });

  it('gives clear errors for a missing dir, a non-model dir, no onnx file and a corrupt onnx file', async () => {
    await expect(LocalEmbedder.open({ modelDir: join(root, 'nope') })).rejects.toThrow(/目录不存在.*nope/);
    const empty = join(root, 'empty');
    await mkdir(empty, { recursive: true });
    await expect(LocalEmbedder.open({ modelDir: empty })).rejects.toThrow(/缺少 config\.json/);
    const noOnnx = join(root, 'no-onnx');
    await writeTinyBertModel(noOnnx);
    await unlink(join(noOnnx, 'onnx', 'model.onnx'));
    await expect(LocalEmbedder.open({ modelDir: noOnnx })).rejects.toThrow(ModelDirError);
    await expect(LocalEmbedder.open({ modelDir: noOnnx })).rejects.toThrow(/没有可用的 ONNX 模型/);
    const corrupt = join(root, 'corrupt');
    await writeTinyBertModel(corrupt);
    await writeFile(join(corrupt, 'onnx', 'model.onnx'), 'this is not protobuf');
    await expect(LocalEmbedder.open({ modelDir: corrupt })).rejects.toThrow(/无法加载向量模型/);
    expect(TINY_SPECIAL[0]).toBe('[PAD]');
  });

  it('changes id when the model files change', async () => {
    const a = join(root, 'fp-a');
    await writeTinyBertModel(a, { seed: 1 });
    const before = inspectModelDir(a).fingerprint;
    await writeTinyBertModel(a, { seed: 1, tokens: ['甲', '乙'] });
    expect(inspectModelDir(a).fingerprint).not.toBe(before);
  });

  it('truncates long texts at max_position_embeddings when the tokenizer config has no limit', async () => {
    const dir = join(root, 'nolimit');
    const { vocab, table, hidden } = await writeTinyBertModel(dir, { maxPositions: 8, modelMaxLength: null });
    const emb = await LocalEmbedder.open({ modelDir: dir });
    try {
      expect(emb.maxTokens).toBe(8);
      // transformers.js cuts the token sequence at 8: [CLS] + the first 7 characters (no [SEP])
      const [long] = await emb.embed(['老板不发工资欠薪劳动合同解除离婚']);
      const ids = ['[CLS]', ...'老板不发工资欠'].map((t) => vocab.indexOf(t));
      const want = new Float32Array(hidden);
      for (const id of ids) for (let j = 0; j < hidden; j++) want[j] += table[id * hidden + j];
      const n = Math.hypot(...want);
      long.forEach((x, i) => expect(x).toBeCloseTo(want[i] / n, 5));
    } finally {
      await emb.close();
    }
  });

  it('runs the model in a child process and restarts it after a crash', async () => {
    const dir = join(root, 'tiny');
    const emb = await LocalEmbedder.open({ modelDir: dir });
    try {
      const pid = emb.hostPid!;
      expect(pid).toBeGreaterThan(0);
      expect(pid).not.toBe(process.pid);
      const [before] = await emb.embed(['工资']);
      const inflight = expect(emb.embed(Array.from({ length: 64 }, (_, i) => '老板不发工资'.repeat((i % 5) + 1)))).rejects.toThrow(/向量模型进程退出/);
      process.kill(pid, 'SIGKILL');
      await inflight;
      const [after] = await emb.embed(['工资']); // a new host loads the model again
      expect(emb.hostPid).not.toBe(pid);
      expect(Array.from(after)).toEqual(Array.from(before));
    } finally {
      await emb.close();
    }
    expect(emb.hostPid).toBeNull();
    await expect(emb.embed(['工资'])).rejects.toThrow(/已关闭/);
  });
});
