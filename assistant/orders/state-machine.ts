// The work-order lifecycle as data: states with their Chinese labels and next steps, and one
// transition table. Every action writes an order_events row (who, when, what, why).
//
//   受理 received → 分派 assigned → 认领 claimed → 办理 in_progress (回拨 callbacks) → 办结 resolved
//     → 回访/评价 evaluated;   plus 转办 transfer, 退回 return (→ returned → dispatch again),
//     重开 reopen, 合并 merge (→ merged), 关闭 close (→ closed).
import { AppError } from '../errors';

export const STATES = ['received', 'assigned', 'claimed', 'in_progress', 'returned', 'resolved', 'evaluated', 'closed', 'merged'] as const;
export type OrderState = (typeof STATES)[number];

export const STATE_LABEL: Record<OrderState, string> = {
  received: '已受理',
  assigned: '已分派',
  claimed: '已认领',
  in_progress: '办理中',
  returned: '已退回待重新分派',
  resolved: '已办结',
  evaluated: '已回访评价',
  closed: '已关闭',
  merged: '已合并',
};

/** What the citizen is told comes next (progress query). */
export const NEXT_STEP: Record<OrderState, string> = {
  received: '您的诉求已登记，正在分派给相应的工作人员或机构。',
  assigned: '工单已分派，工作人员将尽快与您联系。',
  claimed: '工作人员已接手您的工单，将通过回拨等方式与您联系。',
  in_progress: '工作人员正在办理您的诉求，请保持电话畅通。',
  returned: '工单正在重新分派给更合适的工作人员或机构。',
  resolved: '工单已办结。欢迎您对本次服务进行评价，如问题未解决可申请重新办理。',
  evaluated: '工单已办结并完成评价，感谢您的反馈。',
  closed: '工单已关闭。如仍需帮助，请拨打 12348 热线或重新提交诉求。',
  merged: '您的诉求已与另一工单合并办理，请以合并后的工单进度为准。',
};

export const TERMINAL: ReadonlySet<OrderState> = new Set(['closed', 'merged']);
/** Orders someone still has to work on (counted as load, covered by SLA clocks). */
export const OPEN_STATES: readonly OrderState[] = ['received', 'assigned', 'claimed', 'in_progress', 'returned'];

export type Action =
  | 'create'
  | 'dispatch'
  | 'assign'
  | 'claim'
  | 'start'
  | 'callback'
  | 'note'
  | 'reply'
  | 'reschedule'
  | 'transfer'
  | 'return'
  | 'resolve'
  | 'revisit'
  | 'evaluate'
  | 'reopen'
  | 'merge'
  | 'close'
  | 'escalate';

export type Actor = 'citizen' | 'staff' | 'system';

export interface TransitionRule {
  label: string; // Chinese, shown in the event trail and the progress history
  from: readonly OrderState[];
  /** Target state; 'same' keeps the state (a logged action without a state change). */
  to: OrderState | 'same';
  /** Who may perform it. Role checks (agent/supervisor) are done by the service. */
  by: readonly Actor[];
  /** A reason (why) is required. */
  needsReason?: boolean;
}

const ACTIVE: readonly OrderState[] = ['assigned', 'claimed', 'in_progress'];
const NOT_DONE: readonly OrderState[] = ['received', 'assigned', 'claimed', 'in_progress', 'returned'];

export const TRANSITIONS: Record<Action, TransitionRule> = {
  create: { label: '受理', from: [], to: 'received', by: ['citizen', 'staff', 'system'] },
  dispatch: { label: '分派', from: ['received', 'returned'], to: 'assigned', by: ['system', 'staff'] },
  assign: { label: '指派', from: ['received', 'returned', 'assigned', 'claimed'], to: 'assigned', by: ['staff'] },
  claim: { label: '认领', from: ['assigned'], to: 'claimed', by: ['staff'] },
  start: { label: '开始办理', from: ['claimed'], to: 'in_progress', by: ['staff'] },
  callback: { label: '回拨', from: ['claimed', 'in_progress'], to: 'in_progress', by: ['staff'] },
  note: { label: '备注', from: [...NOT_DONE, 'resolved', 'evaluated'], to: 'same', by: ['staff'] },
  reply: { label: '回复群众', from: ['claimed', 'in_progress'], to: 'same', by: ['staff'] },
  reschedule: { label: '预约改期', from: NOT_DONE, to: 'same', by: ['staff'] },
  transfer: { label: '转办', from: ACTIVE, to: 'assigned', by: ['staff'], needsReason: true },
  return: { label: '退回', from: ACTIVE, to: 'returned', by: ['staff'], needsReason: true },
  resolve: { label: '办结', from: ['in_progress'], to: 'resolved', by: ['staff'] },
  revisit: { label: '回访', from: ['resolved'], to: 'evaluated', by: ['staff'] },
  evaluate: { label: '评价', from: ['resolved'], to: 'evaluated', by: ['citizen'] },
  reopen: { label: '重开', from: ['resolved', 'evaluated', 'closed'], to: 'assigned', by: ['staff'], needsReason: true },
  merge: { label: '合并', from: NOT_DONE, to: 'merged', by: ['staff'], needsReason: true },
  close: { label: '关闭', from: NOT_DONE, to: 'closed', by: ['staff'], needsReason: true },
  escalate: { label: '超时督办', from: NOT_DONE, to: 'same', by: ['system'] },
};

export const ACTIONS = Object.keys(TRANSITIONS) as Action[];

export function isState(s: string): s is OrderState {
  return (STATES as readonly string[]).includes(s);
}

/** The state after `action` from `from`, or an AppError('invalid_transition') with a Chinese message. */
export function nextState(from: OrderState, action: Action, actor: Actor): OrderState {
  const rule = TRANSITIONS[action];
  if (!rule || action === 'create') throw new AppError('invalid_transition', '不支持的工单操作。');
  if (!rule.by.includes(actor)) throw new AppError('forbidden', `「${rule.label}」不能由${ACTOR_LABEL[actor]}执行。`);
  if (!rule.from.includes(from)) {
    throw new AppError(
      'invalid_transition',
      `工单当前状态为「${STATE_LABEL[from]}」，不能执行「${rule.label}」操作。`,
      `invalid transition ${from} --${action}-->`,
    );
  }
  return rule.to === 'same' ? from : rule.to;
}

/** Actions possible from a state (shown to the desk as buttons). */
export function allowedActions(from: OrderState, actor: Actor = 'staff'): Action[] {
  return ACTIONS.filter((a) => a !== 'create' && TRANSITIONS[a].from.includes(from) && TRANSITIONS[a].by.includes(actor));
}

const ACTOR_LABEL: Record<Actor, string> = { citizen: '群众', staff: '工作人员', system: '系统' };
