// Work orders and staff: one schema for the orders module (orders, their event trail, teams,
// staff accounts, sessions, dispatch rules, SLA clocks, callbacks, appointments, access log).
// Migrations: `npm run db:generate -- orders`. Times are ISO-8601 UTC strings.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A team of the centre or a partner institution (法律援助中心, 人民调解委员会, 公证处...). */
export const teams = sqliteTable(
  'teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stable key used by rules/dispatch.json, e.g. `hotline`, `legal_aid_center`. */
    key: text('key').notNull(),
    name: text('name').notNull(),
    /** internal (platform staff) | partner (an institution the order is handed over to) */
    kind: text('kind').notNull().default('internal'),
    region: text('region'),
    phone: text('phone'),
    /** load (dispatch picks the least-loaded member) | pool (members claim from the pool) */
    assignMode: text('assign_mode').notNull().default('load'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('teams_key').on(t.key)],
);

export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    username: text('username').notNull(),
    name: text('name').notNull(),
    /** agent | supervisor | admin */
    role: text('role').notNull(),
    teamId: integer('team_id').references(() => teams.id),
    /** scrypt$N$r$p$salt$hash (see assistant/staff/passwords.ts) */
    passwordHash: text('password_hash').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Open orders this person can carry before dispatch skips them. */
    maxLoad: integer('max_load').notNull().default(20),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('staff_username').on(t.username), index('staff_team').on(t.teamId)],
);

/** Session tokens are stored as SHA-256 hashes only. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
  },
  (t) => [uniqueIndex('sessions_token').on(t.tokenHash), index('sessions_staff').on(t.staffId)],
);

/** Who looked at or changed what (全程留痕): personal data reveals, exports, admin actions. */
export const accessLog = sqliteTable(
  'access_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id').notNull(),
    username: text('username').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    detail: text('detail'),
    at: text('at').notNull(),
  },
  (t) => [index('access_log_staff').on(t.staffId, t.at), index('access_log_target').on(t.target)],
);

/** Per-day order number counter (12348-YYYYMMDD-NNNNNN), bumped inside the creating transaction. */
export const orderSeq = sqliteTable('order_seq', {
  day: text('day').primaryKey(),
  n: integer('n').notNull(),
});

export const orders = sqliteTable(
  'orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderNo: text('order_no').notNull(),
    /** consultation | legal_aid | mediation | complaint | appointment | referral | visit */
    type: text('type').notNull(),
    /** Machine state, see state-machine.ts */
    state: text('state').notNull(),
    /** web | voice | desk | api */
    channel: text('channel').notNull(),
    /** citizen | emergency | complaint | low_confidence | legal_aid | staff */
    reason: text('reason').notNull(),
    conversationId: text('conversation_id'),
    citizenId: text('citizen_id'),
    citizenName: text('citizen_name'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    /** Keyed hash of `orderNo:last4`, for the citizen's progress query. */
    progressKey: text('progress_key'),
    region: text('region'),
    domain: text('domain'),
    service: text('service'),
    /** normal | high | emergency */
    urgency: text('urgency').notNull().default('normal'),
    /** Queue order: higher first (emergency 100, high 50, normal 0). */
    priority: integer('priority').notNull().default(0),
    /** First citizen question or staff summary, personal numbers masked. */
    summary: text('summary').notNull(),
    /** JSON: transcript [{role,text,at}] with personal numbers masked. */
    transcript: text('transcript').notNull().default('[]'),
    /** JSON: triage as received. */
    triage: text('triage'),
    /** JSON: articles found before the handoff [{law, article}]. */
    articles: text('articles').notNull().default('[]'),
    waitingSince: text('waiting_since').notNull(),
    teamId: integer('team_id').references(() => teams.id),
    assigneeId: integer('assignee_id').references(() => staff.id),
    /** Name of the dispatch rule that routed it. */
    dispatchRule: text('dispatch_rule'),
    appointmentAt: text('appointment_at'),
    mergedInto: integer('merged_into'),
    resolution: text('resolution'),
    /** JSON: cited articles [{law, article}] checked at resolve time. */
    cited: text('cited').notNull().default('[]'),
    satisfaction: integer('satisfaction'),
    adopted: integer('adopted', { mode: 'boolean' }),
    evaluationComment: text('evaluation_comment'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    firstResponseAt: text('first_response_at'),
    resolvedAt: text('resolved_at'),
    closedAt: text('closed_at'),
    /** Bumped on every transition (optimistic concurrency for clients; events carry seq). */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('orders_no').on(t.orderNo),
    index('orders_state').on(t.state, t.priority, t.createdAt),
    index('orders_team').on(t.teamId, t.state),
    index('orders_assignee').on(t.assigneeId, t.state),
    index('orders_citizen').on(t.citizenId, t.createdAt),
    index('orders_phone').on(t.phoneHash),
    index('orders_type').on(t.type, t.createdAt),
    index('orders_conversation').on(t.conversationId),
    // queue order (priority desc, waiting longest first) and newest-first lists / date ranges
    index('orders_queue').on(sql`${t.priority} desc`, t.waitingSince, t.id),
    index('orders_created').on(t.createdAt, t.id),
  ],
);

/** One row per transition (who, when, what, why). The order's state equals its last event's toState. */
export const orderEvents = sqliteTable(
  'order_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    seq: integer('seq').notNull(),
    /** Action name, see state-machine.ts (create, dispatch, claim, callback, resolve...). */
    event: text('event').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    /** citizen | staff | system */
    actorKind: text('actor_kind').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    reason: text('reason'),
    /** JSON details (team, assignee, outcome, cited articles...). */
    data: text('data'),
    at: text('at').notNull(),
  },
  (t) => [uniqueIndex('order_events_seq').on(t.orderId, t.seq)],
);

/** Callback (回拨) attempts with their outcome. */
export const callbacks = sqliteTable(
  'callbacks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    staffId: integer('staff_id').notNull(),
    /** reached | no_answer | busy | wrong_number | refused */
    outcome: text('outcome').notNull(),
    note: text('note'),
    at: text('at').notNull(),
  },
  (t) => [index('callbacks_order').on(t.orderId)],
);

/** Appointments (预约) booked on appointment orders. */
export const appointments = sqliteTable(
  'appointments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    startsAt: text('starts_at').notNull(),
    place: text('place'),
    note: text('note'),
    /** booked | rescheduled | cancelled */
    status: text('status').notNull().default('booked'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('appointments_order').on(t.orderId), index('appointments_time').on(t.startsAt)],
);

/** Snapshot of rules/dispatch.json as loaded at start (so orders can name the rule that routed them). */
export const dispatchRules = sqliteTable('dispatch_rules', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  /** JSON: the match conditions. */
  match: text('match').notNull(),
  teamKey: text('team_key').notNull(),
  loadedAt: text('loaded_at').notNull(),
});

/** SLA clocks (first_response, callback, resolution) per order, in business time. */
export const slaClocks = sqliteTable(
  'sla_clocks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => orders.id),
    clock: text('clock').notNull(),
    startedAt: text('started_at').notNull(),
    warnAt: text('warn_at').notNull(),
    dueAt: text('due_at').notNull(),
    /** running | met | breached | cancelled */
    status: text('status').notNull().default('running'),
    warnedAt: text('warned_at'),
    overdueAt: text('overdue_at'),
    /** Supervisor the overdue clock was escalated to. */
    escalatedTo: integer('escalated_to'),
    stoppedAt: text('stopped_at'),
  },
  (t) => [index('sla_clocks_running').on(t.status, t.dueAt), uniqueIndex('sla_clocks_order').on(t.orderId, t.clock)],
);
