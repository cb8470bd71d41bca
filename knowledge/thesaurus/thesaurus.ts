// The colloquial→legal thesaurus: reviewed data in thesaurus.json, validated at load. Matching
// is by substring on the normalised question, longest key first, so phrases jieba splits
// (炒鱿鱼, 欠钱不还) still match, and a key inside an already matched longer key is skipped.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const THESAURUS_PATH = fileURLToPath(new URL('./thesaurus.json', import.meta.url));

const term = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[\p{Script=Han}a-z0-9+、，·]+$/u, '只允许汉字、小写字母、数字');

const fileSchema = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  groups: z
    .array(
      z.object({
        topic: z.string().min(1),
        entries: z.record(term, z.array(term).min(1).max(8)),
      }),
    )
    .min(1),
});

export interface ThesaurusMatch {
  /** The citizen's words as found in the text. */
  from: string;
  /** Legal terms to search as well. */
  to: string[];
  topic: string;
}

export class Thesaurus {
  private readonly keys: string[];

  constructor(
    private readonly entries: Map<string, { to: string[]; topic: string }>,
  ) {
    this.keys = [...entries.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  }

  get size(): number {
    return this.entries.size;
  }

  lookup(key: string): string[] | undefined {
    return this.entries.get(key)?.to;
  }

  topics(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.topic))];
  }

  /** Keys found in the (already normalised) text, longest first, no key inside another match. */
  match(text: string): ThesaurusMatch[] {
    const taken: [number, number][] = [];
    const out: ThesaurusMatch[] = [];
    for (const k of this.keys) {
      let from = text.indexOf(k);
      while (from >= 0) {
        const end = from + k.length;
        if (!taken.some(([s, e]) => from < e && end > s)) {
          taken.push([from, end]);
          const e = this.entries.get(k)!;
          if (!out.some((m) => m.from === k)) out.push({ from: k, to: e.to, topic: e.topic });
        }
        from = text.indexOf(k, from + 1);
      }
    }
    return out;
  }
}

/** Validate thesaurus JSON; throws an Error naming every problem. */
export function parseThesaurus(json: unknown): Thesaurus {
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    throw new Error(`thesaurus invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const entries = new Map<string, { to: string[]; topic: string }>();
  const problems: string[] = [];
  for (const g of r.data.groups) {
    for (const [rawKey, to] of Object.entries(g.entries)) {
      const key = rawKey.trim();
      if (entries.has(key)) problems.push(`duplicate key ${key}`);
      const targets = [...new Set(to.map((t) => t.trim()))].filter((t) => t !== key);
      if (targets.length === 0) problems.push(`${key}: maps only to itself`);
      entries.set(key, { to: targets, topic: g.topic });
    }
  }
  if (problems.length) throw new Error(`thesaurus invalid: ${problems.join('; ')}`);
  return new Thesaurus(entries);
}

let cached: Thesaurus | null = null;

/** The reviewed thesaurus shipped with the repo (or another file, for tests and deployments). */
export function loadThesaurus(path: string = THESAURUS_PATH): Thesaurus {
  if (path === THESAURUS_PATH && cached) return cached;
  const t = parseThesaurus(JSON.parse(readFileSync(path, 'utf8')));
  if (path === THESAURUS_PATH) cached = t;
  return t;
}
