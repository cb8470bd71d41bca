// The /ws/chat protocol as the widget speaks it (documented in assistant/README.md, issue 3). Over
// the HTTP fallback the same frames come from POST /api/chat (SSE) and the REST doors.
// Only the fields the widget reads are typed; unknown extra fields are ignored.

export interface CitationView {
  law: string;
  article: string;
  text: string;
  status: string; // in_force | amended | repealed | not_yet_effective
}

/**
 * Suggestion chips that are widget actions, not questions: the assistant offers 「查询工单进度」
 * after telling a citizen how to check an order (assistant/dialogue/progress.ts), and the chip
 * opens the progress form (order number + phone digits) instead of sending the words.
 */
export const CHIP_ACTIONS: Readonly<Record<string, 'progress'>> = { 查询工单进度: 'progress' };

/** What a suggestion chip does: open a view of the widget, or send its text as the next question. */
export function chipAction(label: string): 'progress' | 'send' {
  return Object.hasOwn(CHIP_ACTIONS, label) ? CHIP_ACTIONS[label] : 'send';
}

export type ClientFrame =
  | { type: 'hello'; conversationId?: string; citizen?: { phone?: string }; region?: string }
  | { type: 'message'; text: string }
  | { type: 'handoff_request'; phone?: string }
  | { type: 'rating'; messageId: string; useful: boolean; comment?: string }
  | { type: 'ping' };

export interface HistoryItem {
  role: 'citizen' | 'assistant' | 'staff' | string;
  text: string;
  at?: string;
  messageId?: string;
  id?: string;
  citations?: CitationView[];
  from?: string;
  kind?: string; // answer | clarify | handoff | staff | order_status | text ...
  rating?: { useful: boolean; comment?: string | null };
  orderNo?: string; // order_status: the work order
  state?: string; // order_status: the state it reached
}

export type ServerFrame =
  | { type: 'ready'; conversationId: string; history?: HistoryItem[]; orderNo?: string | null; resumed?: boolean; status?: string }
  | { type: 'answer_delta'; text: string }
  | { type: 'answer_done'; messageId: string; text: string; citations?: CitationView[]; mode?: string; triage?: { urgency?: string; flags?: string[] } }
  | { type: 'suggestions'; items: string[] }
  | { type: 'clarify'; text: string; options?: string[] }
  | { type: 'handoff'; orderNo: string; text: string }
  | { type: 'staff_message'; text: string; from?: string; at?: string; messageId?: string }
  | { type: 'order_status'; orderNo: string; state: string; text: string; at?: string; messageId?: string }
  | { type: 'error'; code: string; message: string }
  | { type: 'pong' }
  | { type: 'rated'; messageId?: string };

export function parseServerFrame(raw: string): ServerFrame | null {
  try {
    const v = JSON.parse(raw) as { type?: unknown };
    return v && typeof v === 'object' && typeof v.type === 'string' ? (v as ServerFrame) : null;
  } catch {
    return null;
  }
}

/** Citizen-facing progress view (GET /api/orders/progress?orderNo=&last4=). */
export interface ProgressView {
  orderNo: string;
  state: string;
  stateLabel: string;
  nextStep: string;
  updatedAt: string;
  history: { at: string; label: string }[];
}

export const STATUS_LABEL: Record<string, string> = {
  in_force: '现行有效',
  amended: '已被修改',
  repealed: '已废止',
  not_yet_effective: '尚未施行',
};
