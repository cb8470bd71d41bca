// Operator check of an embedding engine before configuring it:
//   npx tsx knowledge/embed/check.ts --dir /models/bge-small-zh-v1.5
//   npx tsx knowledge/embed/check.ts --base-url http://10.0.0.5:8000/v1 --model bge-m3 [--api-key K]
// Opens the engine exactly as the server would, embeds a few legal sentences, prints the id,
// dimension, speed and a similarity check (a wage question must be closer to the wage article than
// to the traffic one), one JSON line with --json. Exit code 1 when the engine cannot be used.
import { fileURLToPath } from 'node:url';
import { createEmbedder } from './create';
import { dot } from './embedder';
import type { EmbeddingConfig } from '../types';

export const CHECK_QUERY = '老板拖欠工资三个月不发怎么办';
export const CHECK_TEXTS = [
  '用人单位应当按照劳动合同约定和国家规定，向劳动者及时足额支付劳动报酬。',
  '机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在机动车第三者责任强制保险责任限额范围内予以赔偿。',
  '离婚后，不直接抚养子女的一方应当负担部分或者全部抚养费。',
];

export interface CheckResult {
  ok: boolean;
  id?: string;
  dim?: number;
  describe?: string;
  ms_per_text?: number;
  similarities?: number[];
  sensible?: boolean;
  error?: string;
}

export async function checkEmbedding(cfg: EmbeddingConfig): Promise<CheckResult> {
  let e;
  try {
    e = await createEmbedder(cfg);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  if (!e) return { ok: false, error: '未配置向量模型（provider=none）' };
  try {
    const t0 = performance.now();
    const docs = await e.embed(CHECK_TEXTS);
    const ms = (performance.now() - t0) / CHECK_TEXTS.length;
    const q = await e.embedQuery(CHECK_QUERY);
    const sims = docs.map((d) => Math.round(dot(q, d) * 1000) / 1000);
    const sensible = sims[0] > sims[1] && sims[0] > sims[2];
    return { ok: true, id: e.id, dim: e.dim, describe: e.describe, ms_per_text: Math.round(ms * 10) / 10, similarities: sims, sensible };
  } catch (err) {
    return { ok: false, id: e.id, error: (err as Error).message };
  } finally {
    await e.close();
  }
}

function parseArgs(argv: string[]): { cfg: EmbeddingConfig; json: boolean } {
  const get = (k: string) => {
    const i = argv.indexOf(k);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = get('--dir');
  const baseUrl = get('--base-url');
  const cfg: EmbeddingConfig = dir
    ? { provider: 'local', modelDir: dir }
    : baseUrl
      ? { provider: 'openai', baseUrl, model: get('--model'), apiKey: get('--api-key') }
      : { provider: 'none' };
  return { cfg, json: argv.includes('--json') };
}

async function main(): Promise<void> {
  const { cfg, json } = parseArgs(process.argv.slice(2));
  if (cfg.provider === 'none') {
    console.error('用法：check.ts --dir 模型目录 | --base-url URL --model 模型名 [--api-key KEY] [--json]');
    process.exit(2);
  }
  const r = await checkEmbedding(cfg);
  if (json) console.log(JSON.stringify(r));
  else if (!r.ok) console.error(`✗ 向量模型不可用：${r.error}`);
  else {
    console.log(`✓ ${r.describe}`);
    console.log(`  id ${r.id}，${r.dim} 维，约 ${r.ms_per_text} ms/条`);
    console.log(`  问题「${CHECK_QUERY}」与三条法条的相似度：${r.similarities!.join(' / ')}`);
    console.log(r.sensible ? '  相似度排序合理（工资条文最相近）' : '  ⚠ 相似度排序不合理：工资条文不是最相近的，请检查模型与池化方式');
  }
  process.exit(r.ok ? 0 : 1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
