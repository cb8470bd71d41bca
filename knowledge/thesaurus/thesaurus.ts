// The colloquial→legal thesaurus: reviewed data in thesaurus.json, validated at load. Matching
// is by substring on the normalised question, longest key first, so phrases jieba splits
// (炒鱿鱼, 欠钱不还) still match, and a key inside an already matched longer key is skipped.
// A key may hold gaps written "…": each stands for up to GAP_MAX characters of the same clause,
// so "不签…合同" matches 不签合同, 不签劳动合同 and 不签书面合同 (citizens put words in between).
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

/** How many characters one "…" of a key may stand for. */
export const GAP_MAX = 4;
const GAP = '…';

/** A key: plain words, or words with gaps ("不签…合同"); no gap at either end, no two in a row. */
const keyTerm = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[\p{Script=Han}a-z0-9+、，·]+(…[\p{Script=Han}a-z0-9+、，·]+)*$/u, '只允许汉字、小写字母、数字，「…」只能出现在词语之间');

const fileSchema = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  groups: z
    .array(
      z.object({
        topic: z.string().min(1),
        entries: z.record(keyTerm, z.array(term).min(1).max(8)),
      }),
    )
    .min(1),
});

export interface ThesaurusMatch {
  /** The citizen's words as found in the text (for a gap key, the words it spanned). */
  from: string;
  /** Legal terms to search as well. */
  to: string[];
  topic: string;
}

/** Where a key occurs in the text: [start, end) of every occurrence, left to right. */
type Finder = (text: string) => [number, number][];

function finder(key: string): Finder {
  if (!key.includes(GAP)) {
    return (text) => {
      const out: [number, number][] = [];
      for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) out.push([i, i + key.length]);
      return out;
    };
  }
  const esc = (p: string) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // the gap stays inside one clause: no punctuation or space in between
  const re = new RegExp(key.split(GAP).map(esc).join(`[^\\s\\p{P}]{0,${GAP_MAX}}?`), 'gu');
  return (text) => [...text.matchAll(re)].map((m) => [m.index!, m.index! + m[0].length]);
}

/** Literal characters of a key (gaps not counted): longer keys are more specific and match first. */
const literal = (key: string) => key.split(GAP).join('').length;

export class Thesaurus {
  private readonly keys: { key: string; find: Finder }[];

  constructor(
    private readonly entries: Map<string, { to: string[]; topic: string }>,
  ) {
    this.keys = [...entries.keys()]
      .sort((a, b) => literal(b) - literal(a) || Number(b.includes(GAP)) - Number(a.includes(GAP)) || a.localeCompare(b))
      .map((key) => ({ key, find: finder(key) }));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The legal terms of a phrase: its own key, or a gap key that spans the whole phrase (欠钱不还 → 欠…钱…不还). */
  lookup(phrase: string): string[] | undefined {
    const own = this.entries.get(phrase);
    if (own) return own.to;
    const k = this.keys.find(({ key, find }) => key.includes(GAP) && find(phrase).some(([s, e]) => s === 0 && e === phrase.length));
    return k && this.entries.get(k.key)!.to;
  }

  topics(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.topic))];
  }

  /** Keys found in the (already normalised) text, longest first, no key inside another match. */
  match(text: string): ThesaurusMatch[] {
    const taken: [number, number][] = [];
    const out: ThesaurusMatch[] = [];
    const seen = new Set<string>();
    for (const { key, find } of this.keys) {
      for (const [from, end] of find(text)) {
        if (taken.some(([s, e]) => from < e && end > s)) continue;
        taken.push([from, end]);
        if (seen.has(key)) continue;
        seen.add(key);
        const e = this.entries.get(key)!;
        out.push({ from: text.slice(from, end), to: e.to, topic: e.topic });
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
