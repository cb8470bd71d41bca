// Persistence of conversations (tables in ../chat/schema.ts). Each write is one transaction:
// a turn's citizen message, its triage, the answer and the answer's citations land together.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { ArticleRef } from '../../knowledge/types';
import type { AppDb } from '../db';
import { redact } from '../log';
import type { Channel, Citation, Triage } from '../ports';
import { citations, conversations, messages, ratings, triage as triageTable } from '../chat/schema';

export type Role = 'citizen' | 'assistant' | 'staff';
export type MessageKind = 'question' | 'answer' | 'clarify' | 'handoff' | 'notice' | 'staff';

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
  citations: Citation[];
  triage?: Triage;
  rating?: { useful: boolean; comment: string | null };
  at: string;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`;
}

export class ChatStore {
  constructor(
    private db: AppDb,
    private now: () => Date,
  ) {}

  get(id: string): ConversationRow | null {
    return (this.db.select().from(conversations).where(eq(conversations.id, id)).get() as ConversationRow | undefined) ?? null;
  }

  create(c: { id: string; channel: Channel; region?: string | null; citizenId?: string | null }): ConversationRow {
    const at = this.now().toISOString();
    this.db
      .insert(conversations)
      .values({ id: c.id, channel: c.channel, region: c.region ?? null, citizenId: c.citizenId ?? null, createdAt: at, updatedAt: at })
      .onConflictDoNothing()
      .run();
    return this.get(c.id)!;
  }

  setCitizen(id: string, citizenId: string): void {
    this.db.update(conversations).set({ citizenId, updatedAt: this.now().toISOString() }).where(eq(conversations.id, id)).run();
  }

  /** Append messages (with their triage and citations) and update the conversation, in one transaction. */
  append(conversationId: string, msgs: NewMessage[], update: Partial<Pick<ConversationRow, 'status' | 'orderNo' | 'domain' | 'service'>> = {}): string[] {
    const at = this.now().toISOString();
    return this.db.transaction((tx) => {
      const row = tx.select({ seq: sql<number>`coalesce(max(${messages.seq}), 0)` }).from(messages).where(eq(messages.conversationId, conversationId)).get();
      let seq = row?.seq ?? 0;
      const ids: string[] = [];
      for (const m of msgs) {
        const id = m.id ?? newId('m');
        ids.push(id);
        tx.insert(messages)
          .values({
            id,
            conversationId,
            role: m.role,
            kind: m.kind,
            text: redact(m.text),
            mode: m.mode ?? null,
            confidence: m.confidence ?? null,
            staffId: m.staffId ?? null,
            staffName: m.staffName ?? null,
            createdAt: at,
            seq: ++seq,
          })
          .run();
        if (m.triage) {
          tx.insert(triageTable)
            .values({ messageId: id, conversationId, domain: m.triage.domain, service: m.triage.service, confidence: m.triage.confidence, flags: JSON.stringify(m.triage.flags), urgency: m.triage.urgency, createdAt: at })
            .run();
        }
        m.citations?.forEach((c, position) => {
          tx.insert(citations).values({ messageId: id, position, law: c.law, article: c.article, status: c.status, text: c.text }).run();
        });
      }
      const firstAsked = msgs.some((m) => m.role === 'citizen') ? { firstAskedAt: sql`coalesce(${conversations.firstAskedAt}, ${at})` } : {};
      tx.update(conversations)
        .set({ ...update, ...firstAsked, updatedAt: at })
        .where(eq(conversations.id, conversationId))
        .run();
      return ids;
    });
  }

  /** All messages, oldest first, with citations, triage and ratings. */
  messages(conversationId: string, limit = 500): StoredMessage[] {
    const rows = this.db.select().from(messages).where(eq(messages.conversationId, conversationId)).orderBy(desc(messages.seq)).limit(limit).all().reverse();
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const cites = this.db.select().from(citations).where(inArray(citations.messageId, ids)).orderBy(asc(citations.position)).all();
    const tri = this.db.select().from(triageTable).where(inArray(triageTable.messageId, ids)).all();
    const rates = this.db.select().from(ratings).where(inArray(ratings.messageId, ids)).all();
    return rows.map((r) => {
      const t = tri.find((x) => x.messageId === r.id);
      const rate = rates.find((x) => x.messageId === r.id);
      return {
        id: r.id,
        role: r.role as Role,
        kind: r.kind as MessageKind,
        text: r.text,
        mode: (r.mode as 'llm' | 'rules' | null) ?? null,
        confidence: r.confidence,
        ...(r.staffName ? { from: r.staffName } : {}),
        citations: cites.filter((c) => c.messageId === r.id).map((c) => ({ law: c.law, article: c.article, text: c.text, status: c.status as Citation['status'] })),
        ...(t ? { triage: { domain: t.domain, service: t.service, confidence: t.confidence, flags: JSON.parse(t.flags), urgency: t.urgency } as Triage } : {}),
        ...(rate ? { rating: { useful: rate.useful, comment: rate.comment } } : {}),
        at: r.createdAt,
      };
    });
  }

  lastTriage(conversationId: string): Triage | null {
    const t = this.db.select().from(triageTable).where(eq(triageTable.conversationId, conversationId)).orderBy(desc(triageTable.createdAt), desc(sql`rowid`)).limit(1).get();
    return t ? ({ domain: t.domain, service: t.service, confidence: t.confidence, flags: JSON.parse(t.flags), urgency: t.urgency } as Triage) : null;
  }

  /** Distinct articles cited to the citizen so far (for a handoff). */
  articles(conversationId: string): ArticleRef[] {
    const rows = this.db
      .selectDistinct({ law: citations.law, article: citations.article })
      .from(citations)
      .innerJoin(messages, eq(messages.id, citations.messageId))
      .where(eq(messages.conversationId, conversationId))
      .all();
    return rows;
  }

  message(conversationId: string, messageId: string): { id: string; role: Role; kind: MessageKind } | null {
    const r = this.db.select({ id: messages.id, role: messages.role, kind: messages.kind }).from(messages).where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId))).get();
    return r ? { id: r.id, role: r.role as Role, kind: r.kind as MessageKind } : null;
  }

  /** A citizen rates an answer (有用/没用); rating again replaces the earlier rating. */
  rate(conversationId: string, messageId: string, useful: boolean, comment: string | null): void {
    const at = this.now().toISOString();
    this.db
      .insert(ratings)
      .values({ messageId, conversationId, useful, comment: comment === null ? null : redact(comment), createdAt: at })
      .onConflictDoUpdate({ target: ratings.messageId, set: { useful, comment: comment === null ? null : redact(comment), createdAt: at } })
      .run();
  }
}
