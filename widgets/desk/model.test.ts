import { describe, expect, it } from 'vitest';
import { fmtLeft, fmtTime, slaLevel, toOrder } from './model';

const now = Date.parse('2026-11-23T06:00:00Z');

describe('desk order model', () => {
  it('normalises an order with JSON columns and SLA clocks', () => {
    const o = toOrder({
      order: {
        orderNo: '12348-20261123-000001',
        state: 'assigned',
        stateLabel: '已分派', // labels come from the server (assistant/orders)
        type: 'consultation',
        typeLabel: '法律咨询',
        channel: 'web',
        summary: '公司拖欠工资',
        transcript: JSON.stringify([{ role: 'citizen', text: '公司拖欠工资' }]),
        articles: '[{"law":"中华人民共和国劳动合同法","article":"第三十条"}]',
        sla: [{ clock: 'first_response', dueAt: '2026-11-23T06:20:00Z', warnAt: '2026-11-23T06:10:00Z', status: 'running' }],
      },
    });
    expect(o.orderNo).toBe('12348-20261123-000001');
    expect(o.stateLabel).toBe('已分派');
    expect(o.typeLabel).toBe('法律咨询');
    expect(o.transcript[0].text).toBe('公司拖欠工资');
    expect(o.articles[0].article).toBe('第三十条');
    expect(slaLevel(o, now).level).toBe('ok');
    expect(slaLevel(o, Date.parse('2026-11-23T06:15:00Z')).level).toBe('warning');
    expect(slaLevel(o, Date.parse('2026-11-23T06:25:00Z')).level).toBe('overdue');
  });
  it('picks the worst clock and treats breached as overdue', () => {
    const o = toOrder({
      orderNo: 'X',
      state: 'in_progress',
      sla: [
        { clock: 'callback', dueAt: '2026-11-24T06:00:00Z', status: 'running' },
        { clock: 'first_response', dueAt: '2026-11-23T05:00:00Z', status: 'breached' },
      ],
    });
    const s = slaLevel(o, now);
    expect(s.level).toBe('overdue');
    expect(s.clock?.clock).toBe('first_response');
    expect(slaLevel(toOrder({ orderNo: 'Y', state: 'resolved' }), now).level).toBe('done');
  });
  it('reads list items: running clocks with the server label and state, most urgent first', () => {
    const o = toOrder({
      orderNo: 'L-1',
      state: 'assigned',
      slaClocks: [
        { kind: 'first_response', label: '首次响应', warnAt: '2026-11-23T06:20:00Z', dueAt: '2026-11-23T06:25:00Z', state: 'ok', stateLabel: '正常' },
        { kind: 'resolution', label: '办结', warnAt: '2026-11-25T06:00:00Z', dueAt: '2026-11-26T09:00:00Z', state: 'ok', stateLabel: '正常' },
      ],
    });
    expect(o.sla.map((c) => [c.clock, c.label])).toEqual([
      ['first_response', '首次响应'],
      ['resolution', '办结'],
    ]);
    const s = slaLevel(o, now);
    expect(s).toMatchObject({ level: 'ok', clock: { clock: 'first_response' } });
    expect(fmtLeft(s.clock!.dueAt, now)).toBe('剩余25分钟');
    expect(fmtLeft(o.sla[1].dueAt, now)).toBe('剩余3天3小时');
    // The server said overdue (its clock): the desk does not show it as ok even if the browser lags.
    const late = toOrder({ orderNo: 'L-2', state: 'claimed', slaClocks: [{ kind: 'resolution', label: '办结', warnAt: '2026-11-24T00:00:00Z', dueAt: '2026-11-24T06:00:00Z', state: 'overdue' }] });
    expect(slaLevel(late, now).level).toBe('overdue');
  });
  it('formats times in the platform time zone, whatever the browser zone', () => {
    expect(fmtTime('2026-11-23T02:00:00Z', 'Asia/Shanghai')).toBe('11-23 10:00');
    expect(fmtTime('2026-11-23T17:05:00Z', 'Asia/Shanghai')).toBe('11-24 01:05');
  });
  it('formats remaining and overdue time in Chinese', () => {
    expect(fmtLeft('2026-11-23T07:30:00Z', now)).toBe('剩余1小时30分');
    expect(fmtLeft('2026-11-23T05:50:00Z', now)).toBe('超时10分钟');
  });
});
