// Triage: domain, service, confidence, flags and urgency of a citizen's message, by the reviewed
// rules in this folder. Pure and fast (no I/O after the rules are loaded).
import { parseChineseNumber } from '../../knowledge/numerals';
import type { Domain, Flag, Service, Triage } from '../ports';
import { loadDomainModel, type DomainModel } from './model';
import { DOMAINS, loadTriageRules, type CompiledPatterns, type TriageRules } from './rules';

export interface TriageDetail {
  scores: Partial<Record<Domain, number>>;
  matched: string[]; // keywords that counted, as "工资→劳动"
  legalAidMatters: string[]; // 法律援助法 matters recognised
  /** Why the message was flagged vague: a pattern that names no matter, or just short/no domain words. */
  vagueBy: 'pattern' | 'short' | null;
  /** The learned model's best domain and its probability (null without a model). */
  model: { domain: Domain; p: number } | null;
  /** Whether the domain came from the learned model alone (the rules found no domain words). */
  domainBy: 'rules' | 'model' | 'previous' | 'fallback';
}

/** How the learned model (model.ts) joins the rules: see README.md. */
export const MODEL_BLEND = {
  /** Added to each domain's rule score: weight × the model's probability for it. */
  weight: 3,
  /** With no rule hit at all, the model alone decides when its best domain is at least this likely. */
  alone: 0.4,
  /** ...and the message has at least this many meaningful characters. */
  aloneMinChars: 6,
  /** Softens the model's probabilities (model.ts). */
  temperature: 6,
};

export interface TriageOptions {
  /** Triage of the conversation so far: a follow-up with no domain words of its own keeps it. */
  previous?: Triage;
}

function matches(p: CompiledPatterns, text: string): boolean {
  if (p.negations.some((n) => text.includes(n))) {
    // remove negated phrases, then test what is left
    let t = text;
    for (const n of p.negations) t = t.split(n).join('　');
    return p.any.some((r) => r.test(t));
  }
  return p.any.some((r) => r.test(text));
}

const AGE = /([0-9]{1,3}|[一二两三四五六七八九十]{1,4})(?:多)?(?:周岁|岁)|(?:我|今年|都|已经|快)([一二两三四五六七八九十]{2,4})多?了/g;

function agesIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(AGE)) {
    const n = parseChineseNumber(m[1] ?? m[2]);
    if (n !== null && n <= 120) out.push(n);
  }
  return out;
}

function meaningfulChars(text: string): number {
  return text.replace(/[\s\p{P}\p{S}]/gu, '').length;
}

export class Triager {
  constructor(
    readonly rules: TriageRules = loadTriageRules(),
    readonly model: DomainModel | null = loadDomainModel(),
  ) {}

  classify(raw: string, opts: TriageOptions = {}): { triage: Triage; detail: TriageDetail } {
    const text = raw.normalize('NFKC').trim();
    const r = this.rules;
    const scores = new Map<Domain, number>();
    const matched: string[] = [];
    const add = (d: Domain, w: number, why: string) => {
      scores.set(d, (scores.get(d) ?? 0) + w);
      matched.push(`${why}→${d}`);
    };

    // 1. keywords, longest first; a matched span hides shorter keywords inside it
    const taken = new Uint8Array(text.length);
    for (const k of r.keywords) {
      let from = 0;
      let counted = false;
      for (;;) {
        const i = text.indexOf(k.word, from);
        if (i < 0) break;
        from = i + 1;
        let free = true;
        for (let j = i; j < i + k.word.length; j++) if (taken[j]) free = false;
        if (!free) continue;
        for (let j = i; j < i + k.word.length; j++) taken[j] = 1;
        if (!counted) add(k.domain, k.weight, k.word); // a word counts once per message
        counted = true;
      }
    }
    // 2. combinations and stated ages
    for (const c of r.combos) {
      if (c.all.every((group) => group.some((w) => text.includes(w)))) add(c.domain, c.weight, c.all.map((g) => g.find((w) => text.includes(w))).join('+'));
    }
    for (const age of agesIn(text)) {
      for (const a of r.ages) if (age >= a.min && age <= a.max) add(a.domain, a.weight, `${age}岁`);
    }

    const ruleTop = Math.max(0, ...scores.values());
    const predicted = this.model?.predict(text, MODEL_BLEND.temperature) ?? [];
    const blended = new Map(scores);
    if (ruleTop > 0) for (const { domain: d, p } of predicted) if (d !== r.fallback) blended.set(d, (blended.get(d) ?? 0) + MODEL_BLEND.weight * p);
    const ranked = [...blended.entries()].sort((a, b) => b[1] - a[1] || DOMAINS.indexOf(a[0]) - DOMAINS.indexOf(b[0]));
    let [domain, best] = ranked[0] ?? [r.fallback, 0];
    const top = ruleTop; // thresholds below are about rule evidence only
    const second = ranked[1]?.[1] ?? 0;
    let confidence = best === 0 ? 0.2 : Math.min(1, best / 8) * (0.5 + (0.5 * (best - second)) / best);
    let domainBy: TriageDetail['domainBy'] = top > 0 ? 'rules' : 'fallback';

    const flags = new Set<Flag>();
    const negated = r.emergency.negations.reduce((t, n) => t.split(n).join('　'), text);
    if (matches(r.emergency, text) || r.emergency.combos.some((combo) => combo.every((group) => group.some((w) => negated.includes(w))))) flags.add('emergency');
    if (matches(r.wantsHuman, text)) flags.add('wants_human');
    if (matches(r.complaint, text) && r.complaint.targets.some((t) => text.includes(t))) flags.add('complaint');

    if (top <= 2 && matches(r.outOfScope, text)) flags.add('out_of_scope');
    const chars = meaningfulChars(text);
    const otherFlag = flags.has('emergency') || flags.has('wants_human') || flags.has('out_of_scope') || flags.has('complaint');
    const byPattern = !otherFlag && matches(r.vague, text) && top <= r.vague.patternMaxScore;
    const byShort = !otherFlag && ((chars <= r.vague.maxChars && top <= r.vague.maxScore) || (top === 0 && chars <= 12));
    const isVague = byPattern || byShort;

    // follow-up with no domain words of its own: keep the conversation's domain
    if (top === 0 && opts.previous && opts.previous.domain !== r.fallback) {
      domain = opts.previous.domain;
      confidence = Math.min(opts.previous.confidence, 0.6);
      domainBy = 'previous';
    } else {
      if (isVague) flags.add('vague');
      // no domain words: a confident learned model may still name the domain (not for vague or off-topic text)
      const m = predicted[0];
      if (top === 0 && m && m.domain !== r.fallback && m.p >= MODEL_BLEND.alone && chars >= MODEL_BLEND.aloneMinChars && !isVague && !flags.has('out_of_scope') && !flags.has('wants_human') && !flags.has('complaint')) {
        domain = m.domain;
        confidence = Math.round(m.p * 50) / 100; // at most 0.5: a model guess, never as sure as a rule hit
        domainBy = 'model';
      }
    }

    // service
    let service: Service = r.services.default;
    if (flags.has('complaint')) service = '投诉建议';
    else {
      for (const rule of r.services.rules) {
        if (rule.patterns.some((p) => p.test(text))) {
          service = rule.service;
          break;
        }
      }
    }
    if (service === '法律援助' || service !== r.services.default) {
      // a service question with no domain words is a question about the service, not vague
      if (top === 0 && flags.has('vague') && !r.vague.any.some((p) => p.test(text))) flags.delete('vague');
    }

    // legal-aid matters (法律援助法)
    const legalAidMatters: string[] = [];
    for (const m of r.legalAid) {
      const domainOk = !m.domains || m.domains.includes(domain);
      const patternOk = !m.patterns || m.patterns.some((p) => p.test(text));
      if (domainOk && patternOk) legalAidMatters.push(m.name);
    }
    if (legalAidMatters.length) flags.add('legal_aid_candidate');

    const urgency: Triage['urgency'] = flags.has('emergency') ? 'emergency' : flags.has('complaint') || flags.has('wants_human') ? 'high' : 'normal';
    const order: Flag[] = ['emergency', 'wants_human', 'complaint', 'legal_aid_candidate', 'vague', 'out_of_scope'];
    return {
      triage: { domain, service, confidence: Math.round(confidence * 100) / 100, flags: order.filter((f) => flags.has(f)), urgency },
      detail: { scores: Object.fromEntries(scores), matched, legalAidMatters: [...new Set(legalAidMatters)], vagueBy: flags.has('vague') ? (byPattern ? 'pattern' : 'short') : null, model: predicted[0] ? { domain: predicted[0].domain, p: Math.round(predicted[0].p * 1000) / 1000 } : null, domainBy },
    };
  }
}

let shared: Triager | null = null;
/** A process-wide triager over the default rules (loaded on first use). */
export function triage(text: string, opts?: TriageOptions): Triage {
  shared ??= new Triager();
  return shared.classify(text, opts).triage;
}
