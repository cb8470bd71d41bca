// Reporting periods in local days (Asia/Shanghai by default) mapped to UTC ISO bounds, since the
// stores keep UTC ISO timestamps.
import { AppError } from '../errors';

export interface Period {
  from: string; // YYYY-MM-DD, local, inclusive
  to: string; // YYYY-MM-DD, local, inclusive
  startUtc: string; // ISO, inclusive
  endUtc: string; // ISO, exclusive
  offsetMinutes: number; // local = UTC + offset
  days: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** UTC offset of a time zone at an instant, in minutes (Asia/Shanghai → 480). */
export function tzOffsetMinutes(timeZone: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function localDay(at: Date, offsetMinutes: number): string {
  return new Date(at.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

export function period(from: string, to: string, offsetMinutes: number): Period {
  if (!DAY.test(from) || !DAY.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) {
    throw new AppError('bad_request', '日期格式应为 YYYY-MM-DD。');
  }
  if (from > to) throw new AppError('bad_request', '开始日期不能晚于结束日期。');
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days.push(d);
    if (days.length > 366) throw new AppError('bad_request', '统计区间不能超过一年。');
  }
  const toUtc = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - offsetMinutes * 60_000).toISOString();
  return { from, to, startUtc: toUtc(from), endUtc: toUtc(addDays(to, 1)), offsetMinutes, days };
}

export function monthPeriod(month: string, offsetMinutes: number): Period {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('bad_request', '月份格式应为 YYYY-MM。');
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return period(`${month}-01`, `${month}-${String(last).padStart(2, '0')}`, offsetMinutes);
}
