// Embeddings from a local model directory through transformers.js (`@huggingface/transformers`),
// never downloading: `env.allowRemoteModels = false`, the directory is loaded by absolute path.
// The directory is a transformers.js / Optimum export: config.json, tokenizer.json
// (+ tokenizer_config.json) and onnx/model.onnx (or model_quantized.onnx, model_fp16.onnx ...).
// sentence-transformers metadata is honoured when present: 1_Pooling/config.json picks mean / CLS /
// last-token pooling (default mean), config_sentence_transformers.json `prompts.query` is
// prefixed to queries. Output vectors are L2-normalised.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { l2normalize, safeId, JobQueue, type Embedder } from './embedder';

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

type Extractor = ((texts: string[], o: { pooling: Pooling; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>) & {
  dispose(): Promise<void>;
  tokenizer: { model_max_length?: number };
  model: { config: { max_position_embeddings?: number } };
};

export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly describe: string;
  dim = 0;
  /** Longest input in tokens (special tokens included); longer texts are truncated. */
  readonly maxTokens: number;
  private queue = new JobQueue();
  private constructor(
    readonly info: ModelDirInfo,
    private extractor: Extractor,
    private batchSize: number,
  ) {
    this.id = safeId(`local-${basename(info.dir)}-${info.fingerprint}`);
    this.describe = `本地模型 ${info.dir}`;
    // Exports without model_max_length in tokenizer_config.json would not truncate, and a text
    // longer than the position table then fails the whole batch: cap at max_position_embeddings.
    const tok = extractor.tokenizer;
    const maxPos = extractor.model?.config?.max_position_embeddings;
    if (maxPos && maxPos > 0 && (!tok.model_max_length || tok.model_max_length > maxPos)) tok.model_max_length = maxPos;
    this.maxTokens = tok.model_max_length ?? Infinity;
  }

  static async open(o: LocalEmbedderOptions): Promise<LocalEmbedder> {
    const info = inspectModelDir(o.modelDir);
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false; // never download at run time
    env.allowLocalModels = true;
    env.localModelPath = dirname(info.dir) + '/';
    let extractor: Extractor;
    try {
      // An absolute path is not a hub id, so transformers.js reads it as is (env.localModelPath is
      // not prefixed): other loaders may change env.localModelPath concurrently without harm.
      extractor = (await pipeline('feature-extraction', info.dir, {
        dtype: info.dtype as any,
        device: 'cpu',
        local_files_only: true,
        session_options: { intraOpNumThreads: o.threads ?? 1, interOpNumThreads: 1 },
      })) as unknown as Extractor;
    } catch (e) {
      throw new ModelDirError(`无法加载向量模型 ${info.dir}：${(e as Error).message}`);
    }
    const emb = new LocalEmbedder(info, extractor, Math.max(1, o.batchSize ?? 8));
    try {
      const [v] = await emb.embed(['向量维度探测']);
      emb.dim = v.length;
    } catch (e) {
      await extractor.dispose().catch(() => undefined);
      throw new ModelDirError(`向量模型 ${info.dir} 试运行失败：${(e as Error).message}`);
    }
    (emb as { describe: string }).describe = `本地模型 ${info.dir}（${emb.dim}维，${info.pooling}池化）`;
    return emb;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return this.run(texts, false);
  }

  private async run(texts: string[], urgent: boolean): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const batch = texts.slice(i, i + this.batchSize).map((t) => (t.trim() ? t : ' '));
      const t = await this.queue.run(() => this.extractor(batch, { pooling: this.info.pooling, normalize: true }), urgent);
      const dim = t.dims[t.dims.length - 1];
      if (t.dims.length !== 2 || t.dims[0] !== batch.length) throw new Error(`向量模型输出形状异常：[${t.dims.join(', ')}]`);
      for (let j = 0; j < batch.length; j++) out.push(l2normalize(Float32Array.from(t.data.subarray(j * dim, (j + 1) * dim))));
    }
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [v] = await this.run([this.info.queryPrompt + text], true);
    return v;
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }
}
