import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './calendar';
import { handoffMessage, type HandoffMessageInput } from './handoff-message';
import { loadSla } from './rules';

const cal = BusinessCalendar.load();
const sla = loadSla();
const base: HandoffMessageInput = {
  orderNo: '12348-20260302-000007',
  type: 'consultation',
  urgency: 'normal',
  teamName: '劳动社保专席',
  teamKind: 'internal',
  phoneMasked: '138****8000',
  now: new Date('2026-03-02T10:00:00+08:00'),
};

describe('handoff message', () => {
  it('names the order, the deadline in business hours and how to follow progress', () => {
    const m = handoffMessage(cal, sla, base);
    expect(m).toContain('工单号：12348-20260302-000007');
    expect(m).toContain('30 分钟内通过您留下的电话（138****8000）与您联系');
    expect(m).toContain('手机号后四位');
  });
  it('outside business hours names the next opening, across a holiday', () => {
    const m = handoffMessage(cal, sla, { ...base, now: new Date('2026-09-30T20:00:00+08:00') });
    expect(m).toContain('非工作时间');
    expect(m).toContain('10月8日（周四）9:00');
  });
  it('partners, legal aid hints, emergencies, voice and missing phones', () => {
    const aid = handoffMessage(cal, sla, { ...base, type: 'legal_aid', teamName: '法律援助中心', teamKind: 'partner' });
    expect(aid).toContain('法律援助中心的工作人员');
    expect(aid).toContain('经济困难');
    const sos = handoffMessage(cal, sla, { ...base, urgency: 'emergency', now: new Date('2026-03-07T23:00:00+08:00') });
    expect(sos.startsWith('如您或他人正面临人身安全危险，请立即拨打 110')).toBe(true);
    expect(sos).toContain('10 分钟内');
    expect(sos).not.toContain('非工作时间');
    const voice = handoffMessage(cal, sla, { ...base, channel: 'voice' });
    expect(voice).toContain('回拨您的来电号码');
    expect(voice).not.toContain('****');
    const anon = handoffMessage(cal, sla, { ...base, phoneMasked: null });
    expect(anon).toContain('请留意本页面的消息');
    expect(anon).toContain('没有留下手机号');
  });
});
