// `npm run --silent eval:triage -- --queries FILE [--json] [--errors] [--confusion]`
// FILE: JSONL of {id, question, domain, service, flags}. Prints domain and service accuracy and
// per-flag precision/recall/F1; with --json the last line is one JSON object
// {queries, domain_acc, service_acc, emergency_recall, wants_human_recall, flag_f1, ...}.
import { z } from 'zod';
import { DOMAINS, SERVICES } from '../assistant/triage/rules';
import { Triager } from '../assistant/triage/triage';
import type { Domain, Flag, Service } from '../assistant/ports';
import { readJsonl } from './lib/jsonl';

const FLAGS: Flag[] = ['wants_human', 'emergency', 'complaint', 'legal_aid_candidate', 'vague', 'out_of_scope'];

const Item = z.object({
  id: z.string(),
  question: z.string().min(1),
  domain: z.enum(DOMAINS as [Domain, ...Domain[]]),
  service: z.enum(SERVICES as [Service, ...Service[]]),
  flags: z.array(z.enum(FLAGS as [Flag, ...Flag[]])),
});

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const file = arg('--queries') ?? 'evals/triage.jsonl';
const json = process.argv.includes('--json');
const showErrors = process.argv.includes('--errors');
const showConfusion = process.argv.includes('--confusion');
const confusion = new Map<string, number>();

const items = readJsonl(file, Item);

const triager = new Triager();
let domainOk = 0;
let serviceOk = 0;
const counts = Object.fromEntries(FLAGS.map((f) => [f, { tp: 0, fp: 0, fn: 0 }])) as Record<Flag, { tp: number; fp: number; fn: number }>;
const errors: string[] = [];
const t0 = performance.now();
for (const it of items) {
  const { triage } = triager.classify(it.question);
  if (triage.domain === it.domain) domainOk++;
  else {
    errors.push(`${it.id} domain ${triage.domain} ≠ ${it.domain}: ${it.question}`);
    const k = `${it.domain} → ${triage.domain}`;
    confusion.set(k, (confusion.get(k) ?? 0) + 1);
  }
  if (triage.service === it.service) serviceOk++;
  else errors.push(`${it.id} service ${triage.service} ≠ ${it.service}: ${it.question}`);
  for (const f of FLAGS) {
    const gold = it.flags.includes(f);
    const got = triage.flags.includes(f);
    if (gold && got) counts[f].tp++;
    else if (got) {
      counts[f].fp++;
      errors.push(`${it.id} flag +${f}: ${it.question}`);
    } else if (gold) {
      counts[f].fn++;
      errors.push(`${it.id} flag -${f}: ${it.question}`);
    }
  }
}
const ms = performance.now() - t0;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const per = Object.fromEntries(
  FLAGS.map((f) => {
    const c = counts[f];
    const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
    const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
    const f1 = p + r ? (2 * p * r) / (p + r) : 0;
    return [f, { precision: r3(p), recall: r3(r), f1: r3(f1), support: c.tp + c.fn }];
  }),
) as Record<Flag, { precision: number; recall: number; f1: number; support: number }>;
const flagF1 = FLAGS.reduce((s, f) => s + per[f].f1, 0) / FLAGS.length;

const n = items.length;
console.log(`triage eval: ${n} queries from ${file}`);
console.log(`  domain accuracy  ${r3(domainOk / n)}`);
console.log(`  service accuracy ${r3(serviceOk / n)}`);
for (const f of FLAGS) console.log(`  ${f.padEnd(20)} P ${per[f].precision.toFixed(3)}  R ${per[f].recall.toFixed(3)}  F1 ${per[f].f1.toFixed(3)}  (n=${per[f].support})`);
console.log(`  flag macro F1    ${r3(flagF1)}   (${(ms / n).toFixed(3)} ms per query)`);
if (showErrors) for (const e of errors) console.log('  ✗ ' + e);
if (showConfusion) {
  console.log('  domain confusions (gold → predicted):');
  for (const [k, v] of [...confusion.entries()].sort((a, b) => b[1] - a[1])) console.log(`    ${v}× ${k}`);
}
if (json) {
  console.log(
    JSON.stringify({
      queries: n,
      domain_acc: r3(domainOk / n),
      service_acc: r3(serviceOk / n),
      emergency_recall: per.emergency.recall,
      wants_human_recall: per.wants_human.recall,
      flag_f1: r3(flagF1),
      flags: per,
      ms_per_query: r3(ms / n),
    }),
  );
}
