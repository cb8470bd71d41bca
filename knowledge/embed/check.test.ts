import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/openai-server';
import { writeTinyBertModel } from '../testing/tiny-bert-fixture';
import { checkEmbedding, CHECK_TEXTS } from './check';

const run = promisify(execFile);
let fake: FakeOpenAI;
let root: string;
beforeAll(async () => {
  fake = await startFakeOpenAI({ embeddingDim: 256 });
  root = await mkdtemp(join(tmpdir(), 'lawline-check-'));
});
afterAll(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

describe('embedding check tool', () => {
  it('reports id, dim, speed and similarities for an API engine', async () => {
    const r = await checkEmbedding({ provider: 'openai', baseUrl: fake.url, model: 'm' });
    expect(r).toMatchObject({ ok: true, dim: 256, id: expect.stringMatching(/^openai-m-/) });
    expect(r.similarities).toHaveLength(CHECK_TEXTS.length);
    expect(typeof r.sensible).toBe('boolean');
  });

  it('reports a broken configuration without throwing', async () => {
    expect(await checkEmbedding({ provider: 'local', modelDir: join(root, 'missing') })).toMatchObject({ ok: false, error: expect.stringMatching(/不存在/) });
    expect(await checkEmbedding({ provider: 'none' })).toMatchObject({ ok: false });
  });

  it('runs as a command on a model dir and prints one JSON line', async () => {
    await writeTinyBertModel(join(root, 'tiny'));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'knowledge/embed/check.ts', '--dir', join(root, 'tiny'), '--json'], { cwd: process.cwd() });
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(r).toMatchObject({ ok: true, dim: 8 });
    const fail = await run(process.execPath, ['--import', 'tsx', 'knowledge/embed/check.ts', '--dir', join(root, 'nope')]).catch((e) => e);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toContain('向量模型不可用');
  });
});
