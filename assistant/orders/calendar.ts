// Business calendar: working hours, weekends, statutory holidays and 调休 working days, loaded
// from rules/calendar.json (or BUSINESS_CALENDAR) and validated. All arithmetic is on UTC
// instants with the calendar's fixed UTC offset (China has no daylight saving time).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const CalendarSchema = z
  .object({
    name: z.string(),
    source: z.string().optional(),
    utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
    workingHours: z.array(z.object({ start: HHMM, end: HHMM }).strict()).min(1),
    weekend: z.array(z.number().int().min(0).max(6)),
    hoursLabel: z.string(),
    holidays: z.array(DAY),
    workdays: z.array(DAY),
  })
  .strict()
  .refine((c) => c.workingHours.every((p) => p.start < p.end), 'every working period must end after it starts');

export type CalendarData = z.infer<typeof CalendarSchema>;

export const DEFAULT_CALENDAR_PATH = fileURLToPath(new URL('./rules/calendar.json', import.meta.url));

const MIN = 60_000;
const DAY_MS = 86_400_000;

export class BusinessCalendar {
  readonly offsetMs: number;
  private periods: [number, number][]; // minutes after local midnight
  private holidays: Set<string>;
  private workdays: Set<string>;
  private weekend: Set<number>;

  constructor(readonly data: CalendarData) {
    const sign = data.utcOffset.startsWith('-') ? -1 : 1;
    const [h, m] = data.utcOffset.slice(1).split(':').map(Number);
    this.offsetMs = sign * (h * 60 + m) * MIN;
    const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
    this.periods = data.workingHours.map((p) => [toMin(p.start), toMin(p.end)] as [number, number]).sort((a, b) => a[0] - b[0]);
    this.holidays = new Set(data.holidays);
    this.workdays = new Set(data.workdays);
    this.weekend = new Set(data.weekend);
  }

  static load(path: string = DEFAULT_CALENDAR_PATH): BusinessCalendar {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new Error(`business calendar ${path}: ${(e as Error).message}`);
    }
    const r = CalendarSchema.safeParse(raw);
    if (!r.success) throw new Error(`business calendar ${path}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
    return new BusinessCalendar(r.data);
  }

  /** Local calendar day (YYYY-MM-DD) of an instant. */
  localDay(t: Date): string {
    return new Date(t.getTime() + this.offsetMs).toISOString().slice(0, 10);
  }

  /** Local HH:MM of an instant. */
  localTime(t: Date): string {
    return new Date(t.getTime() + this.offsetMs).toISOString().slice(11, 16);
  }

  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return !this.weekend.has(new Date(`${day}T00:00:00Z`).getUTCDay());
  }

  /** Working periods of a local day as UTC epoch ms intervals. */
  private periodsOf(dayStartUtc: number): [number, number][] {
    const day = new Date(dayStartUtc + this.offsetMs).toISOString().slice(0, 10);
    if (!this.isWorkingDay(day)) return [];
    return this.periods.map(([a, b]) => [dayStartUtc + a * MIN, dayStartUtc + b * MIN]);
  }

  /** UTC epoch ms of the local midnight starting the day that contains t. */
  private dayStart(t: number): number {
    const local = t + this.offsetMs;
    return local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - this.offsetMs;
  }

  isOpen(t: Date): boolean {
    const ms = t.getTime();
    return this.periodsOf(this.dayStart(ms)).some(([a, b]) => ms >= a && ms < b);
  }

  /** t itself when open, else the start of the next working period. */
  nextOpen(t: Date): Date {
    let ms = t.getTime();
    for (let d = this.dayStart(ms), i = 0; i < 800; d += DAY_MS, i++) {
      for (const [a, b] of this.periodsOf(d)) {
        if (ms < b) return new Date(Math.max(ms, a));
      }
      ms = Math.max(ms, d + DAY_MS);
    }
    throw new Error('business calendar has no working period in the next 800 days');
  }

  /** The instant `minutes` of business time after `t`. */
  addBusinessMinutes(t: Date, minutes: number): Date {
    let left = minutes * MIN;
    let ms = t.getTime();
    for (let d = this.dayStart(ms), i = 0; i < 800; d += DAY_MS, i++) {
      for (const [a, b] of this.periodsOf(d)) {
        if (ms >= b) continue;
        const from = Math.max(ms, a);
        if (from + left <= b) return new Date(from + left);
        left -= b - from;
        ms = b;
      }
    }
    throw new Error('business calendar has no working period in the next 800 days');
  }

  /** Business minutes between a and b (negative when b is before a). */
  businessMinutesBetween(a: Date, b: Date): number {
    if (b < a) return -this.businessMinutesBetween(b, a);
    let total = 0;
    const end = b.getTime();
    for (let d = this.dayStart(a.getTime()); d < end; d += DAY_MS) {
      for (const [p, q] of this.periodsOf(d)) {
        const lo = Math.max(p, a.getTime());
        const hi = Math.min(q, end);
        if (hi > lo) total += hi - lo;
      }
    }
    return total / MIN;
  }

  /** "3月3日（周二）9:00" for citizen messages. */
  describe(t: Date): string {
    const l = new Date(t.getTime() + this.offsetMs);
    const wd = '日一二三四五六'[l.getUTCDay()];
    return `${l.getUTCMonth() + 1}月${l.getUTCDate()}日（周${wd}）${l.getUTCHours()}:${String(l.getUTCMinutes()).padStart(2, '0')}`;
  }
}
