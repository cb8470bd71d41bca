// Dispatch rules and SLA deadlines as reviewed data (rules/dispatch.json, rules/sla.json),
// loaded and validated at start. Pure functions: which rule routes an order, when its clocks fall due.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BusinessCalendar } from './calendar';

export const ORDER_TYPES = ['consultation', 'legal_aid', 'mediation', 'complaint', 'appointment', 'referral', 'visit'] as const;
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_TYPE_LABEL: Record<OrderType, string> = {
  consultation: '法律咨询',
  legal_aid: '法律援助',
  mediation: '矛盾纠纷调解',
  complaint: '投诉',
  appointment: '预约',
  referral: '业务移交',
  visit: '来访登记',
};

export const URGENCIES = ['normal', 'high', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const PRIORITY: Record<Urgency, number> = { normal: 0, high: 50, emergency: 100 };

const TeamSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_]+$/),
    name: z.string().min(1),
    kind: z.enum(['internal', 'partner']),
    assignMode: z.enum(['load', 'pool']),
    region: z.string().optional(),
    phone: z.string().optional(),
  })
  .strict();

const MatchSchema = z
  .object({
    types: z.array(z.enum(ORDER_TYPES)).optional(),
    domains: z.array(z.string()).optional(),
    services: z.array(z.string()).optional(),
    regions: z.array(z.string()).optional(),
    urgency: z.array(z.enum(URGENCIES)).optional(),
    channels: z.array(z.enum(['web', 'voice', 'desk', 'api'])).optional(),
  })
  .strict();

export const DispatchSchema = z
  .object({
    teams: z.array(TeamSchema).min(1),
    rules: z.array(z.object({ name: z.string().min(1), match: MatchSchema, team: z.string() }).strict()),
    default: z.string(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const keys = new Set(d.teams.map((t) => t.key));
    if (keys.size !== d.teams.length) ctx.addIssue({ code: 'custom', message: 'duplicate team key' });
    for (const r of d.rules) if (!keys.has(r.team)) ctx.addIssue({ code: 'custom', message: `rule ${r.name}: unknown team ${r.team}` });
    if (!keys.has(d.default)) ctx.addIssue({ code: 'custom', message: `unknown default team ${d.default}` });
  });

export type DispatchData = z.infer<typeof DispatchSchema>;
export type DispatchRule = DispatchData['rules'][number];
export type TeamDef = DispatchData['teams'][number];

const DURATION = z.string().regex(/^\d+(\.\d+)?[mhd]$/, 'duration like 30m, 2h, 3d');
const Clocks = z.object({ first_response: DURATION, callback: DURATION, resolution: DURATION }).strict();

export const SlaSchema = z
  .object({
    comment: z.string().optional(),
    warnAt: z.number().gt(0).lt(1),
    types: z.record(z.enum(ORDER_TYPES), Clocks),
    urgency: z.record(
      z.enum(URGENCIES),
      z
        .object({ calendar: z.enum(['business', '24x7']).optional(), first_response: DURATION.optional(), callback: DURATION.optional(), resolution: DURATION.optional() })
        .strict(),
    ),
  })
  .strict()
  .refine((s) => ORDER_TYPES.every((t) => s.types[t]), 'every order type needs SLA deadlines');

export type SlaData = z.infer<typeof SlaSchema>;
export const SLA_CLOCKS = ['first_response', 'callback', 'resolution'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];
export const SLA_CLOCK_LABEL: Record<SlaClock, string> = { first_response: '首次响应', callback: '回拨', resolution: '办结' };

const RULES_DIR = fileURLToPath(new URL('./rules/', import.meta.url));

function loadJson<T extends z.ZodTypeAny>(path: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new Error(`${path}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  return r.data;
}

export function loadDispatch(path = `${RULES_DIR}dispatch.json`): DispatchData {
  return loadJson(path, DispatchSchema);
}

export function loadSla(path = `${RULES_DIR}sla.json`): SlaData {
  return loadJson(path, SlaSchema);
}

export interface RoutableOrder {
  type: OrderType;
  domain: string | null;
  service: string | null;
  region: string | null;
  urgency: Urgency;
  channel: string;
}

/** First rule whose every given condition matches (regions match as substrings: 西安市雁塔区 ⊃ 雁塔区). */
export function matchRule(data: DispatchData, o: RoutableOrder): { rule: string; team: string } {
  for (const r of data.rules) {
    const m = r.match;
    if (m.types && !m.types.includes(o.type)) continue;
    if (m.domains && !(o.domain && m.domains.includes(o.domain))) continue;
    if (m.services && !(o.service && m.services.includes(o.service))) continue;
    if (m.urgency && !m.urgency.includes(o.urgency)) continue;
    if (m.channels && !m.channels.includes(o.channel as 'web')) continue;
    if (m.regions && !(o.region && m.regions.some((x) => o.region!.includes(x)))) continue;
    return { rule: r.name, team: r.team };
  }
  return { rule: '默认分派', team: data.default };
}

export interface ClockPlan {
  clock: SlaClock;
  startedAt: Date;
  warnAt: Date;
  dueAt: Date;
  calendar: 'business' | '24x7';
  minutes: number;
}

/** Minutes of a duration; `d` counts working days of the calendar (or 24 h on a 24x7 clock). */
export function durationMinutes(d: string, cal: BusinessCalendar, calendar: 'business' | '24x7'): number {
  const n = Number(d.slice(0, -1));
  const unit = d.slice(-1);
  if (unit === 'm') return n;
  if (unit === 'h') return n * 60;
  const perDay = calendar === '24x7' ? 1440 : cal.data.workingHours.reduce((s, p) => s + minutesOf(p.end) - minutesOf(p.start), 0);
  return n * perDay;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
}

/** Deadlines of one clock started at `start`. */
export function planClock(sla: SlaData, cal: BusinessCalendar, type: OrderType, urgency: Urgency, clock: SlaClock, start: Date): ClockPlan {
  const over = sla.urgency[urgency];
  const duration = over?.[clock] ?? sla.types[type]![clock];
  const calendar = over?.[clock] ? (over.calendar ?? 'business') : 'business';
  const minutes = durationMinutes(duration, cal, calendar);
  const at = (m: number) => (calendar === '24x7' ? new Date(start.getTime() + m * 60_000) : cal.addBusinessMinutes(start, m));
  return { clock, startedAt: start, warnAt: at(minutes * sla.warnAt), dueAt: at(minutes), calendar, minutes };
}
