// Topic of a question (one of the triage domains) from keywords and the laws its retrieved
// articles come from. Rules are data: ./rules/topics.json, validated at load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Domain } from '../ports';

const DOMAINS = ['劳动', '社保工伤', '婚姻家庭', '继承', '交通事故', '消费', '借贷债务', '房产物业', '侵权', '合同', '行政', '刑事', '治安', '土地征收', '未成年人', '老年人', '其他'] as const;

const RulesSchema = z
  .object({
    _comment: z.string().optional(),
    topics: z.record(z.enum(DOMAINS), z.object({ keywords: z.array(z.string().min(1)), laws: z.array(z.string().min(1)) }).strict()),
    lawFallback: z.record(z.string().min(1), z.enum(DOMAINS)),
  })
  .strict();

export type TopicRules = z.infer<typeof RulesSchema>;

export function loadTopicRules(path = fileURLToPath(new URL('./rules/topics.json', import.meta.url))): TopicRules {
  const r = RulesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`invalid topic rules ${path}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
  return r.data;
}

let cached: TopicRules | null = null;

/** Classify a text; `laws`: law titles of retrieved articles, best first. */
export function topicOf(text: string, laws: string[] = [], rules: TopicRules = (cached ??= loadTopicRules())): Domain {
  const score = new Map<Domain, number>();
  const add = (d: Domain, n: number) => score.set(d, (score.get(d) ?? 0) + n);
  for (const [d, r] of Object.entries(rules.topics) as [Domain, { keywords: string[]; laws: string[] }][]) {
    for (const k of r.keywords) if (text.includes(k)) add(d, 2);
    laws.slice(0, 5).forEach((law, i) => {
      if (r.laws.some((l) => law.includes(l))) add(d, i === 0 ? 3 : 1);
    });
  }
  let best: Domain = '其他';
  let bestScore = 0;
  for (const [d, s] of score) if (s > bestScore) [best, bestScore] = [d, s];
  if (bestScore > 0) return best;
  for (const law of laws.slice(0, 1)) for (const [frag, d] of Object.entries(rules.lawFallback)) if (law.includes(frag)) return d;
  return '其他';
}
