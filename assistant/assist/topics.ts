// Topic of a question (one of the triage domains): the project's triage rules first; when they
// find nothing, the laws its retrieved articles come from (./rules/topics.json, validated at load).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Domain } from '../ports';
import { DOMAINS } from '../triage/rules';
import { triage } from '../triage/triage';

const DomainEnum = z.enum(DOMAINS as [Domain, ...Domain[]]);

const RulesSchema = z
  .object({
    _comment: z.string().optional(),
    laws: z.record(DomainEnum, z.array(z.string().min(1)).min(1)),
    lawFallback: z.record(z.string().min(1), DomainEnum),
  })
  .strict();

export type TopicRules = z.infer<typeof RulesSchema>;

export function loadTopicRules(path = fileURLToPath(new URL('./rules/topics.json', import.meta.url))): TopicRules {
  const r = RulesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`invalid topic rules ${path}: ${r.error.issues[0]?.path.join('.')} ${r.error.issues[0]?.message}`);
  return r.data;
}

let cached: TopicRules | null = null;

/** Domain from law titles of retrieved articles (best first); 其他 when none maps. */
export function topicOfLaws(laws: string[], rules: TopicRules = (cached ??= loadTopicRules())): Domain {
  const score = new Map<Domain, number>();
  for (const [d, frags] of Object.entries(rules.laws) as [Domain, string[]][]) {
    laws.slice(0, 5).forEach((law, i) => {
      if (frags.some((f) => law.includes(f))) score.set(d, (score.get(d) ?? 0) + (i === 0 ? 3 : 1));
    });
  }
  let best: Domain = '其他';
  let bestScore = 0;
  for (const [d, s] of score) if (s > bestScore) [best, bestScore] = [d, s];
  if (bestScore > 0) return best;
  for (const law of laws.slice(0, 1)) for (const [frag, d] of Object.entries(rules.lawFallback)) if (law.includes(frag)) return d;
  return '其他';
}

/** Classify a text; `laws`: law titles of retrieved articles, best first. */
export function topicOf(text: string, laws: string[] = []): Domain {
  let d: Domain = '其他';
  try {
    if (text.trim()) d = triage(text).domain;
  } catch {
    // triage rules unavailable (being edited, invalid): the laws still give a topic
  }
  return d !== '其他' ? d : topicOfLaws(laws);
}
