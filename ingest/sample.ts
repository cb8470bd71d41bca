// The sample knowledge base (knowledge/sample/) shipped in the repository: ingested on first
// start when the store is empty, and by the test server (cached per fingerprint).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openKnowledgeStore } from '../knowledge/store/db';
import { storeStats } from '../knowledge/store/queries';
import { ingestPaths } from './pipeline';

export const SAMPLE_DIR = fileURLToPath(new URL('../knowledge/sample', import.meta.url));

/** Bump when parsing changes what the same sample files produce (invalidates cached stores). */
const PARSER_VERSION = '1';

function sampleFiles(dir = SAMPLE_DIR): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    if (n.startsWith('.')) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...sampleFiles(p));
    else out.push(p);
  }
  return out;
}

/** Short hash of the sample files' contents (and the parser version). */
export function sampleFingerprint(): string {
  const h = createHash('sha256').update(`parser:${PARSER_VERSION}\n`);
  for (const f of sampleFiles()) {
    h.update(relative(SAMPLE_DIR, f).split('\\').join('/')).update('\n').update(readFileSync(f)).update('\n');
  }
  return h.digest('hex').slice(0, 12);
}

/**
 * Ingest knowledge/sample/ into the store at dbPath when it holds no documents yet; a store
 * that already has documents is left alone. Idempotent. Throws if a sample file fails to parse.
 */
export async function ensureSampleKnowledge(dbPath: string): Promise<{ ingested: boolean; articles: number }> {
  const store = openKnowledgeStore(dbPath);
  try {
    const before = storeStats(store);
    if (before.documents > 0) return { ingested: false, articles: before.articles };
    const s = await ingestPaths([SAMPLE_DIR], { store });
    if (s.failed.length) {
      throw new Error(`示例知识库导入失败: ${s.failed.map((f) => `${f.file}: ${f.error}`).join('; ')}`);
    }
    return { ingested: true, articles: s.store.articles };
  } finally {
    store.close();
  }
}
