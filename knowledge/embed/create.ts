// createEmbedder: the configured embedding engine, or null when none is configured.
import type { EmbeddingConfig } from '../types';
import type { Embedder } from './embedder';
import { LocalEmbedder } from './local';
import { OpenAIEmbedder } from './openai';

export interface CreateEmbedderOptions {
  batchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  threads?: number;
}

export class EmbeddingConfigError extends Error {}

/**
 * Open the configured engine and probe it once (so `dim` is known and a broken model or endpoint
 * fails here, with a clear Chinese message, not during the first search). Returns null for 'none'.
 */
export async function createEmbedder(cfg: EmbeddingConfig | undefined, o: CreateEmbedderOptions = {}): Promise<Embedder | null> {
  const provider = cfg?.provider ?? 'none';
  if (provider === 'none' || !cfg) return null;
  if (provider === 'local') {
    if (!cfg.modelDir) throw new EmbeddingConfigError('EMBEDDING_PROVIDER=local 需要设置 EMBEDDING_MODEL_DIR（本地模型目录）');
    return LocalEmbedder.open({ modelDir: cfg.modelDir, batchSize: o.batchSize, threads: o.threads });
  }
  if (provider === 'openai') {
    if (!cfg.baseUrl) throw new EmbeddingConfigError('EMBEDDING_PROVIDER=openai 需要设置 EMBEDDING_BASE_URL（或 OPENAI_BASE_URL）');
    if (!cfg.model) throw new EmbeddingConfigError('EMBEDDING_PROVIDER=openai 需要设置 EMBEDDING_MODEL');
    return new OpenAIEmbedder({
      baseUrl: cfg.baseUrl,
      model: cfg.model,
      apiKey: cfg.apiKey,
      batchSize: o.batchSize,
      timeoutMs: o.timeoutMs,
      maxRetries: o.maxRetries,
    }).probe();
  }
  throw new EmbeddingConfigError(`未知的 EMBEDDING_PROVIDER：${String(provider)}（可选 none、local、openai）`);
}

/** Env-style keys as in assistant/config.ts (structural, so knowledge/ does not import assistant/). */
export interface EmbeddingEnv {
  EMBEDDING_PROVIDER?: 'none' | 'local' | 'openai';
  EMBEDDING_MODEL_DIR?: string;
  EMBEDDING_BASE_URL?: string;
  EMBEDDING_API_KEY?: string;
  EMBEDDING_MODEL?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_API_KEY?: string;
}

/** EmbeddingConfig from the app config: the base URL and key fall back to the LLM's (OPENAI_*). */
export function embeddingConfigFrom(c: EmbeddingEnv): EmbeddingConfig {
  return {
    provider: c.EMBEDDING_PROVIDER ?? 'none',
    modelDir: c.EMBEDDING_MODEL_DIR,
    baseUrl: c.EMBEDDING_BASE_URL ?? c.OPENAI_BASE_URL,
    apiKey: c.EMBEDDING_API_KEY ?? (c.EMBEDDING_BASE_URL ? undefined : c.OPENAI_API_KEY),
    model: c.EMBEDDING_MODEL,
  };
}
