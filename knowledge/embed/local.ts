// Embeddings from a local model directory through transformers.js (`@huggingface/transformers`),
// never downloading: `env.allowRemoteModels = false`, the directory is loaded by absolute path.
// The directory is a transformers.js / Optimum export: config.json, tokenizer.json
// (+ tokenizer_config.json) and onnx/model.onnx (or model_quantized.onnx, model_fp16.onnx ...).
// sentence-transformers metadata is honoured when present: 1_Pooling/config.json picks mean / CLS /
// last-token pooling (default mean), config_sentence_transformers.json `prompts.query` is
// prefixed to queries. Output vectors are L2-normalised. The model runs in a child process
// (see local-host.ts), restarted on demand if it dies.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { l2normalize, safeId, JobQueue, type Embedder } from './embedder';
import { LOCAL_EMBED_HOST } from './local-host';

export interface LocalEmbedderOptions {
  modelDir: string;
  /** Texts per forward pass (a query waits at most for one). Default 8. */
  batchSize?: number;
  /** onnxruntime intra-op threads. Default 1 (the machine is shared with the server). */
  threads?: number;
}

export type Pooling = 'mean' | 'cls' | 'last_token';

/** ONNX file name suffix → transformers.js dtype, in order of preference. */
const DTYPES: [string, string][] = [
  ['model.onnx', 'fp32'],
  ['model_quantized.onnx', 'q8'],
  ['model_int8.onnx', 'int8'],
  ['model_uint8.onnx', 'uint8'],
  ['model_fp16.onnx', 'fp16'],
  ['model_q4.onnx', 'q4'],
  ['model_bnb4.onnx', 'bnb4'],
  ['model_q4f16.onnx', 'q4f16'],
];

export class ModelDirError extends Error {}

export interface ModelDirInfo {
  dir: string;
  dtype: string;
  onnxFile: string;
  pooling: Pooling;
  queryPrompt: string;
  /** Fingerprint of the files that define the model (changes when the model is replaced). */
  fingerprint: string;
}

function readJson(path: string): any {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ModelDirError(`模型目录中的 ${basename(path)} 不是有效的 JSON：${(e as Error).message}`);
  }
}

/** Check a model directory and read what the loader needs; throws ModelDirError with a clear reason. */
export function inspectModelDir(modelDir: string): ModelDirInfo {
  const dir = resolve(modelDir);
  if (!existsSync(dir)) throw new ModelDirError(`向量模型目录不存在：${dir}（请检查 EMBEDDING_MODEL_DIR）`);
  if (!statSync(dir).isDirectory()) throw new ModelDirError(`EMBEDDING_MODEL_DIR 不是目录：${dir}`);
  for (const f of ['config.json', 'tokenizer.json']) {
    if (!existsSync(join(dir, f))) throw new ModelDirError(`${dir} 不是 transformers.js 模型目录：缺少 ${f}`);
  }
  const config = readJson(join(dir, 'config.json'));
  if (!config || typeof config.model_type !== 'string') throw new ModelDirError(`${dir}/config.json 缺少 model_type`);
  const onnxDir = join(dir, 'onnx');
  const present = existsSync(onnxDir) ? readdirSync(onnxDir) : [];
  const pick = DTYPES.find(([f]) => present.includes(f));
  if (!pick)
    throw new ModelDirError(
      `${dir} 中没有可用的 ONNX 模型：需要 onnx/model.onnx（或 model_quantized.onnx 等），现有：${present.join(', ') || '无'}`,
    );
  let pooling: Pooling = 'mean';
  const poolPath = join(dir, '1_Pooling', 'config.json');
  if (existsSync(poolPath)) {
    const p = readJson(poolPath);
    if (p.pooling_mode_cls_token) pooling = 'cls';
    else if (p.pooling_mode_lasttoken) pooling = 'last_token';
  }
  let queryPrompt = '';
  const stPath = join(dir, 'config_sentence_transformers.json');
  if (existsSync(stPath)) {
    const st = readJson(stPath);
    if (typeof st?.prompts?.query === 'string') queryPrompt = st.prompts.query;
  }
  const onnxFile = join(onnxDir, pick[0]);
  const h = createHash('sha1');
  h.update(readFileSync(join(dir, 'config.json')));
  h.update(readFileSync(join(dir, 'tokenizer.json')));
  const st = statSync(onnxFile);
  h.update(`${pick[0]}:${st.size}:${st.mtimeMs}:${pooling}:${queryPrompt}`);
  return { dir, dtype: pick[1], onnxFile, pooling, queryPrompt, fingerprint: h.digest('hex').slice(0, 10) };
}

interface Reply {
  id: number;
  error?: string;
  maxTokens?: number | null;
  dims?: number[];
  data?: Float32Array;
}

export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly describe: string;
  dim = 0;
  /** Longest input in tokens (special tokens included); longer texts are truncated. */
  maxTokens = Infinity;
  private queue = new JobQueue();
  private worker: ChildProcess | null = null;
  private seq = 0;
  private waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(
    readonly info: ModelDirInfo,
    private threads: number,
    private batchSize: number,
  ) {
    this.id = safeId(`local-${basename(info.dir)}-${info.fingerprint}`);
    this.describe = `本地模型 ${info.dir}`;
  }

  static async open(o: LocalEmbedderOptions): Promise<LocalEmbedder> {
    const info = inspectModelDir(o.modelDir);
    const emb = new LocalEmbedder(info, o.threads ?? 1, Math.max(1, o.batchSize ?? 8));
    try {
      await emb.ensureWorker();
    } catch (e) {
      await emb.close();
      throw new ModelDirError(`无法加载向量模型 ${info.dir}：${(e as Error).message}`);
    }
    try {
      const [v] = await emb.embed(['向量维度探测']);
      emb.dim = v.length;
    } catch (e) {
      await emb.close();
      throw new ModelDirError(`向量模型 ${info.dir} 试运行失败：${(e as Error).message}`);
    }
    (emb as { describe: string }).describe = `本地模型 ${info.dir}（${emb.dim}维，${info.pooling}池化）`;
    return emb;
  }

  /** Process id of the model host (started again after a crash), for diagnostics and tests. */
  get hostPid(): number | null {
    return this.worker?.pid ?? null;
  }

  private call(w: ChildProcess, msg: Record<string, unknown>): Promise<Reply> {
    const id = ++this.seq;
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.channel?.ref(); // keep the parent alive while a reply is due
      w.send({ id, ...msg }, (err) => {
        if (err) this.settle(w, id, (p) => p.reject(err));
      });
    });
  }

  private settle(w: ChildProcess, id: number, fn: (p: { resolve: (r: Reply) => void; reject: (e: Error) => void }) => void): void {
    const p = this.waiting.get(id);
    if (!p) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) w.channel?.unref(); // an idle model host never keeps the server alive
    fn(p);
  }

  private starting: Promise<ChildProcess> | null = null;

  private ensureWorker(): Promise<ChildProcess> {
    if (this.closed) return Promise.reject(new Error('向量模型已关闭'));
    if (this.worker) return Promise.resolve(this.worker);
    if (this.starting) return this.starting;
    const modulePath = createRequire(import.meta.url).resolve('@huggingface/transformers');
    const w = spawn(process.execPath, ['-e', LOCAL_EMBED_HOST], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, LAWLINE_EMBED_HOST: JSON.stringify({ dir: this.info.dir, dtype: this.info.dtype, threads: this.threads, modulePath }) },
    });
    let stderr = '';
    w.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-2000); // onnxruntime warnings, a crash trace
    });
    w.unref();
    w.on('message', (m: Reply) => this.settle(w, m.id, (p) => (m.error !== undefined ? p.reject(new Error(m.error)) : p.resolve(m))));
    const died = (why: string) => {
      if (this.worker === w) this.worker = null;
      const tail = stderr.trim().split('\n').slice(-3).join(' ');
      const err = new Error(`向量模型进程退出：${why}${tail ? `（${tail}）` : ''}`);
      for (const id of [...this.waiting.keys()]) this.settle(w, id, (p) => p.reject(err));
    };
    w.on('error', (e) => died(e.message));
    w.on('exit', (code, signal) => died(signal ? `signal ${signal}` : `exit code ${code}`));
    this.starting = this.call(w, { type: 'init' })
      .then((r) => {
        this.worker = w;
        if (r.maxTokens) this.maxTokens = r.maxTokens;
        return w;
      })
      .catch((e) => {
        w.kill();
        throw e;
      })
      .finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.run(texts, false);
  }

  private async run(texts: string[], urgent: boolean): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() ? t : ' '));
      const r = await this.queue.run(async () => this.call(await this.ensureWorker(), { type: 'embed', texts: batch, pooling: this.info.pooling }), urgent);
      const dims = r.dims ?? [];
      const data = r.data ?? new Float32Array(0);
      const dim = dims[dims.length - 1];
      if (dims.length !== 2 || dims[0] !== batch.length) throw new Error(`向量模型输出形状异常：[${dims.join(', ')}]`);
      for (let j = 0; j < batch.length; j++) out.push(l2normalize(data.slice(j * dim, (j + 1) * dim)));
    }
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [v] = await this.run([this.info.queryPrompt + text], true);
    return v;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w && w.exitCode === null && w.signalCode === null) {
      const exited = new Promise((r) => w.once('exit', r));
      w.ref(); // wait for the exit even though the host is unref'd
      w.kill();
      await exited;
    }
  }
}
