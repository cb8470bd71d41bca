// Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI, Azure-style gateways,
// vLLM, Xinference, Ollama, TEI...) through the official `openai` SDK: batched requests, retries
// with backoff on 408/409/429/5xx and connection errors (the SDK's, honouring retry-after), a
// per-request timeout. Vectors are requested as base64 and decoded here; servers that ignore
// encoding_format and send float arrays are accepted too.
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { l2normalize, safeId, type Embedder } from './embedder';

export interface OpenAIEmbedderOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Texts per request. Default 64. */
  batchSize?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Retries per request on 408/409/429/5xx/connection errors. Default 3. */
  maxRetries?: number;
  /** Longer texts are cut to this many characters (most embedding models read 512 tokens). Default 1000. */
  maxChars?: number;
  /** Prefix added to queries (e.g. a BGE retrieval instruction). Default none. */
  queryPrefix?: string;
  /** Timeout of a query embedding (one retry at most). Default 5 s. */
  queryTimeoutMs?: number;
}

function decode(e: unknown, index: number): Float32Array {
  if (typeof e === 'string') {
    const buf = Buffer.from(e, 'base64');
    if (buf.length % 4) throw new Error(`嵌入接口返回的第 ${index} 个向量 base64 长度不是 4 的倍数`);
    const out = new Float32Array(buf.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
    return out;
  }
  if (Array.isArray(e) && e.every((x) => typeof x === 'number')) return Float32Array.from(e);
  throw new Error(`嵌入接口返回的第 ${index} 个向量格式无法识别`);
}

/** Which 8 components of a vector are largest in magnitude, hashed: stable under float noise. */
export function vectorFingerprint(v: Float32Array): string {
  const top = Array.from(v.keys())
    .sort((a, b) => Math.abs(v[b]) - Math.abs(v[a]) || a - b)
    .slice(0, 8)
    .sort((a, b) => a - b);
  return createHash('sha1').update(top.join(',')).digest('hex').slice(0, 8);
}

export class OpenAIEmbedder implements Embedder {
  /**
   * `openai-<model>` until probed, then `openai-<model>-<dim>-<fingerprint of the probe vector>`:
   * the same model behind another URL keeps its id (no re-embedding after a move), a different
   * model behind the same name gets a new one (vectors never mix).
   */
  id: string;
  readonly describe: string;
  dim = 0;
  private client: OpenAI;
  private batchSize: number;
  private maxChars: number;

  constructor(private o: OpenAIEmbedderOptions) {
    this.client = new OpenAI({
      baseURL: o.baseUrl,
      apiKey: o.apiKey || 'no-key',
      timeout: o.timeoutMs ?? 30_000,
      maxRetries: o.maxRetries ?? 3,
    });
    this.batchSize = Math.max(1, o.batchSize ?? 64);
    this.maxChars = o.maxChars ?? 1000;
    this.id = safeId(`openai-${o.model}`);
    this.describe = `嵌入接口 ${o.baseUrl} 模型 ${o.model}`;
  }

  /** Ask for one vector to learn the dimension (and check the endpoint works). */
  async probe(): Promise<this> {
    const [v] = await this.embed(['向量维度探测']);
    this.dim = v.length;
    this.id = safeId(`openai-${this.o.model}-${v.length}-${vectorFingerprint(v)}`);
    return this;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.request(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  /** A search query waits for nobody: one retry at most and a short timeout (a citizen is waiting). */
  async embedQuery(text: string): Promise<Float32Array> {
    const [v] = await this.request([(this.o.queryPrefix ?? '') + text], { maxRetries: Math.min(1, this.o.maxRetries ?? 3), timeout: this.o.queryTimeoutMs ?? 5000 });
    return v;
  }

  private async request(batch: string[], opts?: { maxRetries: number; timeout: number }): Promise<Float32Array[]> {
    // The API rejects empty strings; cut long texts so a 512-token model does not refuse them.
    const input = batch.map((t) => (t.trim() ? t.slice(0, this.maxChars) : ' '));
    const res = await this.client.embeddings.create({ model: this.o.model, input, encoding_format: 'base64' }, opts);
    const data = [...(res.data ?? [])].sort((a, b) => a.index - b.index);
    if (data.length !== input.length) throw new Error(`嵌入接口返回 ${data.length} 个向量，请求了 ${input.length} 个`);
    const vecs = data.map((d, i) => l2normalize(decode(d.embedding as unknown, i)));
    const dim = this.dim || vecs[0].length;
    for (const v of vecs) if (v.length !== dim) throw new Error(`嵌入接口返回的向量维度不一致：${v.length} ≠ ${dim}`);
    return vecs;
  }

  async close(): Promise<void> {}
}
