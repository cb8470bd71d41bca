// Citizens module tables: identities (numbers sealed, never raw), their contacts with the
// platform, merges of duplicates and the personal-data access audit. The assist tables
// (pushes, suggestions, flags, learned orders) live in ../assist/schema.ts and are re-exported
// here so they share this module's migrations (`npm run db:generate -- citizens`).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export * from '../assist/schema';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** One person as the platform knows them. `mergedInto` points at the surviving record after a merge. */
export const citizens = sqliteTable(
  'citizens',
  {
    id: text('id').primaryKey(),
    /** Name sealed with AES-GCM (may be null) and its masked form (张**). */
    nameEnc: text('name_enc'),
    nameMasked: text('name_masked'),
    /** Set while this record is merged into another one (reversible: see citizen_merges). */
    mergedInto: text('merged_into'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('citizens_merged').on(t.mergedInto)],
);

/** Personal numbers of a citizen: ciphertext + keyed hash (lookup) + masked display. */
export const citizenNumbers = sqliteTable(
  'citizen_numbers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    /** phone | id */
    kind: text('kind').notNull(),
    enc: text('enc').notNull(),
    hash: text('hash').notNull(),
    masked: text('masked').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [uniqueIndex('citizen_numbers_hash').on(t.kind, t.hash), index('citizen_numbers_citizen').on(t.citizenId)],
);

/** Every contact: chat conversation, call, desk visit. Texts are stored with personal numbers masked. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    citizenId: text('citizen_id')
      .notNull()
      .references(() => citizens.id),
    channel: text('channel').notNull(), // web | voice | desk | api
    conversationId: text('conversation_id'),
    /** First question or what the citizen came for (masked). */
    text: text('text'),
    /** Short summary (staff-written for visits, derived for conversations; masked). */
    summary: text('summary'),
    topic: text('topic'),
    satisfaction: integer('satisfaction'), // 1..5
    /** Staff member who registered the contact (desk visits). */
    staffId: integer('staff_id'),
    startedAt: text('started_at').notNull(),
  },
  (t) => [index('contacts_citizen').on(t.citizenId, t.startedAt), index('contacts_conversation').on(t.conversationId)],
);

/** Merge audit: one row per merge; undoing sets undoneAt/undoneBy (the row is kept). */
export const citizenMerges = sqliteTable(
  'citizen_merges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sourceId: text('source_id').notNull(),
    targetId: text('target_id').notNull(),
    reason: text('reason').notNull(),
    staffId: integer('staff_id').notNull(),
    at: text('at').notNull(),
    undoneAt: text('undone_at'),
    undoneBy: integer('undone_by'),
    undoReason: text('undo_reason'),
  },
  (t) => [index('citizen_merges_source').on(t.sourceId), index('citizen_merges_target').on(t.targetId)],
);

/** Access to personal data and sensitive actions (reveal, lookup, merge...): 全程留痕. */
export const citizenAccess = sqliteTable(
  'citizen_access',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id').notNull(),
    staffRole: text('staff_role').notNull(),
    action: text('action').notNull(), // reveal | reveal_denied | lookup | archive | merge | unmerge | create | visit
    citizenId: text('citizen_id'),
    detail: text('detail'),
    at: text('at').notNull(),
  },
  (t) => [index('citizen_access_citizen').on(t.citizenId, t.at), index('citizen_access_staff').on(t.staffId, t.at)],
);
