import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './calendar';
import { durationMinutes, loadDispatch, loadSla, matchRule, ORDER_TYPES, planClock, type RoutableOrder } from './rules';

const dispatch = loadDispatch();
const sla = loadSla();
const cal = BusinessCalendar.load();
const base: RoutableOrder = { type: 'consultation', domain: null, service: null, region: null, urgency: 'normal', channel: 'web' };

describe('dispatch rules (rules/dispatch.json)', () => {
  it('routes by urgency, type, service, region and domain, first match wins', () => {
    expect(matchRule(dispatch, { ...base, urgency: 'emergency', type: 'complaint' }).team).toBe('hotline');
    expect(matchRule(dispatch, { ...base, type: 'complaint' }).team).toBe('complaints');
    expect(matchRule(dispatch, { ...base, service: '法律援助' }).team).toBe('legal_aid_center');
    expect(matchRule(dispatch, { ...base, type: 'mediation' }).team).toBe('mediation_committee');
    expect(matchRule(dispatch, { ...base, service: '公证' }).team).toBe('notary_office');
    expect(matchRule(dispatch, { ...base, type: 'visit', region: '陕西省西安市雁塔区' }).team).toBe('yanta_center');
    expect(matchRule(dispatch, { ...base, type: 'visit', region: '西安市碑林区' }).team).toBe('front_desk');
    expect(matchRule(dispatch, { ...base, domain: '劳动' })).toEqual({ rule: '劳动社保咨询', team: 'labor_desk' });
    expect(matchRule(dispatch, { ...base, domain: '婚姻家庭' })).toEqual({ rule: '默认分派', team: 'hotline' });
  });
});

describe('SLA deadlines (rules/sla.json)', () => {
  it('has deadlines for every order type and converts units with the calendar', () => {
    for (const t of ORDER_TYPES) expect(sla.types[t]).toBeDefined();
    expect(durationMinutes('30m', cal, 'business')).toBe(30);
    expect(durationMinutes('2h', cal, 'business')).toBe(120);
    expect(durationMinutes('1d', cal, 'business')).toBe(420); // 9:00-12:00 + 13:30-17:30
    expect(durationMinutes('1d', cal, '24x7')).toBe(1440);
  });

  it('plans clocks in business time, emergencies around the clock', () => {
    const fri = new Date('2026-03-06T17:00:00+08:00');
    const p = planClock(sla, cal, 'consultation', 'normal', 'first_response', fri);
    expect(p.dueAt.toISOString()).toBe(new Date('2026-03-06T17:30:00+08:00').toISOString());
    expect(p.warnAt.toISOString()).toBe(new Date('2026-03-06T17:24:00+08:00').toISOString());
    const late = planClock(sla, cal, 'consultation', 'normal', 'first_response', new Date('2026-03-06T17:20:00+08:00'));
    expect(late.warnAt.toISOString()).toBe(new Date('2026-03-09T09:14:00+08:00').toISOString());
    expect(late.dueAt.toISOString()).toBe(new Date('2026-03-09T09:20:00+08:00').toISOString());
    const e = planClock(sla, cal, 'consultation', 'emergency', 'first_response', fri);
    expect(e.calendar).toBe('24x7');
    expect(e.dueAt.toISOString()).toBe(new Date('2026-03-06T17:10:00+08:00').toISOString());
    const r = planClock(sla, cal, 'consultation', 'emergency', 'resolution', fri);
    expect(r.calendar).toBe('business');
  });
});
