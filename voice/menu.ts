// The DTMF topic menu: reviewed short answers (menu.json), validated at start-up and their
// citations checked against the knowledge store (a topic whose articles are missing from the
// store is still served, but /healthz and the log say which citations could not be verified).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Knowledge } from '../knowledge/types';

const TopicSchema = z.object({
  key: z.string().regex(/^[1-8]$/, 'topic keys are 1-8 (0 * # 9 are reserved)'),
  title: z.string().min(2).max(12),
  answer: z.string().min(20).max(200),
  articles: z.array(z.object({ law: z.string().min(2), article: z.string().regex(/^第.+条(之[一二三四五六七八九十]+)?$/) })).min(1),
});

const MenuSchema = z.object({
  reviewed: z.string(),
  topics: z
    .array(TopicSchema)
    .min(1)
    .max(8)
    .refine((ts) => new Set(ts.map((t) => t.key)).size === ts.length, 'duplicate topic key'),
});

export type Topic = z.infer<typeof TopicSchema> & { verified: boolean };
export interface Menu {
  topics: Topic[];
  byKey(key: string): Topic | undefined;
  unverified: string[]; // "劳动合同法第三十条" not found in the store
}

export function loadMenu(knowledge: Pick<Knowledge, 'getArticle'> | null, path = new URL('./menu.json', import.meta.url)): Menu {
  const parsed = MenuSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`voice/menu.json invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const unverified: string[] = [];
  const topics = parsed.data.topics.map((t) => {
    let verified = true;
    for (const a of t.articles) {
      if (!knowledge?.getArticle(a.law, a.article)) {
        verified = false;
        unverified.push(`${a.law.replace(/^中华人民共和国/, '')}${a.article}`);
      }
    }
    return { ...t, verified };
  });
  return { topics, byKey: (k) => topics.find((t) => t.key === k), unverified };
}
