// Builds model.json (the learned domain model, see model.ts) from labelled questions:
//   npx tsx assistant/triage/train-model.ts [--exclude evals/FILE.jsonl] [--out FILE] [--no-shared]
// Sources: evals/triage*.jsonl (their `domain`), past work orders and, when /work/shared is present,
// the shared dev questions (their `category`, mapped by category-domains.json). The blind set
// evals/triage-blind.jsonl is never used. Only feature counts are written, not the questions.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Domain } from '../ports';
import { trainModel } from './model';
import { DOMAINS } from './rules';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const LABELLED = ['evals/triage.jsonl', 'evals/triage-holdout.jsonl', 'evals/triage-holdout2.jsonl'];
const ORDERS = 'knowledge/sample/orders/past-orders.jsonl';
const SHARED = '/work/shared/evals/dev.jsonl';
/** At most this many questions per category from a categorised source, so that one big category does not swamp the rest. */
const PER_CATEGORY = 60;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function jsonl(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l.replace(/:\s*NaN\b/g, ': null')) as Record<string, unknown>); // the shared set has bare NaN values
}

const exclude = arg('--exclude');
const out = arg('--out') ?? join(here, 'model.json');
const mapping = (JSON.parse(readFileSync(join(here, 'category-domains.json'), 'utf8')) as { categories: Record<string, Domain | null> }).categories;
for (const d of Object.values(mapping)) if (d !== null && !DOMAINS.includes(d)) throw new Error(`category-domains.json: unknown domain ${d}`);

const items: { question: string; domain: Domain }[] = [];
const used: Record<string, number> = {};
for (const f of LABELLED) {
  if (f === exclude || f.includes('triage-blind')) continue;
  const rows = jsonl(join(root, f));
  for (const r of rows) items.push({ question: String(r.question), domain: r.domain as Domain });
  used[f] = rows.length;
}
function categorised(file: string): void {
  const taken: Record<string, number> = {};
  let n = 0;
  for (const r of jsonl(file)) {
    const d = mapping[String(r.category)];
    if (!d) continue;
    const k = String(r.category);
    if ((taken[k] = (taken[k] ?? 0) + 1) > PER_CATEGORY) continue;
    items.push({ question: String(r.question), domain: d });
    n++;
  }
  used[file] = n;
}
categorised(join(root, ORDERS));
if (!process.argv.includes('--no-shared') && existsSync(SHARED)) categorised(SHARED);

writeFileSync(out, JSON.stringify(trainModel(items)) + '\n');
console.log(`model: ${items.length} questions → ${out}`, used);
