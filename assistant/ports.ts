// Contracts between assistant modules, so doors and modules depend on interfaces, not on each
// other. Each module registers its implementation on ctx.ports during init (see server.ts).
import type { ArticleRef, DocStatus } from '../knowledge/types';

export type Channel = 'web' | 'voice' | 'desk' | 'api';

export type Domain =
  | '劳动' | '社保工伤' | '婚姻家庭' | '继承' | '交通事故' | '消费' | '借贷债务' | '房产物业'
  | '侵权' | '合同' | '行政' | '刑事' | '治安' | '土地征收' | '未成年人' | '老年人' | '其他';
export type Service = '法律咨询' | '法律援助' | '人民调解' | '公证' | '司法鉴定' | '律师服务' | '投诉建议';
export type Flag = 'wants_human' | 'emergency' | 'complaint' | 'legal_aid_candidate' | 'vague' | 'out_of_scope';

export interface Triage {
  domain: Domain;
  service: Service;
  confidence: number; // 0..1
  flags: Flag[];
  urgency: 'normal' | 'high' | 'emergency';
}

/** A citation as shown to citizens: always checked against the store first. */
export interface Citation extends ArticleRef {
  text: string;
  status: DocStatus;
}

/** One channel-neutral turn from a door. */
export interface Turn {
  conversationId: string;
  channel: Channel;
  text?: string;
  dtmf?: string;
  citizen?: { phone?: string; idCard?: string; name?: string };
  region?: string;
}

/** What the dialogue emits; doors render these. */
export type DialogueEvent =
  | { type: 'answer_delta'; text: string }
  | {
      type: 'answer_done';
      messageId: string;
      text: string;
      citations: Citation[];
      triage: Triage;
      mode: 'llm' | 'rules';
      confidence: number;
    }
  | { type: 'clarify'; text: string; options?: string[] }
  | { type: 'suggestions'; items: string[] }
  | { type: 'handoff'; orderNo: string; text: string }
  | { type: 'staff_message'; text: string; from: string; at: string }
  | { type: 'error'; code: string; message: string };

export interface DialoguePort {
  /** Run one turn; events are emitted in order; resolves after the final event. */
  turn(turn: Turn, emit: (e: DialogueEvent) => void): Promise<void>;
  /** Transcript of a conversation (oldest first), for handoff and archives. */
  transcript(conversationId: string): { role: 'citizen' | 'assistant' | 'staff'; text: string; at: string }[];
}

export type HandoffReason = 'citizen' | 'emergency' | 'complaint' | 'low_confidence' | 'legal_aid' | 'staff';

export interface HandoffRequest {
  conversationId: string;
  channel: Channel;
  reason: HandoffReason;
  transcript: { role: 'citizen' | 'assistant' | 'staff'; text: string; at: string }[];
  triage?: Triage;
  region?: string;
  citizen?: { phone?: string; idCard?: string; name?: string };
  articles: ArticleRef[];
  /** When the citizen first asked (their waiting time counts from here). */
  waitingSince: string;
}

export interface HandoffResult {
  orderNo: string;
  /** What the citizen is told (Chinese): number, what happens next, business hours. */
  message: string;
}

export interface ProgressView {
  orderNo: string;
  state: string; // machine state
  stateLabel: string; // Chinese label, e.g. 办理中
  nextStep: string; // Chinese sentence
  updatedAt: string;
  history: { at: string; label: string }[]; // no staff names or other citizens' data
}

export interface OrderSummary {
  orderId: number;
  orderNo: string;
  state: string;
  stateLabel: string;
  type: string; // consultation | legal_aid | mediation | complaint | appointment | ...
  domain: string | null;
  service: string | null;
  summary: string; // first question or staff summary (masked)
  createdAt: string;
  resolvedAt: string | null;
  satisfaction: number | null;
}

/** What a resolved order teaches the knowledge core (personal data already masked). */
export interface ResolvedOrder {
  orderId: number;
  orderNo: string;
  question: string;
  resolution: string;
  cited: ArticleRef[];
  domain: string | null;
  channel: Channel;
  region: string | null;
  createdAt: string;
  resolvedAt: string;
  satisfaction: number | null;
}

export interface OrdersPort {
  handoff(req: HandoffRequest): Promise<HandoffResult>;
  /** Citizen-facing progress: order number plus the last four digits of the phone number. */
  progress(orderNo: string, phoneLast4: string): ProgressView | null;
  /**
   * The same view for the chat the order was opened from: the conversation is the proof, so no
   * phone digits. Null when the order does not exist or was not opened from this conversation.
   */
  progressForConversation?(conversationId: string, orderNo: string): ProgressView | null;
  /** A citizen's orders, newest first (for the archive). */
  listByCitizen(citizenId: string): OrderSummary[];
  /** Material of a resolved order for learning (null unless resolved). */
  resolvedForLearning(orderId: number): ResolvedOrder | null;
}

export interface CitizenRef {
  citizenId: string;
  masked: string; // 138****1234
  known: boolean; // had contacts before
}

export interface CitizensPort {
  identify(input: { phone?: string; idCard?: string; name?: string }): CitizenRef | null;
  /** A new contact started (any door); triggers the repeat-contact push for known citizens. */
  contactStarted(input: { citizenId: string; channel: Channel; conversationId?: string; text?: string }): Promise<string>;
}

export interface Ports {
  dialogue?: DialoguePort;
  orders?: OrdersPort;
  citizens?: CitizensPort;
}
