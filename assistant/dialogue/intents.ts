// Loads intents.json: requests the dialogue acts on directly (e.g. "我要申请法律援助", "我的工单办得怎么样了").
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { pattern } from '../triage/rules';

const IntentsFile = z
  .object({
    $comment: z.string().optional(),
    legalAidRequest: z.array(pattern).min(1),
    smallTalk: z.array(z.object({ patterns: z.array(pattern).min(1), reply: z.string().min(1) }).strict()),
    progressQuery: z.array(pattern).min(1),
  })
  .strict();

export interface Intents {
  legalAidRequest: RegExp[];
  smallTalk: { patterns: RegExp[]; reply: string }[];
  /** The citizen asks about their own work order's progress (see progress.ts). */
  progressQuery: RegExp[];
}

export function loadIntents(path: string | URL = new URL('./intents.json', import.meta.url)): Intents {
  const r = IntentsFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`intents.json: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return {
    legalAidRequest: r.data.legalAidRequest.map((p) => new RegExp(p)),
    smallTalk: r.data.smallTalk.map((t) => ({ patterns: t.patterns.map((p) => new RegExp(p, 'i')), reply: t.reply })),
    progressQuery: r.data.progressQuery.map((p) => new RegExp(p)),
  };
}
