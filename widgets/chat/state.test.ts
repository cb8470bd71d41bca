import { describe, expect, it } from 'vitest';
import { applyFrame, citizenSent, initialState, rated } from './state';

describe('widget conversation state', () => {
  it('streams deltas into one answer and finalises it with citations', () => {
    let s = applyFrame(initialState, { type: 'ready', conversationId: 'c1', history: [] });
    s = citizenSent(s, '公司拖欠工资怎么办');
    expect(s.busy).toBe(true);
    s = applyFrame(s, { type: 'answer_delta', text: '根据' });
    s = applyFrame(s, { type: 'answer_delta', text: '劳动合同法' });
    expect(s.messages).toHaveLength(2);
    expect(s.messages[1]).toMatchObject({ role: 'assistant', text: '根据劳动合同法', streaming: true });
    s = applyFrame(s, {
      type: 'answer_done',
      messageId: 'm1',
      text: '根据劳动合同法第三十条……',
      citations: [{ law: '中华人民共和国劳动合同法', article: '第三十条', text: '用人单位应当……', status: 'in_force' }],
    });
    expect(s.busy).toBe(false);
    expect(s.messages).toHaveLength(2);
    expect(s.messages[1]).toMatchObject({ messageId: 'm1', streaming: false, text: '根据劳动合同法第三十条……' });
    expect(s.messages[1].citations[0].article).toBe('第三十条');
    s = applyFrame(s, { type: 'suggestions', items: ['怎么申请劳动仲裁', '需要什么材料'] });
    expect(s.suggestions).toEqual(['怎么申请劳动仲裁', '需要什么材料']);
    s = rated(s, 'm1', true);
    expect(s.messages[1].rating).toEqual({ useful: true, comment: undefined });
  });

  it('raises the emergency notice when triage says so', () => {
    let s = applyFrame(initialState, { type: 'ready', conversationId: 'c1' });
    s = applyFrame(s, { type: 'answer_done', messageId: 'm1', text: '请立即拨打110', citations: [], triage: { urgency: 'normal', flags: [] } });
    expect(s.emergency).toBe(false);
    s = applyFrame(s, { type: 'answer_done', messageId: 'm2', text: '请立即拨打110', citations: [], triage: { urgency: 'emergency', flags: ['emergency'] } });
    expect(s.emergency).toBe(true);
  });

  it('records a handoff with its order number and shows staff replies', () => {
    let s = applyFrame(initialState, { type: 'ready', conversationId: 'c1' });
    s = applyFrame(s, { type: 'suggestions', items: ['怎么申请劳动仲裁'] });
    s = applyFrame(s, { type: 'handoff', orderNo: '12348-20261123-000001', text: '已为您生成工单 12348-20261123-000001' });
    expect(s.orderNo).toBe('12348-20261123-000001');
    expect(s.suggestions).toEqual([]);
    expect(s.messages[0]).toMatchObject({ kind: 'handoff', orderNo: '12348-20261123-000001' });
    s = applyFrame(s, { type: 'staff_message', text: '您好，我是值班律师', from: '张律师' });
    expect(s.messages[1]).toMatchObject({ role: 'staff', from: '张律师', text: '您好，我是值班律师' });
  });

  it('shows work-order status notices as status lines (not staff messages), once each, also from history', () => {
    let s = applyFrame(initialState, { type: 'ready', conversationId: 'c1' });
    s = applyFrame(s, { type: 'handoff', orderNo: '12348-20261123-000001', text: '已为您生成工单 12348-20261123-000001' });
    const claimed = { type: 'order_status' as const, messageId: 'n1', orderNo: '12348-20261123-000001', state: 'claimed', text: '您的工单 12348-20261123-000001 已由工作人员受理，将尽快为您办理。', at: '2026-11-23T08:00:00Z' };
    s = applyFrame(s, claimed);
    expect(s.messages[1]).toMatchObject({ role: 'system', kind: 'order_status', orderNo: '12348-20261123-000001', orderState: 'claimed', text: claimed.text, messageId: 'n1' });
    expect(s.messages[1].from).toBeUndefined();
    expect(applyFrame(s, claimed)).toBe(s); // the same notice again (WebSocket and a catch-up): shown once
    expect(s.busy).toBe(false);

    const resumed = applyFrame(s, {
      type: 'ready',
      conversationId: 'c1',
      orderNo: '12348-20261123-000001',
      history: [
        { role: 'citizen', text: '问题' },
        { id: 'h1', role: 'assistant', kind: 'handoff', text: '已为您生成工单' },
        { id: 'n1', role: 'assistant', kind: 'order_status', orderNo: '12348-20261123-000001', state: 'claimed', text: claimed.text },
        { id: 's1', role: 'staff', kind: 'staff', text: '您好', from: '张律师' },
        { id: 'n2', role: 'assistant', kind: 'order_status', orderNo: '12348-20261123-000001', state: 'resolved', text: '您的工单 12348-20261123-000001 已办结。' },
      ],
    });
    expect(resumed.messages.map((m) => [m.role, m.kind])).toEqual([
      ['citizen', 'text'],
      ['system', 'handoff'],
      ['system', 'order_status'],
      ['staff', 'staff'],
      ['system', 'order_status'],
    ]);
    expect(resumed.messages[4]).toMatchObject({ orderState: 'resolved', messageId: 'n2', orderNo: '12348-20261123-000001' });
  });

  it('replaces local messages with the server history on resume, and drops a broken stream on error', () => {
    let s = applyFrame(initialState, { type: 'ready', conversationId: 'c1' });
    s = citizenSent(s, '问题');
    s = applyFrame(s, { type: 'answer_delta', text: '半截' });
    s = applyFrame(s, { type: 'error', code: 'internal', message: '系统出现了问题' });
    expect(s.messages.map((m) => m.kind)).toEqual(['text', 'error']);
    const resumed = applyFrame(s, {
      type: 'ready',
      conversationId: 'c1',
      history: [
        { role: 'citizen', text: '问题' },
        { role: 'assistant', text: '完整回答', messageId: 'm9', citations: [] },
      ],
    });
    expect(resumed.messages.map((m) => m.text)).toEqual(['问题', '完整回答']);
    expect(resumed.messages[1].messageId).toBe('m9');
  });

  it('keeps questions still waiting for a connection across a ready, and keeps waiting for their answer', () => {
    let s = citizenSent(initialState, '还有一个问题', true);
    s = applyFrame(s, {
      type: 'ready',
      conversationId: 'c1',
      history: [
        { role: 'citizen', text: '早先的问题' },
        { role: 'assistant', text: '早先的回答', messageId: 'a1', citations: [] },
      ],
    });
    expect(s.messages.map((m) => m.text)).toEqual(['早先的问题', '早先的回答', '还有一个问题']);
    expect(s.messages[2].queued).toBe(false);
    expect(s.busy).toBe(true);
    // over HTTP the first ready of a new conversation arrives in the middle of the turn
    let t = citizenSent(initialState, '公司拖欠工资怎么办');
    t = applyFrame(t, { type: 'ready', conversationId: 'c2' });
    expect(t.busy).toBe(true);
    expect(t.messages).toHaveLength(1);
  });
});
