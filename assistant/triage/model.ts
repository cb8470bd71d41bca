// A learned domain model that backs up the keyword rules on wordings they miss: multinomial naive
// Bayes over character unigrams and bigrams of the Chinese text. The weights (per-domain feature
// counts, not the training questions) live in model.json, built by train-model.ts from labelled
// questions; loading is pure and needs no other data at run time.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Domain } from '../ports';
import { DOMAINS } from './rules';

/** Character unigrams and bigrams of the CJK/alphanumeric runs of a text (punctuation splits runs). */
export function features(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').toLowerCase().split(/[^\p{Script=Han}a-z0-9]+/u)) {
    const cs = [...run];
    for (let i = 0; i < cs.length; i++) {
      out.push(cs[i]);
      if (i + 1 < cs.length) out.push(cs[i] + cs[i + 1]);
    }
  }
  return out;
}

const ModelFile = z.object({
  $comment: z.string().optional(),
  kind: z.literal('multinomial-nb-char12'),
  alpha: z.number().positive(),
  /** training questions per domain (domains with none are not predicted) */
  docs: z.record(z.enum(DOMAINS as [Domain, ...Domain[]]), z.number().int().nonnegative()),
  /** feature → [domain index in DOMAINS, count, domain index, count, ...] */
  counts: z.record(z.string(), z.array(z.number().int().nonnegative())),
});
export type ModelData = z.infer<typeof ModelFile>;

export class DomainModel {
  private readonly totals = new Map<Domain, number>();
  private readonly counts = new Map<string, Map<Domain, number>>();
  /** feature → log P(feature | domain) in the order of `domains`, computed once at load */
  private readonly logp = new Map<string, Float64Array>();
  readonly domains: Domain[];

  constructor(readonly data: ModelData) {
    const r = ModelFile.safeParse(data);
    if (!r.success) throw new Error(`triage model: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.domains = DOMAINS.filter((d) => (data.docs[d] ?? 0) > 0);
    for (const d of this.domains) this.totals.set(d, 0);
    for (const [f, pairs] of Object.entries(data.counts)) {
      const m = new Map<Domain, number>();
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        const d = DOMAINS[pairs[i]];
        m.set(d, pairs[i + 1]);
        this.totals.set(d, (this.totals.get(d) ?? 0) + pairs[i + 1]);
      }
      this.counts.set(f, m);
    }
    const a = data.alpha;
    const vocab = this.counts.size;
    for (const [f, m] of this.counts) {
      this.logp.set(f, Float64Array.from(this.domains, (d) => Math.log(((m.get(d) ?? 0) + a) / (this.totals.get(d)! + a * vocab))));
    }
  }

  /**
   * Posterior probability per domain, best first, under a uniform prior (the training mix of
   * sources says nothing about real traffic). Features never seen in training are ignored.
   * `temperature` > 1 softens naive Bayes' overconfident probabilities (it counts overlapping
   * bigrams as independent evidence).
   */
  predict(text: string, temperature = 1): { domain: Domain; p: number }[] {
    const sum = new Float64Array(this.domains.length);
    for (const f of new Set(features(text))) {
      const lp = this.logp.get(f); // binary counts: a feature counts once per message
      if (lp) for (let k = 0; k < sum.length; k++) sum[k] += lp[k];
    }
    const max = Math.max(...sum);
    let z = 0;
    for (const v of sum) z += Math.exp((v - max) / temperature);
    return this.domains.map((domain, k) => ({ domain, p: Math.exp((sum[k] - max) / temperature) / z })).sort((x, y) => y.p - x.p);
  }
}

/** Count features of labelled questions into a model file (see train-model.ts). */
export function trainModel(items: { question: string; domain: Domain }[], alpha = 0.5, minCount = 2): ModelData {
  const docs: Partial<Record<Domain, number>> = {};
  const perFeature = new Map<string, Map<number, number>>();
  const total = new Map<string, number>();
  for (const it of items) {
    docs[it.domain] = (docs[it.domain] ?? 0) + 1;
    const di = DOMAINS.indexOf(it.domain);
    for (const f of new Set(features(it.question))) {
      const m = perFeature.get(f) ?? new Map<number, number>();
      m.set(di, (m.get(di) ?? 0) + 1);
      perFeature.set(f, m);
      total.set(f, (total.get(f) ?? 0) + 1);
    }
  }
  const counts: Record<string, number[]> = {};
  for (const f of [...perFeature.keys()].sort()) {
    if (total.get(f)! < minCount) continue;
    counts[f] = [...perFeature.get(f)!.entries()].sort((a, b) => a[0] - b[0]).flat();
  }
  return {
    $comment: 'Built by assistant/triage/train-model.ts; do not edit by hand. Per-domain document frequencies of character unigrams/bigrams.',
    kind: 'multinomial-nb-char12',
    alpha,
    docs: docs as Record<Domain, number>,
    counts,
  };
}

const here = dirname(fileURLToPath(import.meta.url));

/** The committed model, or null when the file is missing (the rules then work alone). */
export function loadDomainModel(file: string = join(here, 'model.json')): DomainModel | null {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return new DomainModel(JSON.parse(raw) as ModelData);
}
