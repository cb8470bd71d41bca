import { describe, expect, it } from 'vitest';
import { describeFrame } from './Toasts';

describe('desk live notices', () => {
  it('turns SLA and order frames into Chinese notices and ignores the rest', () => {
    expect(describeFrame({ type: 'sla.warning', orderNo: 'A-1', clock: 'first_response' })).toEqual({ kind: 'warning', orderNo: 'A-1', text: '预警：工单 A-1 的首次响应时限即将到期' });
    expect(describeFrame({ type: 'sla.overdue', orderNo: 'A-1', clock: 'resolution' })?.kind).toBe('overdue');
    expect(describeFrame({ type: 'order.created', orderNo: 'A-2' })?.text).toContain('A-2');
    expect(describeFrame({ type: 'conversation.staff_message', conversationId: 'c' })).toBeNull();
  });
});
