import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/openai-server';
import { writeTinyBertModel } from '../testing/tiny-bert-fixture';
import { createEmbedder, embeddingConfigFrom, EmbeddingConfigError } from './create';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('createEmbedder', () => {
  it('returns null when no provider is configured', async () => {
    expect(await createEmbedder(undefined)).toBeNull();
    expect(await createEmbedder({ provider: 'none' })).toBeNull();
  });

  it('opens the OpenAI engine and probes it', async () => {
    fake = await startFakeOpenAI({ embeddingDim: 24 });
    const e = await createEmbedder({ provider: 'openai', baseUrl: fake.url, model: 'text-embedding-3-small' });
    expect(e?.dim).toBe(24);
    expect(e?.describe).toContain('text-embedding-3-small');
    expect(fake.of('/embeddings')).toHaveLength(1);
  });

  it('opens the local engine on a fixture model dir', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lawline-create-'));
    try {
      await writeTinyBertModel(join(dir, 'm'), { hidden: 6 });
      const e = await createEmbedder({ provider: 'local', modelDir: join(dir, 'm') });
      expect(e?.dim).toBe(6);
      expect(e?.describe).toContain('6维');
      await e?.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says what is missing in the configuration', async () => {
    await expect(createEmbedder({ provider: 'local' })).rejects.toThrow(EmbeddingConfigError);
    await expect(createEmbedder({ provider: 'local' })).rejects.toThrow(/EMBEDDING_MODEL_DIR/);
    await expect(createEmbedder({ provider: 'openai', model: 'm' })).rejects.toThrow(/EMBEDDING_BASE_URL/);
    await expect(createEmbedder({ provider: 'openai', baseUrl: 'http://127.0.0.1:1/v1' })).rejects.toThrow(/EMBEDDING_MODEL/);
    await expect(createEmbedder({ provider: 'bogus' as never })).rejects.toThrow(/未知/);
  });

  it('maps env-style config with fallbacks to the LLM endpoint', () => {
    expect(embeddingConfigFrom({})).toEqual({ provider: 'none', modelDir: undefined, baseUrl: undefined, apiKey: undefined, model: undefined });
    expect(embeddingConfigFrom({ EMBEDDING_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://llm/v1', OPENAI_API_KEY: 'k', EMBEDDING_MODEL: 'e' })).toEqual({
      provider: 'openai',
      modelDir: undefined,
      baseUrl: 'http://llm/v1',
      apiKey: 'k',
      model: 'e',
    });
    // a separate embedding endpoint does not get the LLM's key
    expect(embeddingConfigFrom({ EMBEDDING_PROVIDER: 'openai', EMBEDDING_BASE_URL: 'http://emb/v1', OPENAI_API_KEY: 'k' }).apiKey).toBeUndefined();
  });
});
