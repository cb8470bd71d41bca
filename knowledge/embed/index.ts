// Public surface of knowledge/embed.
export type { Embedder } from './embedder';
export { l2normalize, dot } from './embedder';
export { createEmbedder, embeddingConfigFrom, EmbeddingConfigError, type CreateEmbedderOptions, type EmbeddingEnv } from './create';
export { LocalEmbedder, ModelDirError, inspectModelDir } from './local';
export { OpenAIEmbedder } from './openai';
