import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './calendar';

const cal = BusinessCalendar.load();
const t = (s: string) => new Date(s);

describe('business calendar (rules/calendar.json)', () => {
  it('knows working hours, weekends, 2026 holidays and 调休 working days', () => {
    expect(cal.isOpen(t('2026-03-02T09:00:00+08:00'))).toBe(true); // Monday
    expect(cal.isOpen(t('2026-03-02T12:30:00+08:00'))).toBe(false); // lunch
    expect(cal.isOpen(t('2026-03-02T17:30:00+08:00'))).toBe(false); // closing time
    expect(cal.isOpen(t('2026-03-07T10:00:00+08:00'))).toBe(false); // Saturday
    expect(cal.isOpen(t('2026-10-01T10:00:00+08:00'))).toBe(false); // 国庆节
    expect(cal.isOpen(t('2026-02-18T10:00:00+08:00'))).toBe(false); // 春节
    expect(cal.isOpen(t('2026-02-14T10:00:00+08:00'))).toBe(true); // Saturday, 调休 working day
    expect(cal.isOpen(t('2026-01-04T10:00:00+08:00'))).toBe(true); // Sunday, 调休 working day
  });

  it('adds business minutes across lunch, nights, weekends and holidays', () => {
    expect(cal.addBusinessMinutes(t('2026-03-02T11:50:00+08:00'), 30).toISOString()).toBe(t('2026-03-02T13:50:00+08:00').toISOString());
    expect(cal.addBusinessMinutes(t('2026-03-06T17:00:00+08:00'), 60).toISOString()).toBe(t('2026-03-09T09:30:00+08:00').toISOString());
    expect(cal.addBusinessMinutes(t('2026-03-07T22:00:00+08:00'), 10).toISOString()).toBe(t('2026-03-09T09:10:00+08:00').toISOString());
    // 2026-02-13 Fri → 02-14 Sat is a 调休 working day → then 02-15..23 Spring Festival → 02-24
    expect(cal.addBusinessMinutes(t('2026-02-13T17:00:00+08:00'), 60).toISOString()).toBe(t('2026-02-14T09:30:00+08:00').toISOString());
    expect(cal.addBusinessMinutes(t('2026-02-14T17:00:00+08:00'), 60).toISOString()).toBe(t('2026-02-24T09:30:00+08:00').toISOString());
    expect(cal.addBusinessMinutes(t('2026-09-30T17:00:00+08:00'), 30).toISOString()).toBe(t('2026-09-30T17:30:00+08:00').toISOString());
    expect(cal.addBusinessMinutes(t('2026-09-30T17:20:00+08:00'), 30).toISOString()).toBe(t('2026-10-08T09:20:00+08:00').toISOString());
  });

  it('measures business minutes between two instants and finds the next opening', () => {
    expect(cal.businessMinutesBetween(t('2026-03-06T17:00:00+08:00'), t('2026-03-09T09:30:00+08:00'))).toBe(60);
    expect(cal.businessMinutesBetween(t('2026-03-09T09:30:00+08:00'), t('2026-03-06T17:00:00+08:00'))).toBe(-60);
    expect(cal.nextOpen(t('2026-03-06T18:00:00+08:00')).toISOString()).toBe(t('2026-03-09T09:00:00+08:00').toISOString());
    expect(cal.nextOpen(t('2026-03-02T10:00:00+08:00')).toISOString()).toBe(t('2026-03-02T10:00:00+08:00').toISOString());
    expect(cal.describe(t('2026-03-09T09:00:00+08:00'))).toBe('3月9日（周一）9:00');
  });

  it('loads another calendar (BUSINESS_CALENDAR) and refuses an invalid one with a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cal-'));
    const p = join(dir, 'c.json');
    writeFileSync(p, JSON.stringify({ ...cal.data, workingHours: [{ start: '08:00', end: '20:00' }], weekend: [] }));
    const other = BusinessCalendar.load(p);
    expect(other.isOpen(t('2026-03-07T19:00:00+08:00'))).toBe(true);
    writeFileSync(p, JSON.stringify({ ...cal.data, workingHours: [{ start: '18:00', end: '08:00' }] }));
    expect(() => BusinessCalendar.load(p)).toThrow(/working period/);
    writeFileSync(p, '{nope');
    expect(() => BusinessCalendar.load(p)).toThrow(/c\.json/);
  });
});
