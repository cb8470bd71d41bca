// What the citizen is told when they ask about their work order's progress in the chat
// (intents.json `progressQuery`). Status is only told for the order this conversation was handed
// off to (the conversation is the proof); anyone else is told how to check with verification (the
// widget's 「查询工单进度」: order number + the phone's last four digits; the voice menu's # key;
// 12348). The texts name neither staff nor phone numbers: they are built from the orders port's
// citizen-facing ProgressView (Chinese state label and next step), never from staff records.
import { OPEN_STATES } from '../orders/state-machine';
import type { Channel, ProgressView } from '../ports';

/** Order numbers as the orders service issues them (12348-YYYYMMDD-NNNNNN), also as people type them. */
const ORDER_NO_IN_TEXT = /12348\s*[-‐‑‒–—―－_]?\s*(\d{8})\s*[-‐‑‒–—―－_]?\s*(\d{6,7})(?!\d)/;

/** The order number the citizen typed, normalised ("12348-20260302-000123"), or null. */
export function orderNoIn(text: string): string | null {
  const m = ORDER_NO_IN_TEXT.exec(text.normalize('NFKC'));
  return m ? `12348-${m[1]}-${m[2]}` : null;
}

/** States someone still works on: a message here reaches staff. */
const OPEN = new Set<string>(OPEN_STATES);

const HOTLINE = '12348 公共法律服务热线';

/** How to look an order up with verification, per door. */
function howToCheck(channel: Channel): string {
  if (channel === 'voice') return '查询工单进度请按井号键，输入工单号码中的全部数字后按井号键，再输入手机号后四位；也可以按0转人工服务。';
  return `请点击对话框下方的「查询工单进度」，输入工单编号（转人工时告知您的、以 12348 开头的编号）和您留下的手机号后四位即可查看；也可以拨打 ${HOTLINE}查询。`;
}

/** The state of the conversation's own work order. */
export function progressReply(view: ProgressView, channel: Channel): string {
  const parts = [`您的工单 ${view.orderNo} 当前状态：${view.stateLabel}。${view.nextStep}`];
  if (OPEN.has(view.state)) parts.push('如需补充情况，可以直接在本对话中留言，工作人员会看到。');
  parts.push(channel === 'voice' ? `如需查看完整的办理记录，可拨打 ${HOTLINE}。` : `如需查看完整的办理记录，可点击对话框下方的「查询工单进度」，或拨打 ${HOTLINE}。`);
  return parts.join('\n\n');
}

/** No order of this conversation to tell of (or another order's number): how to check it, no status. */
export function howToCheckReply(channel: Channel, typedOrderNo: string | null): string {
  const lead = typedOrderNo
    ? `为保护您的个人信息，工单 ${typedOrderNo} 的办理情况需要核实身份后才能查询，我在这里不能直接告诉您。`
    : '为保护您的个人信息，工单的办理情况需要核实身份后才能查询，我在这里不能直接告诉您。';
  return `${lead}${howToCheck(channel)}`;
}

/** The orders module is not running or the lookup failed. */
export function progressUnavailableReply(orderNo: string): string {
  return `抱歉，您的工单 ${orderNo} 的办理情况暂时无法查询，请稍后再试，或拨打 ${HOTLINE}查询。`;
}

/**
 * Suggestions after the how-to-check reply. The web widget opens its progress form on
 * 「查询工单进度」 (widgets/chat/protocol.ts chipAction); other doors send the words, which get
 * this reply again. 「转人工」 hands the conversation to a person, who can look the order up.
 */
export const HOW_TO_CHECK_SUGGESTIONS = ['查询工单进度', '转人工'];
