// The chat protocol's client frames (zod, strict: unknown fields are refused) and the parsing of a
// raw WebSocket frame into one of them, with Chinese errors. Documented in assistant/README.md.
import { z } from 'zod';
import { AppError } from '../errors';
import { parseWith } from '../http/validate';

export const Phone = z.string().trim().regex(/^[0-9+\-\s]{5,20}$/, '电话号码格式不正确');
export const ConversationId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, '会话编号格式不正确');

export const HelloFrame = z
  .object({
    type: z.literal('hello'),
    conversationId: ConversationId.optional(),
    citizen: z.object({ phone: Phone.optional() }).strict().optional(),
    region: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

export const MessageFrame = z.object({ type: z.literal('message'), text: z.string() }).strict();

export const HandoffRequestFrame = z
  .object({ type: z.literal('handoff_request'), phone: Phone.optional(), reason: z.string().max(500).optional() })
  .strict();

export const RatingFrame = z
  .object({ type: z.literal('rating'), messageId: z.string().min(1).max(80), useful: z.boolean(), comment: z.string().max(500).optional() })
  .strict();

export const PingFrame = z.object({ type: z.literal('ping') }).strict();

export type ClientFrame =
  | z.infer<typeof HelloFrame>
  | z.infer<typeof MessageFrame>
  | z.infer<typeof HandoffRequestFrame>
  | z.infer<typeof RatingFrame>
  | z.infer<typeof PingFrame>;

const SCHEMAS = { hello: HelloFrame, message: MessageFrame, handoff_request: HandoffRequestFrame, rating: RatingFrame, ping: PingFrame } as const;
export const CLIENT_FRAME_TYPES = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

/** Parse one raw frame; throws AppError (invalid_json, unknown_type, unknown_field, bad_request, too_large). */
export function parseClientFrame(raw: string, maxBytes: number): ClientFrame {
  if (Buffer.byteLength(raw) > maxBytes) throw new AppError('too_large', `消息过大（单条上限 ${Math.floor(maxBytes / 1024)} KB）。`);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw new AppError('invalid_json');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new AppError('bad_request', '消息必须是 JSON 对象。');
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string' || !(type in SCHEMAS)) {
    throw new AppError('unknown_type', `不支持的消息类型${typeof type === 'string' ? `「${type.slice(0, 30)}」` : ''}，支持：${CLIENT_FRAME_TYPES.join('、')}。`);
  }
  return parseWith(SCHEMAS[type as keyof typeof SCHEMAS], data) as ClientFrame;
}

// ---- server frames pushed outside a turn (to every open socket and event stream of a conversation) ----

/** A staff reply after a handoff. */
export interface StaffMessageFrame {
  type: 'staff_message';
  conversationId: string;
  messageId: string;
  text: string;
  /** The staff member's display name. */
  from?: string;
  at: string;
}

/** The conversation's work order changed state (claimed, resolved, transferred...; see order-status.ts). */
export interface OrderStatusFrame {
  type: 'order_status';
  conversationId: string;
  messageId: string;
  orderNo: string;
  /** The order's state after the change (machine code: claimed, in_progress, assigned, returned, resolved, closed). */
  state: string;
  /** What the citizen reads (Chinese); never names staff or shows phone numbers. */
  text: string;
  at: string;
}
