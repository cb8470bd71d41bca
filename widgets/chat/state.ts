// The widget's conversation state as a pure reducer over server frames, so the rendering is a
// function of state and the protocol handling is unit-tested without a browser.
import type { CitationView, HistoryItem, ServerFrame } from './protocol';

export type Role = 'citizen' | 'assistant' | 'staff' | 'system';

export interface ChatMessage {
  key: string; // stable render key
  role: Role;
  text: string;
  messageId?: string; // server id of an answer (for ratings)
  citations: CitationView[];
  streaming?: boolean;
  from?: string; // staff display name
  orderNo?: string; // handoff notice, order status line
  orderState?: string; // order status line: the state the work order reached (claimed, resolved...)
  kind?: 'answer' | 'clarify' | 'handoff' | 'order_status' | 'error' | 'staff' | 'text';
  rating?: { useful: boolean; comment?: string };
  queued?: boolean; // sent while no connection worked: not on the server yet
}

export interface ChatState {
  conversationId: string | null;
  messages: ChatMessage[];
  suggestions: string[];
  clarifyOptions: string[];
  busy: boolean; // waiting for an answer
  orderNo: string | null; // last work order opened by a handoff
  emergency: boolean; // triage saw danger to life or safety: show 110/120 at once
  seq: number;
}

export const initialState: ChatState = {
  conversationId: null,
  messages: [],
  suggestions: [],
  clarifyOptions: [],
  busy: false,
  orderNo: null,
  emergency: false,
  seq: 0,
};

function push(s: ChatState, m: Omit<ChatMessage, 'key'>): ChatState {
  const seq = s.seq + 1;
  return { ...s, seq, messages: [...s.messages, { ...m, key: `m${seq}` }] };
}

function fromHistory(h: HistoryItem, i: number, orderNo: string | null): ChatMessage {
  if (h.kind === 'order_status') {
    return { key: `h${i}`, role: 'system', text: h.text, messageId: h.messageId ?? h.id, citations: [], kind: 'order_status', orderNo: h.orderNo ?? orderNo ?? undefined, orderState: h.state };
  }
  const handoff = h.kind === 'handoff';
  const role: Role = handoff ? 'system' : h.role === 'citizen' || h.role === 'assistant' || h.role === 'staff' ? h.role : 'system';
  const kind: ChatMessage['kind'] = handoff ? 'handoff' : role === 'staff' ? 'staff' : role === 'assistant' ? (h.kind === 'clarify' ? 'clarify' : 'answer') : 'text';
  return {
    key: `h${i}`,
    role,
    text: h.text,
    messageId: h.messageId ?? h.id,
    citations: Array.isArray(h.citations) ? h.citations : [],
    from: h.from,
    kind,
    orderNo: handoff ? (orderNo ?? undefined) : undefined,
    rating: h.rating ? { useful: h.rating.useful, comment: h.rating.comment ?? undefined } : undefined,
  };
}

/** The citizen sent a message (optimistic: shown at once, the answer is awaited). `queued`: the
 *  link is holding it until a connection works, so a `ready` with the server's history keeps it. */
export function citizenSent(s: ChatState, text: string, queued = false): ChatState {
  return { ...push(s, { role: 'citizen', text, citations: [], kind: 'text', ...(queued ? { queued } : {}) }), busy: true, suggestions: [], clarifyOptions: [] };
}

export function rated(s: ChatState, messageId: string, useful: boolean, comment?: string): ChatState {
  return { ...s, messages: s.messages.map((m) => (m.messageId === messageId ? { ...m, rating: { useful, comment } } : m)) };
}

export function applyFrame(s: ChatState, f: ServerFrame): ChatState {
  switch (f.type) {
    case 'ready': {
      const history = Array.isArray(f.history) ? f.history : [];
      const orderNo = f.orderNo ?? s.orderNo;
      // Messages still queued go out right after this frame: keep them, and keep waiting for them.
      const queued = s.messages.filter((m) => m.queued).map((m) => ({ ...m, queued: false }));
      // A resumed conversation: the server's history is the truth. A fresh one keeps local notes.
      if (history.length > 0 || (s.conversationId && s.conversationId !== f.conversationId)) {
        return { ...s, conversationId: f.conversationId, orderNo, messages: history.map((h, i) => fromHistory(h, i, orderNo)).concat(queued), busy: queued.length > 0 };
      }
      // the first ready of a conversation opened by a question over HTTP arrives mid-turn
      const busy = queued.length > 0 || (s.busy && !s.conversationId);
      return { ...s, conversationId: f.conversationId, orderNo, messages: queued.length ? s.messages.map((m) => (m.queued ? { ...m, queued: false } : m)) : s.messages, busy };
    }
    case 'answer_delta': {
      const last = s.messages[s.messages.length - 1];
      if (last && last.role === 'assistant' && last.streaming) {
        const messages = s.messages.slice(0, -1).concat({ ...last, text: last.text + f.text });
        return { ...s, messages };
      }
      return push(s, { role: 'assistant', text: f.text, citations: [], streaming: true, kind: 'answer' });
    }
    case 'answer_done': {
      if (f.triage?.urgency === 'emergency' || f.triage?.flags?.includes('emergency')) s = { ...s, emergency: true };
      const last = s.messages[s.messages.length - 1];
      const done = { role: 'assistant' as const, text: f.text, messageId: f.messageId, citations: f.citations ?? [], streaming: false, kind: 'answer' as const };
      if (last && last.role === 'assistant' && last.streaming) {
        return { ...s, busy: false, messages: s.messages.slice(0, -1).concat({ ...last, ...done }) };
      }
      return { ...push(s, done), busy: false };
    }
    case 'suggestions':
      return { ...s, suggestions: Array.isArray(f.items) ? f.items.slice(0, 4) : [] };
    case 'clarify': {
      const last = s.messages[s.messages.length - 1];
      const base = last && last.streaming ? { ...s, messages: s.messages.slice(0, -1) } : s;
      return { ...push(base, { role: 'assistant', text: f.text, citations: [], kind: 'clarify' }), busy: false, clarifyOptions: f.options ?? [] };
    }
    case 'handoff':
      return { ...push(s, { role: 'system', text: f.text, citations: [], kind: 'handoff', orderNo: f.orderNo }), busy: false, orderNo: f.orderNo, suggestions: [], clarifyOptions: [] };
    case 'staff_message':
      return push(s, { role: 'staff', text: f.text, citations: [], from: f.from, kind: 'staff' });
    case 'order_status':
      // a status line of the work order (claimed, resolved...), not a message from anyone
      if (f.messageId && s.messages.some((m) => m.kind === 'order_status' && m.messageId === f.messageId)) return s;
      return { ...push(s, { role: 'system', text: f.text, messageId: f.messageId, citations: [], kind: 'order_status', orderNo: f.orderNo, orderState: f.state }), orderNo: s.orderNo ?? f.orderNo ?? null };
    case 'error': {
      const last = s.messages[s.messages.length - 1];
      const base = last && last.streaming ? { ...s, messages: s.messages.slice(0, -1) } : s;
      return { ...push(base, { role: 'system', text: f.message || '出现了问题，请稍后再试。', citations: [], kind: 'error' }), busy: false };
    }
    default:
      return s;
  }
}
