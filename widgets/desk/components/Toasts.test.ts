import { describe, expect, it } from 'vitest';
import { describeFrame } from './Toasts';

describe('desk live notices', () => {
  it('turns SLA and order frames into Chinese notices and ignores the rest', () => {
    // The server's Chinese message is shown as is; the desk keeps no clock-name table of its own.
    const warning = { type: 'sla.warning', orderNo: 'A-1', clock: 'first_response', clockLabel: '首次响应', message: '预警：工单 A-1 的首次响应时限即将到期' };
    expect(describeFrame(warning)).toEqual({ kind: 'warning', orderNo: 'A-1', text: '预警：工单 A-1 的首次响应时限即将到期' });
    const overdue = { type: 'sla.overdue', orderNo: 'A-1', clock: 'resolution', clockLabel: '办结', message: '超时：工单 A-1 的办结超时，已升级至主管王敏' };
    expect(describeFrame(overdue)).toEqual({ kind: 'overdue', orderNo: 'A-1', text: '超时：工单 A-1 的办结超时，已升级至主管王敏' });
    expect(describeFrame({ type: 'order.created', orderNo: 'A-2' })?.text).toContain('A-2');
    expect(describeFrame({ type: 'conversation.staff_message', conversationId: 'c' })).toBeNull();
  });
});
