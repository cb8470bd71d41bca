// What a citizen's browser without a WebSocket is pushed over GET /api/conversations/:id/events:
// the conversation's staff replies, its handoff and its work-order status notices, as the frames
// /ws/chat would send. The stored
// messages are the source: an event's id is the message's `seq` (insertion order inside the
// conversation), so a reconnect with Last-Event-ID gets exactly what it missed, and live delivery
// and replay are one query. `ConversationFeed` only says "something was stored in conversation X"
// (told by ChatStore after each append, whichever door wrote it; in-memory, like SocketRegistry:
// the seam for a shared bus when several servers run).
import type Database from 'better-sqlite3';
import type { OrderStatusFrame, StaffMessageFrame } from './frames';

export interface FeedListener {
  /** Something of this conversation was stored: read what is new. */
  changed(): void;
  /** The server is stopping: end the stream. */
  stop(): void;
}

export class ConversationFeed {
  private byConversation = new Map<string, Set<FeedListener>>();

  subscribe(conversationId: string, l: FeedListener): () => void {
    let set = this.byConversation.get(conversationId);
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(l);
    return () => {
      const s = this.byConversation.get(conversationId);
      if (!s) return;
      s.delete(l);
      if (!s.size) this.byConversation.delete(conversationId);
    };
  }

  notify(conversationId: string): void {
    for (const l of [...(this.byConversation.get(conversationId) ?? [])]) l.changed();
  }

  /** End every open stream (server shutdown). */
  stopAll(): void {
    for (const set of [...this.byConversation.values()]) for (const l of [...set]) l.stop();
  }

  /** Open streams (listeners), for /healthz and tests. */
  get size(): number {
    let n = 0;
    for (const s of this.byConversation.values()) n += s.size;
    return n;
  }
}

/** One pushed event: `id` is the message's seq in its conversation. */
export interface FeedEvent {
  id: number;
  frame: StaffMessageFrame | OrderStatusFrame | { type: 'handoff'; conversationId: string; orderNo: string; text: string };
}

export interface FeedReader {
  /** The conversation's last seq (0 without messages): where a stream without Last-Event-ID starts. */
  head(conversationId: string): number;
  /** Staff replies, handoffs and order status notices stored after `afterSeq`, oldest first, at most `limit`. */
  after(conversationId: string, afterSeq: number, limit?: number): FeedEvent[];
}

export function feedReader(db: Database.Database): FeedReader {
  const head = db.prepare(`select coalesce(max(seq), 0) as seq from chat_messages where conversation_id = ?`);
  const after = db.prepare(
    `select m.id, m.role, m.kind, m.text, m.staff_name as staffName, m.created_at as at, m.seq, c.order_no as orderNo,
            m.order_no as noticeOrderNo, m.order_state as orderState
       from chat_messages m join chat_conversations c on c.id = m.conversation_id
      where m.conversation_id = ? and m.seq > ? and (m.role = 'staff' or m.kind in ('handoff', 'order_status'))
      order by m.seq limit ?`,
  );
  type Row = { id: string; role: string; kind: string; text: string; staffName: string | null; at: string; seq: number; orderNo: string | null; noticeOrderNo: string | null; orderState: string | null };
  return {
    head: (id) => (head.get(id) as { seq: number }).seq,
    after(conversationId, afterSeq, limit = 200) {
      return (after.all(conversationId, afterSeq, limit) as Row[]).map((r) => ({
        id: r.seq,
        frame:
          r.role === 'staff'
            ? { type: 'staff_message' as const, conversationId, messageId: r.id, text: r.text, from: r.staffName ?? undefined, at: r.at }
            : r.kind === 'order_status'
              ? { type: 'order_status' as const, conversationId, messageId: r.id, orderNo: r.noticeOrderNo ?? r.orderNo ?? '', state: r.orderState ?? '', text: r.text, at: r.at }
              : { type: 'handoff' as const, conversationId, orderNo: r.orderNo ?? '', text: r.text },
      }));
    },
  };
}
