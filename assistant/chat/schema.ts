// The chat module's tables: conversations, their messages, the checked citations of each answer,
// the triage of each citizen message, and citizens' ratings. Migrations: `npm run db:generate -- chat`.
// No raw phone or ID numbers here: citizens are referenced by citizenId, message text is redacted.
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const conversations = sqliteTable(
  'chat_conversations',
  {
    id: text('id').primaryKey(),
    /** web | voice | desk | api */
    channel: text('channel').notNull(),
    /** From the citizens port (never the phone number itself). */
    citizenId: text('citizen_id'),
    region: text('region'),
    /** bot (the assistant answers) | handed_off (staff answer; citizen messages are forwarded) */
    status: text('status').notNull().default('bot'),
    orderNo: text('order_no'),
    /** Latest triage of the conversation. */
    domain: text('domain'),
    service: text('service'),
    /** When the citizen first asked (waiting time at handoff counts from here). */
    firstAskedAt: text('first_asked_at'),
    createdAt: text('created_at').notNull().default(now),
    updatedAt: text('updated_at').notNull().default(now),
  },
  (t) => [index('chat_conversations_citizen').on(t.citizenId), index('chat_conversations_updated').on(t.updatedAt)],
);

export const messages = sqliteTable(
  'chat_messages',
  {
    id: text('id').primaryKey(),
    conversationId: text('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** citizen | assistant | staff */
    role: text('role').notNull(),
    /** question | answer | clarify | handoff | notice | staff | order_status (a work-order status notice) */
    kind: text('kind').notNull(),
    /** Redacted text (phone and ID numbers masked). */
    text: text('text').notNull(),
    /** llm | rules (answers only) */
    mode: text('mode'),
    confidence: real('confidence'),
    staffId: integer('staff_id'),
    staffName: text('staff_name'),
    /** order_status notices: the work order and the state it reached (received, claimed, resolved...). */
    orderNo: text('order_no'),
    orderState: text('order_state'),
    createdAt: text('created_at').notNull(),
    /** Insertion order inside the conversation. */
    seq: integer('seq').notNull(),
  },
  (t) => [uniqueIndex('chat_messages_conv_seq').on(t.conversationId, t.seq)],
);

export const citations = sqliteTable(
  'chat_citations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    law: text('law').notNull(),
    article: text('article').notNull(),
    status: text('status').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('chat_citations_message').on(t.messageId, t.position), index('chat_citations_article').on(t.law, t.article)],
);

export const triage = sqliteTable(
  'chat_triage',
  {
    /** The citizen message this triage is of. */
    messageId: text('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').notNull(),
    domain: text('domain').notNull(),
    service: text('service').notNull(),
    confidence: real('confidence').notNull(),
    /** JSON array of flags. */
    flags: text('flags').notNull().default('[]'),
    urgency: text('urgency').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('chat_triage_conversation').on(t.conversationId), index('chat_triage_domain').on(t.domain, t.createdAt)],
);

export const ratings = sqliteTable(
  'chat_ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text('conversation_id').notNull(),
    useful: integer('useful', { mode: 'boolean' }).notNull(),
    comment: text('comment'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('chat_ratings_message').on(t.messageId), index('chat_ratings_created').on(t.createdAt)],
);
