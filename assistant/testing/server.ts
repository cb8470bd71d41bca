// Test support: a real lawline server on 127.0.0.1 with its own temporary data directory and
// the sample knowledge base. Used by end-to-end tests of every door.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSampleKnowledge, sampleFingerprint } from '../../ingest/sample';
import { openKnowledge } from '../../knowledge';
import type { Knowledge } from '../../knowledge/types';
import type { Clock } from '../clock';
import { loadConfig } from '../config';
import type { Module } from '../context';
import { createLogger, type Logger } from '../log';
import { startServer, type RunningServer } from '../server';

export const TEST_ENV = {
  LOG_LEVEL: 'silent',
  PII_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  ADMIN_USERNAME: 'admin',
  ADMIN_PASSWORD: 'admin-pass-123',
  SAMPLE_KB: '0',
};

/** Path of a sample-knowledge store built once per sample version and reused across tests. */
export async function sampleKnowledgeDb(): Promise<string> {
  const cached = join(tmpdir(), `lawline-sample-${sampleFingerprint()}.sqlite`);
  if (!existsSync(cached)) {
    const tmp = `${cached}.${process.pid}.tmp`;
    await ensureSampleKnowledge(tmp);
    copyFileSync(tmp, cached);
    rmSync(tmp, { force: true });
  }
  return cached;
}

/** A fresh copy of the sample knowledge store, opened for search. */
export async function openSampleKnowledge(dir: string): Promise<Knowledge> {
  const db = join(dir, 'knowledge.sqlite');
  copyFileSync(await sampleKnowledgeDb(), db);
  return openKnowledge({ dbPath: db, embedding: { provider: 'none' } });
}

export interface TestServer extends RunningServer {
  dir: string;
  knowledge: Knowledge;
  /** ws://127.0.0.1:PORT */
  wsUrl: string;
  cleanup(): Promise<void>;
}

export async function startTestServer(
  opts: { env?: Record<string, string>; clock?: Clock; modules?: Module[]; log?: Logger; dir?: string } = {},
): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'lawline-test-'));
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', ...opts.env });
  const knowledge = await openSampleKnowledge(dir);
  const log = opts.log ?? createLogger('silent');
  const s = await startServer({ config, knowledge, clock: opts.clock, modules: opts.modules, log, port: 0, host: '127.0.0.1' });
  return {
    ...s,
    dir,
    knowledge,
    wsUrl: s.url.replace('http://', 'ws://'),
    async cleanup() {
      await s.close();
      knowledge.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
