import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { AppError } from '../errors';
import type { HandoffRequest, Triage } from '../ports';
import { openOrdersHarness, type OrdersHarness } from './test-support';

const PHONE = '13800138000';
const triage = (domain: Triage['domain'], service: Triage['service'] = '法律咨询', extra: Partial<Triage> = {}): Triage => ({
  domain,
  service,
  confidence: 0.8,
  flags: [],
  urgency: 'normal',
  ...extra,
});

function request(over: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    conversationId: `conv-${Math.random().toString(36).slice(2)}`,
    channel: 'web',
    reason: 'citizen',
    transcript: [
      { role: 'citizen', text: `公司拖欠我三个月工资怎么办？我的电话是${PHONE}`, at: '2026-03-02T00:55:00.000Z' },
      { role: 'assistant', text: '根据《劳动合同法》第三十条……', at: '2026-03-02T00:55:02.000Z' },
      { role: 'citizen', text: '转人工', at: '2026-03-02T00:56:00.000Z' },
    ],
    triage: triage('劳动'),
    region: '陕西省西安市雁塔区',
    citizen: { phone: PHONE, name: '张三' },
    articles: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }],
    waitingSince: '2026-03-02T00:55:00.000Z',
    ...over,
  };
}

let h: OrdersHarness;
afterEach(async () => {
  await h?.close();
});

function expectAppError(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    return e as AppError;
  }
  throw new Error(`expected AppError ${code}`);
}

describe('handoff', () => {
  it('opens a dispatched order carrying transcript, triage, articles and waiting time; phone only sealed', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00+08:00'));
    h = await openOrdersHarness({ clock });
    const agent = await h.addStaff('labor1', 'agent', 'labor_desk');
    const r = await h.ctx.ports.orders!.handoff(request());
    expect(r.orderNo).toBe('12348-20260302-000001');
    expect(r.message).toContain(r.orderNo);
    expect(r.message).toContain('138****8000');
    expect(r.message).toContain('30 分钟');
    const o = h.svc.get(r.orderNo);
    expect(o.state).toBe('assigned');
    expect(o.type).toBe('consultation');
    expect(o.assigneeId).toBe(agent.id); // labor desk is load-assigned
    expect(o.waitingSince).toBe('2026-03-02T00:55:00.000Z');
    expect(JSON.parse(o.articles)).toEqual([{ law: '中华人民共和国劳动合同法', article: '第三十条' }]);
    expect(JSON.parse(o.triage!).domain).toBe('劳动');
    const transcript = JSON.parse(o.transcript);
    expect(transcript).toHaveLength(3);
    expect(transcript[0].text).toContain('138****8000');
    expect(o.phoneMasked).toBe('138****8000');
    expect(o.phoneEnc).not.toContain(PHONE);
    expect(h.svc.events(o.id).map((e) => [e.event, e.toState])).toEqual([
      ['create', 'received'],
      ['dispatch', 'assigned'],
    ]);
    expect(h.events.map((e) => e.name)).toEqual(['order.created', 'order.updated']);
    // The raw number is nowhere in the database files.
    h.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(h.dir).filter((x) => x.startsWith('app.sqlite'))) {
      expect(readFileSync(join(h.dir, f)).includes(Buffer.from(PHONE))).toBe(false);
    }
    // A second handoff of the same conversation does not open a duplicate.
    const again = await h.ctx.ports.orders!.handoff(request({ conversationId: o.conversationId! }));
    expect(again.orderNo).toBe(r.orderNo);
    expect(again.message).toContain('请勿重复提交');
  });

  it('tells the citizen about business hours, emergencies and missing phones', async () => {
    const clock = new ManualClock(new Date('2026-03-06T19:00:00+08:00')); // Friday evening
    h = await openOrdersHarness({ clock });
    const late = await h.ctx.ports.orders!.handoff(request());
    expect(late.message).toContain('非工作时间');
    expect(late.message).toContain('3月9日（周一）9:00');
    const sos = await h.ctx.ports.orders!.handoff(
      request({ reason: 'emergency', triage: triage('婚姻家庭', '法律咨询', { flags: ['emergency'], urgency: 'emergency' }) }),
    );
    expect(sos.message).toContain('110');
    expect(sos.message).toContain('10 分钟');
    const o = h.svc.get(sos.orderNo);
    expect(o.urgency).toBe('emergency');
    expect(o.priority).toBe(100);
    // Emergency on top of the queue.
    expect(h.svc.list({ state: ['assigned'] }).items[0].orderNo).toBe(sos.orderNo);
    const anon = await h.ctx.ports.orders!.handoff(request({ citizen: undefined }));
    expect(anon.message).toContain('没有留下手机号');
    expect(h.ctx.ports.orders!.progress(anon.orderNo, '8000')).toBeNull();
  });

  it('derives the order type and routes legal aid and complaints to their teams', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const aid = await h.ctx.ports.orders!.handoff(request({ reason: 'legal_aid', triage: triage('劳动', '法律援助', { flags: ['legal_aid_candidate'] }) }));
    const o = h.svc.get(aid.orderNo);
    expect(o.type).toBe('legal_aid');
    expect(h.staff.teamById(o.teamId!)!.key).toBe('legal_aid_center');
    expect(o.assigneeId).toBeNull(); // pool: claimed by the centre's staff
    expect(aid.message).toContain('法律援助中心');
    const complaint = await h.ctx.ports.orders!.handoff(request({ reason: 'complaint', triage: triage('其他', '投诉建议', { flags: ['complaint'] }) }));
    expect(h.svc.get(complaint.orderNo).type).toBe('complaint');
    expect(h.staff.teamById(h.svc.get(complaint.orderNo).teamId!)!.key).toBe('complaints');
  });

  it('refuses malformed requests writing nothing, but never refuses a citizen over a bad caller number', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    await expect(h.ctx.ports.orders!.handoff({ ...request(), channel: 'fax' as 'web' })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(h.ctx.ports.orders!.handoff({ ...request(), waitingSince: 'yesterday' })).rejects.toMatchObject({ code: 'bad_request' });
    expect(h.svc.list({}).total).toBe(0);
    const r = await h.ctx.ports.orders!.handoff(request({ channel: 'voice', citizen: { phone: 'anonymous' } }));
    expect(h.svc.get(r.orderNo).phoneEnc).toBeNull();
    expect(r.message).toContain('没有留下手机号');
    // Desk creation stays strict: staff can correct the number.
    expect(() => h.svc.create({ type: 'visit', channel: 'desk', reason: 'staff', summary: '来访', citizen: { phone: '12345' } }, { kind: 'staff', staff: h.admin })).toThrow(/联系电话格式不正确/);
  });
});

describe('lifecycle', () => {
  it('runs 受理→分派→认领→办理(回拨)→办结→回访 with an event for every step and learning material', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00+08:00'));
    h = await openOrdersHarness({ clock });
    const agent = await h.addStaff('a1', 'agent', 'labor_desk');
    const me = { kind: 'staff' as const, staff: agent };
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    clock.advance(5 * 60_000);
    h.svc.act(orderNo, 'claim', {}, me);
    h.svc.act(orderNo, 'callback', { outcome: 'no_answer' }, me);
    h.svc.act(orderNo, 'callback', { outcome: 'reached', note: `已联系，对方号码${PHONE}` }, me);
    expectAppError(() => h.svc.act(orderNo, 'resolve', { resolution: '已告知维权途径', cited: [{ law: '劳动合同法', article: '第九百条' }] }, me), 'bad_request');
    const resolved = h.svc.act(
      orderNo,
      'resolve',
      { resolution: `已告知可向劳动监察投诉或申请仲裁，群众电话${PHONE}`, cited: [{ law: '劳动合同法', article: '第三十条' }] },
      me,
    );
    expect(resolved.order.state).toBe('resolved');
    expect(JSON.parse(resolved.order.cited)).toEqual([{ law: '中华人民共和国劳动合同法', article: '第三十条' }]);
    h.svc.act(orderNo, 'revisit', { satisfaction: 5, adopted: true, comment: '满意' }, me);
    const o = h.svc.get(orderNo);
    expect(o.state).toBe('evaluated');
    expect(o.satisfaction).toBe(5);
    const events = h.svc.events(o.id);
    expect(events.map((e) => e.event)).toEqual(['create', 'dispatch', 'claim', 'callback', 'callback', 'resolve', 'revisit']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.at(-1)!.toState).toBe(o.state);
    expect(o.version).toBe(7);
    expect(events[2]).toMatchObject({ actorKind: 'staff', actorId: agent.id, fromState: 'assigned', toState: 'claimed' });
    expect(h.svc.callbacksOf(o.id).map((c) => c.outcome)).toEqual(['no_answer', 'reached']);
    expect(h.svc.callbacksOf(o.id)[1].note).toContain('138****8000');
    const learn = h.ctx.ports.orders!.resolvedForLearning(o.id)!;
    expect(learn.resolution).toContain('138****8000');
    expect(learn.resolution).not.toContain(PHONE);
    expect(learn.question).toContain('拖欠');
    expect(learn.cited).toEqual([{ law: '中华人民共和国劳动合同法', article: '第三十条' }]);
    expect(h.ctx.ports.orders!.listByCitizen('nobody')).toEqual([]);
    // SLA clocks stopped as met
    expect(h.sla.forOrder(o.id).map((c) => [c.clock, c.status])).toEqual([
      ['first_response', 'met'],
      ['callback', 'met'],
      ['resolution', 'met'],
    ]);
  });

  it('transfers, returns, reopens, merges and closes, with reasons required', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const a = await h.addStaff('a1', 'agent', 'labor_desk');
    const sup = await h.addStaff('sup', 'supervisor', 'labor_desk');
    const aid = await h.addStaff('aid1', 'agent', 'legal_aid_center');
    const asA = { kind: 'staff' as const, staff: a };
    const asSup = { kind: 'staff' as const, staff: sup };
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    h.svc.act(orderNo, 'claim', {}, asA);
    expectAppError(() => h.svc.act(orderNo, 'transfer', { teamKey: 'legal_aid_center' }, asA), 'bad_request'); // no reason
    const t = h.svc.act(orderNo, 'transfer', { teamKey: 'legal_aid_center', reason: '符合法律援助条件' }, asA);
    expect(t.order.state).toBe('assigned');
    expect(t.order.assigneeId).toBeNull();
    // Another team's agent cannot work it; the legal-aid agent claims it from the pool.
    expectAppError(() => h.svc.act(orderNo, 'claim', {}, asA), 'forbidden');
    h.svc.act(orderNo, 'claim', {}, { kind: 'staff', staff: aid });
    const ret = h.svc.act(orderNo, 'return', { reason: '不属于本中心受理范围' }, { kind: 'staff', staff: aid });
    expect(ret.order.state).toBe('returned');
    expectAppError(() => h.svc.act(orderNo, 'assign', { assigneeId: a.id }, asA), 'forbidden'); // agents cannot assign
    h.svc.act(orderNo, 'assign', { assigneeId: a.id, reason: '主管指派' }, asSup);
    h.svc.act(orderNo, 'claim', {}, asA);
    h.svc.act(orderNo, 'start', {}, asA);
    h.svc.act(orderNo, 'resolve', { resolution: '已解答，建议申请劳动仲裁', cited: [] }, asA);
    const re = h.svc.act(orderNo, 'reopen', { reason: '群众反映问题未解决' }, asSup);
    expect(re.order).toMatchObject({ state: 'assigned', assigneeId: a.id, resolvedAt: null });
    expect(h.sla.forOrder(re.order.id).find((c) => c.clock === 'resolution')!.status).toBe('running');

    const dup = await h.ctx.ports.orders!.handoff(request());
    expectAppError(() => h.svc.act(dup.orderNo, 'merge', { into: dup.orderNo, reason: '重复' }, asSup), 'bad_request');
    const m = h.svc.act(dup.orderNo, 'merge', { into: orderNo, reason: '同一群众同一事项' }, asSup);
    expect(m.order.state).toBe('merged');
    expect(h.svc.events(re.order.id).at(-1)).toMatchObject({ event: 'note', data: JSON.stringify({ mergedFrom: dup.orderNo }) });
    const other = await h.ctx.ports.orders!.handoff(request());
    expectAppError(() => h.svc.act(other.orderNo, 'merge', { into: dup.orderNo, reason: 'x' }, asSup), 'invalid_transition');
    const c = h.svc.act(other.orderNo, 'close', { reason: '群众撤回诉求' }, asSup);
    expect(c.order.state).toBe('closed');
    expectAppError(() => h.svc.act(other.orderNo, 'claim', {}, asSup), 'invalid_transition');
  });

  it('refuses invalid transitions without writing anything, and stale versions with conflict', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const a = await h.addStaff('a1', 'agent', 'labor_desk');
    const me = { kind: 'staff' as const, staff: a };
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    const before = h.svc.get(orderNo);
    for (const action of ['start', 'callback', 'resolve', 'revisit', 'reopen'] as const) {
      const e = expectAppError(() => h.svc.act(orderNo, action, { outcome: 'reached', resolution: '12345678', satisfaction: 3, reason: 'x' }, me), 'invalid_transition');
      expect(e.userMessage).toContain('已分派');
    }
    expectAppError(() => h.svc.act(orderNo, 'evaluate', { satisfaction: 5 }, me), 'forbidden');
    expect(h.svc.get(orderNo).version).toBe(before.version);
    expect(h.svc.events(before.id)).toHaveLength(2);
    expectAppError(() => h.svc.act(orderNo, 'claim', { expectedVersion: 1 }, me), 'conflict');
    h.svc.act(orderNo, 'claim', { expectedVersion: 2 }, me);
    expectAppError(() => h.svc.act('12348-20990101-000001', 'claim', {}, me), 'not_found');
  });
});

describe('dispatch', () => {
  it('is load-aware within a team, respects max load, and falls back to the pool', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const a = await h.addStaff('a1', 'agent', 'labor_desk', 2);
    const b = await h.addStaff('b1', 'agent', 'labor_desk', 1);
    await h.addStaff('other', 'agent', 'hotline');
    const assignees = [];
    for (let i = 0; i < 4; i++) assignees.push(h.svc.get((await h.ctx.ports.orders!.handoff(request())).orderNo).assigneeId);
    expect(assignees).toEqual([a.id, b.id, a.id, null]); // b full after 1, a after 2, then pool
    expect(h.dispatcher.loads(h.staff.teamByKey('labor_desk')!.id).map((l) => l.load)).toEqual([2, 1]);
    const visit = h.svc.create({ type: 'visit', channel: 'desk', reason: 'staff', summary: '来访咨询离婚财产分割', region: '西安市雁塔区' }, { kind: 'staff', staff: h.admin });
    expect(h.staff.teamById(visit.teamId!)!.key).toBe('yanta_center');
    expect(visit.dispatchRule).toBe('雁塔区来访与预约');
    const manual = h.svc.create({ type: 'referral', channel: 'desk', reason: 'staff', summary: '公证业务移交', teamId: h.staff.teamByKey('notary_office')!.id }, { kind: 'staff', staff: h.admin });
    expect(manual.dispatchRule).toBe('人工指派');
    expect(h.svc.events(manual.id)[1]).toMatchObject({ event: 'dispatch', actorKind: 'staff', actorId: h.admin.id });
  });

  it('books appointments with a time and reschedules them', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const desk = await h.addStaff('desk1', 'agent', 'front_desk');
    expectAppError(() => h.svc.create({ type: 'appointment', channel: 'desk', reason: 'staff', summary: '预约律师咨询' }, { kind: 'staff', staff: desk }), 'bad_request');
    const o = h.svc.create(
      { type: 'appointment', channel: 'web', reason: 'citizen', summary: '预约律师面谈', appointmentAt: '2026-03-04T10:00:00+08:00', place: '雁塔区中心 2 号窗口', citizen: { phone: '13900001111' } },
      { kind: 'citizen' },
    );
    expect(o.appointmentAt).toBe('2026-03-04T02:00:00.000Z');
    expect(h.staff.teamById(o.teamId!)!.key).toBe('front_desk');
    h.svc.act(o.orderNo, 'reschedule', { appointmentAt: '2026-03-05T14:00:00+08:00', reason: '群众申请改期' }, { kind: 'staff', staff: desk });
    expect(h.svc.appointmentsOf(o.id).map((x) => x.status)).toEqual(['rescheduled', 'booked']);
    expect(h.svc.progress(o.orderNo, '1111')!.nextStep).toContain('3月5日（周四）14:00');
  });
});

describe('SLA in business time', () => {
  it('warns before the deadline and escalates to the team supervisor when overdue, across a weekend', async () => {
    const clock = new ManualClock(new Date('2026-03-06T17:20:00+08:00')); // Friday, 10 minutes before closing
    h = await openOrdersHarness({ clock });
    const sup = await h.addStaff('sup', 'supervisor', 'labor_desk');
    await h.addStaff('a1', 'agent', 'labor_desk');
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    const o = h.svc.get(orderNo);
    const first = h.sla.forOrder(o.id).find((c) => c.clock === 'first_response')!;
    expect(first.dueAt).toBe(new Date('2026-03-09T09:20:00+08:00').toISOString()); // 30 business minutes
    expect(h.svc.checkSla()).toEqual({ warned: 0, overdue: 0 });
    clock.set('2026-03-08T23:00:00+08:00'); // Sunday night: no business time has passed
    expect(h.svc.checkSla()).toEqual({ warned: 0, overdue: 0 });
    clock.set('2026-03-09T09:15:00+08:00');
    expect(h.svc.checkSla()).toEqual({ warned: 1, overdue: 0 });
    expect(h.events.filter((e) => e.name === 'sla.warning')).toHaveLength(1);
    expect(h.svc.checkSla()).toEqual({ warned: 0, overdue: 0 }); // pushed once
    clock.set('2026-03-09T09:21:00+08:00');
    expect(h.svc.checkSla()).toEqual({ warned: 0, overdue: 1 });
    const overdue = h.events.find((e) => e.name === 'sla.overdue')!.payload as { escalatedTo: number; clock: string };
    expect(overdue).toMatchObject({ clock: 'first_response', escalatedTo: sup.id });
    expect(overdue).toMatchObject({ clockLabel: '首次响应', message: `超时：工单 ${orderNo} 的首次响应超时，已升级至主管员工sup` });
    expect(h.events.find((e) => e.name === 'sla.warning')!.payload).toMatchObject({ clockLabel: '首次响应', message: `预警：工单 ${orderNo} 的首次响应时限即将到期` });
    const last = h.svc.events(o.id).at(-1)!;
    expect(last).toMatchObject({ event: 'escalate', actorKind: 'system', toState: 'assigned', reason: '首次响应超时，已升级至主管员工sup' });
    expect(JSON.parse(last.data!)).toMatchObject({ reasonCode: 'first_response_overdue', clock: 'first_response', escalatedTo: sup.id });
    const view = h.sla.overview(clock.now());
    expect(view.clocks.first_response.overdue).toBe(1);
    expect(view.atRisk[0]).toMatchObject({ orderNo, level: 'overdue', clock: 'first_response' });
    // Claiming late stops the clock as breached.
    h.svc.act(orderNo, 'claim', {}, { kind: 'staff', staff: { id: sup.id, username: 'sup', name: 'x', role: 'supervisor', teamId: sup.teamId } });
    expect(h.sla.forOrder(o.id).find((c) => c.clock === 'first_response')!.status).toBe('breached');
  });
});

describe('periodic SLA check', () => {
  it('runs on its own every SLA_CHECK_SECONDS and stops with the module', async () => {
    const clock = new ManualClock(new Date('2026-03-02T10:00:00+08:00'));
    h = await openOrdersHarness({ clock, env: { SLA_CHECK_SECONDS: '0.05' } });
    await h.ctx.ports.orders!.handoff(request());
    clock.advance(25 * 60_000);
    const seen = async (name: string) => {
      for (let i = 0; i < 100 && !h.events.some((e) => e.name === name); i++) await new Promise((r) => setTimeout(r, 20));
      return h.events.some((e) => e.name === name);
    };
    expect(await seen('sla.warning')).toBe(true);
    await h.stop();
    clock.advance(60 * 60_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.events.some((e) => e.name === 'sla.overdue')).toBe(false);
  });
});

describe('progress for citizens', () => {
  it('answers only with the right last four digits, shows no staff or personal data, and locks after repeated failures', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const a = await h.addStaff('a1', 'agent', 'labor_desk');
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    h.svc.act(orderNo, 'claim', {}, { kind: 'staff', staff: a });
    h.svc.act(orderNo, 'callback', { outcome: 'busy' }, { kind: 'staff', staff: a });
    h.svc.act(orderNo, 'note', { note: '群众情绪激动，注意沟通' }, { kind: 'staff', staff: a });
    const v = h.ctx.ports.orders!.progress(orderNo, '8000')!;
    expect(v).toMatchObject({ orderNo, state: 'in_progress', stateLabel: '办理中' });
    expect(v.history.map((x) => x.label)).toEqual(['诉求已受理', '已分派至劳动社保专席', '工作人员已接单', '工作人员回拨（占线）']);
    const text = JSON.stringify(v);
    for (const secret of [a.name, '张三', '138', '情绪', 'labor']) expect(text).not.toContain(secret);
    expect(h.ctx.ports.orders!.progress(orderNo, '0000')).toBeNull();
    expect(h.ctx.ports.orders!.progress(orderNo.replace(/1$/, '2'), '8000')).toBeNull();
    expect(h.ctx.ports.orders!.progress('nonsense', '8000')).toBeNull();
    // What people type or key in: digits only, spaces, full-width dashes.
    expect(h.ctx.ports.orders!.progress(orderNo.replaceAll('-', ''), '8000')?.orderNo).toBe(orderNo);
    expect(h.ctx.ports.orders!.progress(` ${orderNo.replaceAll('-', '－')} `, '8000')?.orderNo).toBe(orderNo);
    for (let i = 0; i < 9; i++) h.ctx.ports.orders!.progress(orderNo, String(1000 + i));
    expect(h.svc.checkProgress(orderNo, '8000').locked).toBe(true);
    expect(h.ctx.ports.orders!.progress(orderNo, '8000')).toBeNull();
  });

  it('lets the citizen evaluate a resolved order once', async () => {
    h = await openOrdersHarness({ clock: new ManualClock() });
    const a = await h.addStaff('a1', 'agent', 'labor_desk');
    const me = { kind: 'staff' as const, staff: a };
    const { orderNo } = await h.ctx.ports.orders!.handoff(request());
    expectAppError(() => h.svc.evaluateByCitizen(orderNo, '8000', { satisfaction: 5 }), 'invalid_transition');
    h.svc.act(orderNo, 'claim', {}, me);
    h.svc.act(orderNo, 'start', {}, me);
    h.svc.act(orderNo, 'resolve', { resolution: '已协调单位支付工资', cited: [] }, me);
    expectAppError(() => h.svc.evaluateByCitizen(orderNo, '9999', { satisfaction: 5 }), 'not_found');
    const v = h.svc.evaluateByCitizen(orderNo, '8000', { satisfaction: 4, adopted: true, comment: '回复及时' });
    expect(v.state).toBe('evaluated');
    expect(h.svc.events(h.svc.get(orderNo).id).at(-1)).toMatchObject({ event: 'evaluate', actorKind: 'citizen', actorId: null });
    expectAppError(() => h.svc.evaluateByCitizen(orderNo, '8000', { satisfaction: 1 }), 'invalid_transition');
  });
});
