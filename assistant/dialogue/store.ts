// Persistence of conversations (tables in ../chat/schema.ts, migrations by drizzle-kit). The hot
// path uses prepared statements on the SQLite handle (a turn is a handful of indexed reads and one
// write transaction). Each write is one transaction: a turn's citizen message, its triage, the
// answer and the answer's citations land together. Text is redacted before it is stored.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ArticleRef } from '../../knowledge/types';
import { redact } from '../log';
import type { Channel, Citation, Triage } from '../ports';

export type Role = 'citizen' | 'assistant' | 'staff';
/** order_status: a work-order status notice (the chat module writes it when staff claim, resolve...). */
export type MessageKind = 'question' | 'answer' | 'clarify' | 'handoff' | 'notice' | 'staff' | 'order_status';

export interface ConversationRow {
  id: string;
  channel: Channel;
  citizenId: string | null;
  region: string | null;
  status: 'bot' | 'handed_off';
  orderNo: string | null;
  domain: string | null;
  service: string | null;
  firstAskedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewMessage {
  id?: string;
  role: Role;
  kind: MessageKind;
  text: string;
  mode?: 'llm' | 'rules';
  confidence?: number;
  staffId?: number;
  staffName?: string;
  /** order_status notices: the work order and the state it reached. */
  order?: { orderNo: string; state: string };
  citations?: Citation[];
  triage?: Triage;
}

export interface StoredMessage {
  id: string;
  role: Role;
  kind: MessageKind;
  text: string;
  mode: 'llm' | 'rules' | null;
  confidence: number | null;
  from?: string;
  /** order_status notices only: the work order and the state it reached (as in the order_status frame). */
  orderNo?: string;
  state?: string;
  citations: Citation[];
  triage?: Triage;
  rating?: { useful: boolean; comment: string | null };
  at: string;
}

/** A light view of recent messages (dialogue context). */
export interface RecentMessage {
  id: string;
  role: Role;
  kind: MessageKind;
  text: string;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

const CONV_COLS = `id, channel, citizen_id as citizenId, region, status, order_no as orderNo, domain, service,
  first_asked_at as firstAskedAt, created_at as createdAt, updated_at as updatedAt`;

function toTriage(t: { domain: string; service: string; confidence: number; flags: string; urgency: string }): Triage {
  return { domain: t.domain, service: t.service, confidence: t.confidence, flags: JSON.parse(t.flags), urgency: t.urgency } as Triage;
}

/** What a write may change on the conversation besides its messages. */
export type ConversationUpdate = Partial<Pick<ConversationRow, 'status' | 'orderNo' | 'domain' | 'service'>>;

export class ChatStore {
  private q;

  constructor(
    private db: Database.Database,
    private now: () => Date,
    /** Told after each append has committed (the chat door's event streams read what is new). */
    private onAppended: (conversationId: string) => void = () => {},
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      get: p(`select ${CONV_COLS} from chat_conversations where id = ?`),
      create: p(`insert into chat_conversations (id, channel, region, citizen_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?) on conflict(id) do nothing`),
      setCitizen: p(`update chat_conversations set citizen_id = ?, updated_at = ? where id = ?`),
      maxSeq: p(`select coalesce(max(seq), 0) as seq from chat_messages where conversation_id = ?`),
      insertMessage: p(`insert into chat_messages (id, conversation_id, role, kind, text, mode, confidence, staff_id, staff_name, order_no, order_state, created_at, seq) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTriage: p(`insert into chat_triage (message_id, conversation_id, domain, service, confidence, flags, urgency, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertCitation: p(`insert into chat_citations (message_id, position, law, article, status, text) values (?, ?, ?, ?, ?, ?)`),
      touch: p(`update chat_conversations set updated_at = @at,
          first_asked_at = case when @citizen = 1 then coalesce(first_asked_at, @at) else first_asked_at end,
          status = coalesce(@status, status), order_no = coalesce(@orderNo, order_no),
          domain = coalesce(@domain, domain), service = coalesce(@service, service)
        where id = @id`),
      messages: p(`select id, role, kind, text, mode, confidence, staff_name as staffName, order_no as orderNo, order_state as orderState, created_at as at from chat_messages where conversation_id = ? order by seq desc limit ?`),
      recent: p(`select id, role, kind, text from chat_messages where conversation_id = ? order by seq desc limit ?`),
      citationsOf: p(`select c.message_id as messageId, c.law, c.article, c.status, c.text from chat_citations c join chat_messages m on m.id = c.message_id where m.conversation_id = ? order by c.message_id, c.position`),
      triageOf: p(`select message_id as messageId, domain, service, confidence, flags, urgency from chat_triage where conversation_id = ?`),
      ratingsOf: p(`select message_id as messageId, useful, comment from chat_ratings where conversation_id = ?`),
      lastTriage: p(`select domain, service, confidence, flags, urgency from chat_triage where conversation_id = ? order by created_at desc, rowid desc limit 1`),
      articles: p(`select distinct c.law, c.article from chat_citations c join chat_messages m on m.id = c.message_id where m.conversation_id = ?`),
      message: p(`select id, role, kind from chat_messages where id = ? and conversation_id = ?`),
      rate: p(`insert into chat_ratings (message_id, conversation_id, useful, comment, created_at) values (?, ?, ?, ?, ?)
        on conflict(message_id) do update set useful = excluded.useful, comment = excluded.comment, created_at = excluded.created_at`),
    };
  }

  get(id: string): ConversationRow | null {
    return (this.q.get.get(id) as ConversationRow | undefined) ?? null;
  }

  create(c: { id: string; channel: Channel; region?: string | null; citizenId?: string | null }): ConversationRow {
    const at = this.now().toISOString();
    this.q.create.run(c.id, c.channel, c.region ?? null, c.citizenId ?? null, at, at);
    return this.get(c.id)!;
  }

  setCitizen(id: string, citizenId: string): void {
    this.q.setCitizen.run(citizenId, this.now().toISOString(), id);
  }

  /** Append messages (with their triage and citations) and update the conversation, in one transaction. */
  append(conversationId: string, msgs: NewMessage[], update: ConversationUpdate = {}): string[] {
    return this.write(conversationId, msgs, update).ids;
  }

  /** Append one message; what was stored (its id, redacted text and time), without reading it back. */
  appendOne(conversationId: string, m: NewMessage): { id: string; text: string; at: string } {
    const { ids, at } = this.write(conversationId, [m], {});
    return { id: ids[0], text: redact(m.text), at };
  }

  private write(conversationId: string, msgs: NewMessage[], update: ConversationUpdate): { ids: string[]; at: string } {
    const at = this.now().toISOString();
    const q = this.q;
    const ids = this.db.transaction(() => {
      let seq = (q.maxSeq.get(conversationId) as { seq: number }).seq;
      const ids: string[] = [];
      for (const m of msgs) {
        const id = m.id ?? newId('m');
        ids.push(id);
        q.insertMessage.run(id, conversationId, m.role, m.kind, redact(m.text), m.mode ?? null, m.confidence ?? null, m.staffId ?? null, m.staffName ?? null, m.order?.orderNo ?? null, m.order?.state ?? null, at, ++seq);
        if (m.triage) q.insertTriage.run(id, conversationId, m.triage.domain, m.triage.service, m.triage.confidence, JSON.stringify(m.triage.flags), m.triage.urgency, at);
        m.citations?.forEach((c, position) => q.insertCitation.run(id, position, c.law, c.article, c.status, c.text));
      }
      q.touch.run({
        id: conversationId,
        at,
        citizen: msgs.some((m) => m.role === 'citizen') ? 1 : 0,
        status: update.status ?? null,
        orderNo: update.orderNo ?? null,
        domain: update.domain ?? null,
        service: update.service ?? null,
      });
      return ids;
    })();
    this.onAppended(conversationId);
    return { ids, at };
  }

  /** The last `limit` messages, oldest first, light (for dialogue context). */
  recent(conversationId: string, limit = 12): RecentMessage[] {
    return (this.q.recent.all(conversationId, limit) as RecentMessage[]).reverse();
  }

  /** Messages, oldest first, with citations, triage and ratings. */
  messages(conversationId: string, limit = 500): StoredMessage[] {
    const rows = (this.q.messages.all(conversationId, limit) as { id: string; role: Role; kind: MessageKind; text: string; mode: 'llm' | 'rules' | null; confidence: number | null; staffName: string | null; orderNo: string | null; orderState: string | null; at: string }[]).reverse();
    if (!rows.length) return [];
    const cites = new Map<string, Citation[]>();
    for (const c of this.q.citationsOf.all(conversationId) as (Citation & { messageId: string })[]) {
      const list = cites.get(c.messageId) ?? [];
      list.push({ law: c.law, article: c.article, text: c.text, status: c.status });
      cites.set(c.messageId, list);
    }
    const tri = new Map((this.q.triageOf.all(conversationId) as { messageId: string; domain: string; service: string; confidence: number; flags: string; urgency: string }[]).map((t) => [t.messageId, toTriage(t)]));
    const rates = new Map((this.q.ratingsOf.all(conversationId) as { messageId: string; useful: number; comment: string | null }[]).map((r) => [r.messageId, { useful: r.useful === 1, comment: r.comment }]));
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      kind: r.kind,
      text: r.text,
      mode: r.mode,
      confidence: r.confidence,
      ...(r.staffName ? { from: r.staffName } : {}),
      ...(r.kind === 'order_status' ? { orderNo: r.orderNo ?? '', state: r.orderState ?? '' } : {}),
      citations: cites.get(r.id) ?? [],
      ...(tri.has(r.id) ? { triage: tri.get(r.id)! } : {}),
      ...(rates.has(r.id) ? { rating: rates.get(r.id)! } : {}),
      at: r.at,
    }));
  }

  lastTriage(conversationId: string): Triage | null {
    const t = this.q.lastTriage.get(conversationId) as { domain: string; service: string; confidence: number; flags: string; urgency: string } | undefined;
    return t ? toTriage(t) : null;
  }

  /** Distinct articles cited to the citizen so far (for a handoff). */
  articles(conversationId: string): ArticleRef[] {
    return this.q.articles.all(conversationId) as ArticleRef[];
  }

  message(conversationId: string, messageId: string): { id: string; role: Role; kind: MessageKind } | null {
    return (this.q.message.get(messageId, conversationId) as { id: string; role: Role; kind: MessageKind } | undefined) ?? null;
  }

  /** A citizen rates an answer (有用/没用); rating again replaces the earlier rating. */
  rate(conversationId: string, messageId: string, useful: boolean, comment: string | null): void {
    this.q.rate.run(messageId, conversationId, useful ? 1 : 0, comment === null ? null : redact(comment), this.now().toISOString());
  }
}
