// Loads and validates templates.json: the texts of the no-LLM answer and of the dialogue's fixed
// replies, per domain and service. Reviewed data; the tests read it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Domain, Service } from '../ports';
import { DOMAINS, SERVICES } from '../triage/rules';

const domainRecord = <T extends z.ZodTypeAny>(v: T) =>
  z.object(Object.fromEntries(DOMAINS.map((d) => [d, v])) as Record<Domain, T>).strict();

const TemplatesSchema = z
  .object({
    $comment: z.string().optional(),
    thresholds: z
      .object({
        $comment: z.string().optional(),
        lowConfidence: z.number().min(0).max(1),
        triageConfidence: z.number().min(0).max(1),
        citeRelative: z.number().min(0).max(1),
        maxCitations: z.number().int().min(1).max(10),
        quoteChars: z.number().int().min(20),
        genericTerms: z.array(z.string().min(1)),
      })
      .strict(),
    focus: z.object({ $comment: z.string().optional(), materials: z.array(z.string().min(1)), steps: z.array(z.string().min(1)) }).strict(),
    disclaimer: z.string().min(1),
    lowConfidence: z.string().min(1),
    outOfScope: z.string().min(1),
    emergency: z.string().includes('110'),
    handoffFallback: z.string().min(1),
    handoffUnavailable: z.string().min(1),
    afterHandoff: z.string().min(1),
    closing: z.string().min(1),
    droppedNote: z.string().min(1),
    legalAid: z.string().includes('{matters}'),
    clarify: z.record(z.string(), z.object({ text: z.string().min(1), options: z.array(z.string().min(1)) }).strict()).refine((r) => 'default' in r, 'clarify.default is required'),
    services: z.object(Object.fromEntries(SERVICES.map((s) => [s, z.string().min(1)])) as Record<Service, z.ZodString>).strict(),
    domains: domainRecord(z.object({ steps: z.array(z.string().min(1)).min(1), materials: z.array(z.string().min(1)).min(1) }).strict()),
    suggestions: domainRecord(z.array(z.string().min(1)).min(1)),
  })
  .strict();

export type Templates = z.infer<typeof TemplatesSchema>;

export function loadTemplates(path: string | URL = new URL('./templates.json', import.meta.url)): Templates {
  const r = TemplatesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`answer templates: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

let cached: Templates | null = null;
export function templates(): Templates {
  return (cached ??= loadTemplates());
}
