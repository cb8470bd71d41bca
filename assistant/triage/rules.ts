// Loads and validates the triage data files (domains.json, flags.json, services.json). Rules are
// reviewed data; this file only checks their shape and compiles the patterns once.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Domain, Service } from '../ports';

export const DOMAINS: readonly Domain[] = [
  '劳动', '社保工伤', '婚姻家庭', '继承', '交通事故', '消费', '借贷债务', '房产物业',
  '侵权', '合同', '行政', '刑事', '治安', '土地征收', '未成年人', '老年人', '其他',
];
export const SERVICES: readonly Service[] = ['法律咨询', '法律援助', '人民调解', '公证', '司法鉴定', '律师服务', '投诉建议'];

const domainEnum = z.enum(DOMAINS as [Domain, ...Domain[]]);
const serviceEnum = z.enum(SERVICES as [Service, ...Service[]]);
/** A regular expression written as a string in reviewed data; invalid ones fail at load. */
export const pattern = z.string().min(1).refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'invalid regular expression');

const DomainsFile = z.object({
  $comment: z.string().optional(),
  fallback: domainEnum,
  domains: z.record(domainEnum, z.record(z.string().min(1), z.number().min(0).max(20))),
  combos: z.array(z.object({ domain: domainEnum, weight: z.number().positive(), all: z.array(z.array(z.string().min(1)).min(1)).min(1) }).strict()),
  ages: z.array(z.object({ domain: domainEnum, min: z.number().int(), max: z.number().int(), weight: z.number().positive() }).strict()),
}).strict();

const PatternRule = z.object({ $comment: z.string().optional(), patterns: z.array(pattern).min(1), negations: z.array(z.string()).optional() }).strict();

const FlagsFile = z.object({
  $comment: z.string().optional(),
  emergency: PatternRule.extend({ combos: z.array(z.array(z.array(z.string().min(1)).min(1)).min(1)).default([]) }).strict(),
  wants_human: PatternRule,
  complaint: PatternRule.extend({ targets: z.array(z.string().min(1)).min(1) }).strict(),
  legal_aid_candidate: z.object({
    $comment: z.string().optional(),
    matters: z.array(z.object({ name: z.string().min(1), domains: z.array(domainEnum).optional(), patterns: z.array(pattern).optional() }).strict()).min(1),
  }).strict(),
  out_of_scope: PatternRule,
  vague: PatternRule.extend({ maxChars: z.number().int().positive(), maxScore: z.number().nonnegative(), patternMaxScore: z.number().nonnegative() }).strict(),
}).strict();

const ServicesFile = z.object({
  $comment: z.string().optional(),
  default: serviceEnum,
  rules: z.array(z.object({ service: serviceEnum, patterns: z.array(pattern).min(1) }).strict()),
}).strict();

export interface CompiledPatterns {
  any: RegExp[];
  negations: string[];
}

export interface TriageRules {
  fallback: Domain;
  /** All keywords of all domains, longest first (so a longer match hides the shorter ones inside it). */
  keywords: { word: string; domain: Domain; weight: number }[];
  combos: { domain: Domain; weight: number; all: string[][] }[];
  ages: { domain: Domain; min: number; max: number; weight: number }[];
  emergency: CompiledPatterns & { combos: string[][][] };
  wantsHuman: CompiledPatterns;
  complaint: CompiledPatterns & { targets: string[] };
  legalAid: { name: string; domains?: Domain[]; patterns?: RegExp[] }[];
  outOfScope: CompiledPatterns;
  vague: CompiledPatterns & { maxChars: number; maxScore: number; patternMaxScore: number };
  services: { default: Service; rules: { service: Service; patterns: RegExp[] }[] };
}

const here = dirname(fileURLToPath(import.meta.url));

function readJson(dir: string, name: string): unknown {
  return JSON.parse(readFileSync(join(dir, name), 'utf8'));
}

function compile(r: z.infer<typeof PatternRule>): CompiledPatterns {
  return { any: r.patterns.map((p) => new RegExp(p, 'i')), negations: r.negations ?? [] };
}

/** Parse the three data files of a folder (default: this folder). Throws with the file name on bad data. */
export function loadTriageRules(dir: string = here): TriageRules {
  const parse = <T extends z.ZodTypeAny>(schema: T, name: string): z.infer<T> => {
    const r = schema.safeParse(readJson(dir, name));
    if (!r.success) throw new Error(`triage rules ${name}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return r.data;
  };
  const d = parse(DomainsFile, 'domains.json');
  const f = parse(FlagsFile, 'flags.json');
  const s = parse(ServicesFile, 'services.json');
  const keywords: TriageRules['keywords'] = [];
  for (const [domain, words] of Object.entries(d.domains) as [Domain, Record<string, number>][]) {
    for (const [word, weight] of Object.entries(words)) if (weight > 0) keywords.push({ word, domain, weight });
  }
  keywords.sort((a, b) => b.word.length - a.word.length || b.weight - a.weight);
  return {
    fallback: d.fallback,
    keywords,
    combos: d.combos,
    ages: d.ages,
    emergency: { ...compile(f.emergency), combos: f.emergency.combos },
    wantsHuman: compile(f.wants_human),
    complaint: { ...compile(f.complaint), targets: f.complaint.targets },
    legalAid: f.legal_aid_candidate.matters.map((m) => ({ name: m.name, domains: m.domains, patterns: m.patterns?.map((p) => new RegExp(p, 'i')) })),
    outOfScope: compile(f.out_of_scope),
    vague: { ...compile(f.vague), maxChars: f.vague.maxChars, maxScore: f.vague.maxScore, patternMaxScore: f.vague.patternMaxScore },
    services: { default: s.default, rules: s.rules.map((r) => ({ service: r.service, patterns: r.patterns.map((p) => new RegExp(p, 'i')) })) },
  };
}
