// What the citizen is told in their chat when the work order opened from it changes state
// (`order.updated` on the bus, emitted by the orders service after commit). Only the steps a
// citizen follows are announced; internal ones are not: dispatch/assign (routing inside the
// service; the handoff message already said the order is being assigned), note, escalate (SLA
// supervision), merge, callback (the citizen was on the phone), reply (the staff reply itself is
// shown), reschedule (told by the staff member), revisit/evaluate (the citizen's own rating).
// A transfer names the team or institution now handling the order (as the citizen's progress view
// does). The text names neither staff nor the citizen's phone number, and not the staff's free-text
// resolution either (an internal record: ledgers, learning, similar-order hints); the citizen-facing
// progress view (GET /api/orders/progress) does not show it either.

/** Order events announced in the chat, with the citizen's text (Simplified Chinese). */
const NOTICES: Record<string, (orderNo: string, teamName?: string) => string> = {
  claim: (no) => `您的工单 ${no} 已由工作人员受理，将尽快为您办理。`,
  start: (no) => `您的工单 ${no} 正在办理中，工作人员会通过本对话或电话与您联系。`,
  transfer: (no, team) => `您的工单 ${no} 已转交${team || '相关部门（机构）'}办理，新的承办人员将尽快与您联系。`,
  return: (no) => `您的工单 ${no} 正在重新分派给更合适的工作人员或机构，请耐心等待。`,
  resolve: (no) => `您的工单 ${no} 已办结。欢迎您对本次服务进行评价；如问题仍未解决，可申请重新办理。`,
  reopen: (no) => `您的工单 ${no} 已重新办理，工作人员将继续跟进。`,
  close: (no) => `您的工单 ${no} 已关闭。如仍需帮助，请拨打 12348 热线或重新提交诉求。`,
};

/** The order events a citizen's chat is told of. */
export const ANNOUNCED_ORDER_EVENTS = Object.keys(NOTICES);

/** The status notice for an order event, or null when the citizen is not told of it. */
export function orderStatusText(event: string, orderNo: string, teamName?: string): string | null {
  const f = Object.hasOwn(NOTICES, event) ? NOTICES[event] : undefined;
  return f ? f(orderNo, teamName?.trim() || undefined) : null;
}
