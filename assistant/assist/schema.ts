// Assist tables (migrated with the citizens module, see ../citizens/schema.ts): repeat-contact
// pushes, suggested answers and their outcome, the review queue of flags, and which resolved
// orders were learned into the knowledge core.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Material pushed to the desk when a known citizen starts a contact (JSON payload, masked). */
export const assistPushes = sqliteTable(
  'assist_pushes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id').notNull(),
    citizenId: text('citizen_id').notNull(),
    /** start (at contact start) | question (refreshed when the first question arrived) */
    trigger: text('trigger').notNull(),
    payload: text('payload').notNull(),
    tookMs: integer('took_ms').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('assist_pushes_contact').on(t.contactId, t.id)],
);

/** A drafted answer offered to a staff member, and what they did with it. */
export const suggestions = sqliteTable(
  'suggestions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** conversation | order | contact */
    targetKind: text('target_kind').notNull(),
    targetId: text('target_id').notNull(),
    staffId: integer('staff_id').notNull(),
    staffName: text('staff_name').notNull(),
    topic: text('topic').notNull(),
    question: text('question').notNull(),
    draft: text('draft').notNull(),
    /** JSON: checked citations kept in the draft. */
    citations: text('citations').notNull().default('[]'),
    /** JSON: citations the checker refused (shown to staff, not used). */
    rejectedCitations: text('rejected_citations').notNull().default('[]'),
    mode: text('mode').notNull(), // llm | rules
    /** pending | adopted | edited | rejected */
    outcome: text('outcome').notNull().default('pending'),
    finalText: text('final_text'),
    finalCitations: text('final_citations'),
    reason: text('reason'),
    decidedAt: text('decided_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('suggestions_staff').on(t.staffId, t.outcome), index('suggestions_topic').on(t.topic, t.outcome)],
);

/** Review queue: a bad answer, a wrong citation or a missing article reported by staff. */
export const assistFlags = sqliteTable(
  'assist_flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** bad_answer | wrong_citation | missing_article */
    kind: text('kind').notNull(),
    /** What it is about: a suggestion, a chat message, a conversation or an order. */
    targetKind: text('target_kind'),
    targetId: text('target_id'),
    law: text('law'),
    article: text('article'),
    question: text('question'),
    note: text('note').notNull(),
    staffId: integer('staff_id').notNull(),
    /** open | resolved | dismissed */
    state: text('state').notNull().default('open'),
    resolution: text('resolution'),
    resolvedBy: integer('resolved_by'),
    resolvedAt: text('resolved_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('assist_flags_state').on(t.state, t.id)],
);

/** Resolved live orders already fed to the knowledge core (idempotence across restarts). */
export const learnedOrders = sqliteTable(
  'learned_orders',
  {
    orderId: integer('order_id').primaryKey(),
    orderNo: text('order_no').notNull(),
    pastOrderId: integer('past_order_id'),
    /** learned | skipped (nothing to learn) | failed */
    status: text('status').notNull(),
    detail: text('detail'),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('learned_orders_no').on(t.orderNo)],
);
