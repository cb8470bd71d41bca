// Work orders: create (handoff or desk), every lifecycle action as one transaction writing the
// order row and an order_events row (plus callbacks, appointments, SLA clocks), and the
// citizen-facing progress view. Events go to the bus after commit.
import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import { timingSafeEqual } from 'node:crypto';
import type { ArticleRef, Knowledge } from '../../knowledge/types';
import { isValidPhone, normalise, type Pii } from '../citizens/pii';
import type { Clock } from '../clock';
import type { AppDb } from '../db';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import { hasRole, type StaffUser } from '../http/auth';
import { redact, type Logger } from '../log';
import type { Channel, CitizensPort, HandoffReason, OrderSummary, ProgressView, ResolvedOrder, Triage } from '../ports';
import type { StaffService } from '../staff/service';
import type { BusinessCalendar } from './calendar';
import type { Dispatcher } from './dispatch';
import { PRIORITY, SLA_CLOCK_LABEL, SLA_CLOCKS, type OrderType, type SlaClock, type SlaData, type Urgency } from './rules';
import { appointments, callbacks, orderEvents, orders, staff } from './schema';
import type { SlaClocks } from './sla';
import { rowMapper, StatementCache } from './sql';
import {
  isState,
  nextState,
  NEXT_STEP,
  OPEN_STATES,
  STATE_LABEL,
  TRANSITIONS,
  type Action,
  type Actor,
  type OrderState,
} from './state-machine';

export type OrderRow = typeof orders.$inferSelect;
export type EventRow = typeof orderEvents.$inferSelect;

export interface ActorRef {
  kind: Actor;
  staff?: StaffUser;
}
export const SYSTEM: ActorRef = { kind: 'system' };
export const CITIZEN: ActorRef = { kind: 'citizen' };

export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'busy', 'wrong_number', 'refused'] as const;
export type CallbackOutcome = (typeof CALLBACK_OUTCOMES)[number];
export const CALLBACK_OUTCOME_LABEL: Record<CallbackOutcome, string> = {
  reached: '已接通',
  no_answer: '无人接听',
  busy: '占线',
  wrong_number: '号码错误',
  refused: '群众拒绝沟通',
};

export interface TranscriptLine {
  role: 'citizen' | 'assistant' | 'staff';
  text: string;
  at: string;
}

export interface CreateOrderInput {
  type: OrderType;
  channel: Channel;
  reason: HandoffReason;
  summary?: string;
  transcript?: TranscriptLine[];
  triage?: Triage | null;
  domain?: string | null;
  service?: string | null;
  urgency?: Urgency;
  region?: string | null;
  citizen?: { phone?: string; idCard?: string; name?: string };
  articles?: ArticleRef[];
  waitingSince?: string;
  conversationId?: string | null;
  appointmentAt?: string | null;
  place?: string | null;
  /** Manual dispatch at creation (desk); otherwise the rules decide. */
  teamId?: number;
  assigneeId?: number;
}

export interface ActionInput {
  reason?: string;
  note?: string;
  text?: string;
  teamId?: number;
  teamKey?: string;
  assigneeId?: number | null;
  outcome?: CallbackOutcome;
  resolution?: string;
  cited?: ArticleRef[];
  satisfaction?: number;
  adopted?: boolean;
  comment?: string;
  into?: string;
  appointmentAt?: string;
  place?: string;
  expectedVersion?: number;
}

export interface OrderFilters {
  state?: string[];
  type?: string[];
  /** type in types OR team in teamIds (ledgers: a 移交 is by type or by the institution it went to) */
  typesOrTeams?: { types: string[]; teamIds: number[] };
  teamId?: number;
  assigneeId?: number;
  unassigned?: boolean;
  urgency?: string;
  region?: string;
  q?: string;
  from?: string; // ISO, createdAt >=
  to?: string; // ISO, createdAt <
  sort?: 'queue' | 'newest';
  limit?: number;
  offset?: number;
}

export interface OrdersDeps {
  db: AppDb;
  sqlite: Database.Database;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  pii: Pii;
  calendar: BusinessCalendar;
  slaPolicy: SlaData;
  sla: SlaClocks;
  dispatcher: Dispatcher;
  staff: StaffService;
  knowledge: Knowledge;
  citizens: () => CitizensPort | undefined;
}

type Emit = () => void;

const ORDER_NO = /^12348-\d{8}-\d{6,7}$/;
/** Failed progress lookups per order number before it is locked for a while (brute-force guard). */
const MAX_PROGRESS_FAILURES = 10;
const PROGRESS_LOCK_MS = 15 * 60_000;

const mapOrder = rowMapper(orders);
const mapEvent = rowMapper(orderEvents);

export class OrderService {
  private progressFailures = new Map<string, { n: number; since: number }>();
  private st: StatementCache;
  private runTx: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(private d: OrdersDeps) {
    this.st = new StatementCache(d.sqlite);
    this.runTx = d.sqlite.transaction((fn: () => unknown) => fn());
  }

  private byId(id: number): OrderRow {
    return mapOrder(this.st.get('select * from orders where id = ?').get(id) as Record<string, unknown>)!;
  }

  private findByNo(orderNo: string): OrderRow | undefined {
    return mapOrder(this.st.get('select * from orders where order_no = ?').get(orderNo) as Record<string, unknown> | undefined);
  }

  private now(): Date {
    return this.d.clock.now();
  }

  /** One IMMEDIATE transaction; bus events queued inside are emitted only after commit. */
  private tx<T>(fn: (emit: (e: Emit) => void) => T): T {
    const queued: Emit[] = [];
    const out = this.runTx.immediate(() => fn((e) => queued.push(e))) as T;
    for (const e of queued) {
      try {
        e();
      } catch (err) {
        this.d.log.error('order event listener failed', { err: err as Error });
      }
    }
    return out;
  }

  // ---- creation ----------------------------------------------------------------------------

  create(input: CreateOrderInput, actor: ActorRef): OrderRow {
    const phone = input.citizen?.phone?.trim() || undefined;
    if (phone && !isValidPhone(phone)) throw new AppError('bad_request', '联系电话格式不正确，请填写 11 位手机号或带区号的固定电话。');
    if (input.appointmentAt && Number.isNaN(Date.parse(input.appointmentAt))) throw new AppError('bad_request', '预约时间格式不正确。');
    if (input.type === 'appointment' && !input.appointmentAt) throw new AppError('bad_request', '预约工单需要填写预约时间。');
    let citizenId: string | null = null;
    const citizens = this.d.citizens();
    if (citizens && (phone || input.citizen?.idCard)) {
      try {
        citizenId = citizens.identify({ phone, idCard: input.citizen?.idCard, name: input.citizen?.name })?.citizenId ?? null;
      } catch (err) {
        this.d.log.warn('citizen identify failed; order opened without citizen id', { err: err as Error });
      }
    }
    const manualTeam = input.teamId ? this.d.staff.teamById(input.teamId) : null;
    if (input.teamId && !manualTeam) throw new AppError('bad_request', '指定的团队不存在。');
    const manualAssignee = input.assigneeId ? this.activeStaff(input.assigneeId) : null;

    return this.tx((emit) => {
      const now = this.now();
      const at = now.toISOString();
      const day = this.d.calendar.localDay(now).replaceAll('-', '');
      const { n } = this.st.get('insert into order_seq (day, n) values (?, 1) on conflict(day) do update set n = n + 1 returning n').get(day) as { n: number };
      const orderNo = `12348-${day}-${String(n).padStart(6, '0')}`;
      const sealed = phone ? this.d.pii.seal('phone', phone) : null;
      const last4 = phone ? normalise('phone', phone).slice(-4) : null;
      const transcript = (input.transcript ?? []).map((l) => ({ role: l.role, text: redact(l.text), at: l.at }));
      const firstQuestion = transcript.find((l) => l.role === 'citizen')?.text;
      const summary = redact((input.summary?.trim() || firstQuestion || '（未填写事项摘要）').slice(0, 500));
      const urgency: Urgency = input.urgency ?? input.triage?.urgency ?? 'normal';
      const id = this.st.insert(orders, {
          orderNo,
          type: input.type,
          state: 'received',
          channel: input.channel,
          reason: input.reason,
          conversationId: input.conversationId ?? null,
          citizenId,
          citizenName: input.citizen?.name?.trim().slice(0, 40) || null,
          phoneEnc: sealed?.enc ?? null,
          phoneHash: sealed?.hash ?? null,
          phoneMasked: sealed?.masked ?? null,
          progressKey: last4 ? this.progressKey(orderNo, last4) : null,
          region: input.region ?? null,
          domain: input.domain ?? input.triage?.domain ?? null,
          service: input.service ?? input.triage?.service ?? null,
          urgency,
          priority: PRIORITY[urgency],
          summary,
          transcript: JSON.stringify(transcript),
          triage: input.triage ? JSON.stringify(input.triage) : null,
          articles: JSON.stringify((input.articles ?? []).map((a) => ({ law: a.law, article: a.article }))),
          waitingSince: input.waitingSince ?? at,
          appointmentAt: input.appointmentAt ? new Date(input.appointmentAt).toISOString() : null,
          createdAt: at,
          updatedAt: at,
          version: 1,
        });
      const row = this.byId(id);
      this.writeEvent(row, 1, 'create', null, 'received', actor, null, { type: input.type, channel: input.channel, reason: input.reason }, at);
      if (row.appointmentAt) {
        this.d.db.insert(appointments).values({ orderId: row.id, startsAt: row.appointmentAt, place: input.place ?? null, createdAt: at }).run();
      }
      const clocks: SlaClock[] = SLA_CLOCKS.filter((c) => c !== 'callback' || sealed);
      this.d.sla.start(row.id, input.type, urgency, now, clocks);
      emit(() => this.d.bus.emit('order.created', { orderNo, orderId: row.id, state: 'received', conversationId: row.conversationId ?? undefined, at }));

      // Dispatch in the same transaction: an order never exists half-routed.
      let team = manualTeam;
      let assigneeId = manualAssignee?.id ?? null;
      let rule = '人工指派';
      if (!team && manualAssignee?.teamId) team = this.d.staff.teamById(manualAssignee.teamId);
      if (!team) {
        const r = this.d.dispatcher.route({ type: input.type, domain: row.domain, service: row.service, region: row.region, urgency, channel: input.channel });
        team = r.team;
        assigneeId = assigneeId ?? r.assigneeId;
        rule = r.rule;
      } else if (!assigneeId) {
        assigneeId = this.d.dispatcher.pickAssignee(team);
      }
      this.st.update(orders, { state: 'assigned', teamId: team.id, assigneeId, dispatchRule: rule, version: 2, updatedAt: at }, 'id = ?', [row.id]);
      const dispatched = this.byId(row.id);
      const by = actor.kind === 'staff' && (input.teamId || input.assigneeId) ? actor : SYSTEM;
      this.writeEvent(dispatched, 2, 'dispatch', 'received', 'assigned', by, null, { teamId: team.id, teamName: team.name, assigneeId, rule }, at);
      emit(() =>
        this.d.bus.emit('order.updated', { orderNo, orderId: row.id, state: 'assigned', event: 'dispatch', by: by.staff?.id, conversationId: row.conversationId ?? undefined, at }),
      );
      return dispatched;
    });
  }

  // ---- lifecycle actions -------------------------------------------------------------------

  act(orderNo: string, action: Action, input: ActionInput, actor: ActorRef): { order: OrderRow; event: EventRow } {
    if (action === 'create' || action === 'escalate') throw new AppError('invalid_transition', '不支持的工单操作。');
    const rule = TRANSITIONS[action];
    if (!rule) throw new AppError('invalid_transition', '不支持的工单操作。');
    const team = input.teamId ? this.d.staff.teamById(input.teamId) : input.teamKey ? this.d.staff.teamByKey(input.teamKey) : null;
    if ((input.teamId || input.teamKey) && !team) throw new AppError('bad_request', '指定的团队不存在。');

    return this.tx((emit) => {
      const o = this.byNo(orderNo);
      if (input.expectedVersion !== undefined && input.expectedVersion !== o.version) {
        throw new AppError('conflict', '工单已被他人更新，请刷新后重试。');
      }
      const from = o.state as OrderState;
      const to = nextState(from, action, actor.kind);
      this.authorize(o, action, actor);
      if (rule.needsReason && !input.reason?.trim()) throw new AppError('bad_request', `请填写「${rule.label}」的原因。`);
      const cited = action === 'resolve' ? this.checkCitations(input.cited ?? []) : [];
      const now = this.now();
      const at = now.toISOString();
      const patch: Partial<typeof orders.$inferInsert> = {};
      const data: Record<string, unknown> = {};
      const stop: SlaClock[] = [];
      let restart: SlaClock[] = [];
      const after: Emit[] = [];

      switch (action) {
        case 'dispatch': {
          const r = this.d.dispatcher.route({
            type: o.type as OrderType,
            domain: o.domain,
            service: o.service,
            region: o.region,
            urgency: o.urgency as Urgency,
            channel: o.channel,
          });
          Object.assign(patch, { teamId: r.team.id, assigneeId: r.assigneeId, dispatchRule: r.rule });
          Object.assign(data, { teamId: r.team.id, teamName: r.team.name, assigneeId: r.assigneeId, rule: r.rule });
          break;
        }
        case 'assign':
        case 'transfer': {
          const assignee = input.assigneeId ? this.activeStaff(input.assigneeId) : null;
          const t = team ?? (assignee?.teamId ? this.d.staff.teamById(assignee.teamId) : null);
          if (!t) throw new AppError('bad_request', action === 'transfer' ? '请选择转办的团队或机构。' : '请选择指派的团队或工作人员。');
          if (assignee && assignee.teamId !== t.id) throw new AppError('bad_request', '所选工作人员不属于该团队。');
          const assigneeId = assignee?.id ?? this.d.dispatcher.pickAssignee(t, action === 'transfer' && o.assigneeId ? [o.assigneeId] : []);
          Object.assign(patch, { teamId: t.id, assigneeId, dispatchRule: action === 'transfer' ? '转办' : '人工指派' });
          Object.assign(data, { fromTeamId: o.teamId, teamId: t.id, teamName: t.name, assigneeId });
          break;
        }
        case 'claim':
          patch.assigneeId = actor.staff!.id;
          patch.firstResponseAt = o.firstResponseAt ?? at;
          stop.push('first_response');
          break;
        case 'start':
          patch.firstResponseAt = o.firstResponseAt ?? at;
          stop.push('first_response');
          break;
        case 'callback': {
          const outcome = input.outcome;
          if (!outcome || !CALLBACK_OUTCOMES.includes(outcome)) throw new AppError('bad_request', '请选择回拨结果。');
          if (!o.phoneEnc) throw new AppError('bad_request', '该工单没有联系电话，无法登记回拨。');
          const note = input.note?.trim() ? redact(input.note.trim()).slice(0, 1000) : null;
          this.st.insert(callbacks, { orderId: o.id, staffId: actor.staff!.id, outcome, note, at });
          patch.firstResponseAt = o.firstResponseAt ?? at;
          stop.push('first_response', 'callback');
          Object.assign(data, { outcome, note });
          break;
        }
        case 'note': {
          const note = input.note?.trim() || input.text?.trim();
          if (!note) throw new AppError('bad_request', '备注内容不能为空。');
          data.note = redact(note).slice(0, 2000);
          break;
        }
        case 'reply': {
          const text = input.text?.trim();
          if (!text) throw new AppError('bad_request', '回复内容不能为空。');
          if (!o.conversationId) throw new AppError('bad_request', '该工单没有关联的在线会话，请通过回拨联系群众。');
          patch.firstResponseAt = o.firstResponseAt ?? at;
          stop.push('first_response');
          data.text = redact(text).slice(0, 2000);
          const s = actor.staff!;
          const conversationId = o.conversationId;
          after.push(() => this.d.bus.emit('conversation.staff_message', { conversationId, text: text.slice(0, 2000), staffId: s.id, staffName: s.name, at }));
          break;
        }
        case 'reschedule': {
          if (!input.appointmentAt || Number.isNaN(Date.parse(input.appointmentAt))) throw new AppError('bad_request', '请填写新的预约时间。');
          const startsAt = new Date(input.appointmentAt).toISOString();
          this.d.db.update(appointments).set({ status: 'rescheduled' }).where(and(eq(appointments.orderId, o.id), eq(appointments.status, 'booked'))).run();
          this.d.db.insert(appointments).values({ orderId: o.id, startsAt, place: input.place ?? null, note: input.note ?? null, createdAt: at }).run();
          patch.appointmentAt = startsAt;
          Object.assign(data, { from: o.appointmentAt, to: startsAt, place: input.place ?? null });
          break;
        }
        case 'return':
          patch.assigneeId = null;
          Object.assign(data, { fromTeamId: o.teamId, fromAssigneeId: o.assigneeId });
          break;
        case 'resolve': {
          const resolution = input.resolution?.trim();
          if (!resolution || resolution.length < 5) throw new AppError('bad_request', '请填写办理结果（至少 5 个字）。');
          Object.assign(patch, { resolution: resolution.slice(0, 5000), cited: JSON.stringify(cited), resolvedAt: at });
          stop.push(...SLA_CLOCKS);
          data.cited = cited;
          break;
        }
        case 'revisit':
        case 'evaluate': {
          const s = input.satisfaction;
          if (!Number.isInteger(s) || s! < 1 || s! > 5) throw new AppError('bad_request', '满意度请填写 1 到 5 之间的整数。');
          const comment = input.comment?.trim() ? redact(input.comment.trim()).slice(0, 1000) : null;
          Object.assign(patch, { satisfaction: s, adopted: input.adopted ?? null, evaluationComment: comment });
          Object.assign(data, { satisfaction: s, adopted: input.adopted ?? null, comment });
          break;
        }
        case 'reopen': {
          let assigneeId = o.assigneeId;
          if (assigneeId && !this.staffIsActive(assigneeId)) assigneeId = null;
          const t = o.teamId ? this.d.staff.teamById(o.teamId) : null;
          if (!assigneeId && t) assigneeId = this.d.dispatcher.pickAssignee(t);
          Object.assign(patch, { assigneeId, resolvedAt: null, closedAt: null, satisfaction: null, adopted: null, evaluationComment: null });
          restart = ['resolution'];
          Object.assign(data, { assigneeId, previous: { satisfaction: o.satisfaction, adopted: o.adopted } });
          break;
        }
        case 'merge': {
          const into = input.into?.trim();
          if (!into) throw new AppError('bad_request', '请填写要合并到的工单号。');
          const target = this.findByNo(into);
          if (!target) throw new AppError('not_found', `没有找到工单 ${into}。`);
          if (target.id === o.id) throw new AppError('bad_request', '不能把工单合并到它自己。');
          if (target.state === 'merged' || target.state === 'closed') throw new AppError('invalid_transition', '目标工单已关闭或已合并，不能再合并到它。');
          patch.mergedInto = target.id;
          patch.closedAt = at;
          stop.push(...SLA_CLOCKS);
          data.into = target.orderNo;
          // The target's trail records what was merged into it.
          const tv = target.version + 1;
          this.st.update(orders, { version: tv, updatedAt: at }, 'id = ?', [target.id]);
          this.writeEvent(target, tv, 'note', target.state, target.state, actor, input.reason ?? null, { mergedFrom: o.orderNo }, at);
          after.push(() =>
            this.d.bus.emit('order.updated', { orderNo: target.orderNo, orderId: target.id, state: target.state, event: 'merge', by: actor.staff?.id, conversationId: target.conversationId ?? undefined, at }),
          );
          break;
        }
        case 'close':
          patch.closedAt = at;
          stop.push(...SLA_CLOCKS);
          break;
      }

      const version = o.version + 1;
      const changed = this.st.update(orders, { ...patch, state: to, updatedAt: at, version }, 'id = ? and version = ?', [o.id, o.version]);
      if (!changed) throw new AppError('conflict', '工单已被他人更新，请刷新后重试。');
      const updated = this.byId(o.id);
      const event = this.writeEvent(updated, version, action, from, to, actor, input.reason?.trim() || null, data, at);
      if (stop.length) this.d.sla.stop(o.id, stop, now);
      if (restart.length) this.d.sla.start(o.id, o.type as OrderType, o.urgency as Urgency, now, restart);
      emit(() =>
        this.d.bus.emit('order.updated', {
          orderNo: o.orderNo,
          orderId: o.id,
          state: to,
          event: action,
          by: actor.staff?.id,
          conversationId: o.conversationId ?? undefined,
          teamName: typeof data.teamName === 'string' ? data.teamName : undefined,
          at,
        }),
      );
      for (const e of after) emit(e);
      return { order: updated, event };
    });
  }

  /**
   * Data minimisation: agents of partner institutions (法律援助中心, 调解委员会...) see only the
   * orders handed to their team or to them; platform agents and supervisors see all.
   */
  isPartnerAgent(s: StaffUser): boolean {
    if (hasRole(s, 'supervisor') || s.teamId === null) return false;
    return this.d.staff.teamById(s.teamId)?.kind === 'partner';
  }

  visibleTo(o: OrderRow, s: StaffUser): boolean {
    return !this.isPartnerAgent(s) || o.teamId === s.teamId || o.assigneeId === s.id;
  }

  /** Whether a live event about this order / conversation may go to this staff member's desk. */
  eventVisibleTo(s: StaffUser, ref: { orderId?: number; conversationId?: string }): boolean {
    if (!this.isPartnerAgent(s)) return true;
    const o = ref.orderId ? this.byId(ref.orderId) : ref.conversationId ? this.openOrderForConversation(ref.conversationId) : null;
    return Boolean(o && this.visibleTo(o, s));
  }

  /** The order if this staff member may see it; otherwise the same 404 as a missing order. */
  getFor(orderNo: string, s: StaffUser): OrderRow {
    const o = this.byNo(orderNo);
    if (!this.visibleTo(o, s)) throw new AppError('not_found', `没有找到工单 ${orderNo.slice(0, 40)}。`);
    return o;
  }

  private authorize(o: OrderRow, action: Action, actor: ActorRef): void {
    if (actor.kind !== 'staff') return; // citizen/system actions are limited by the transition table
    const s = actor.staff;
    if (!s) throw new AppError('unauthorized');
    if (!this.visibleTo(o, s)) throw new AppError('not_found', `没有找到工单 ${o.orderNo}。`);
    const sup = hasRole(s, 'supervisor');
    const mine = o.assigneeId === s.id;
    const myTeam = s.teamId !== null && o.teamId === s.teamId;
    const deny = (msg: string) => {
      throw new AppError('forbidden', msg);
    };
    switch (action) {
      case 'dispatch':
      case 'assign':
        if (!sup) deny('只有值班主管可以分派或指派工单。');
        break;
      case 'claim':
        if (!sup && !mine && !(o.assigneeId === null && myTeam)) deny('只能认领本团队待认领的工单或指派给您的工单。');
        break;
      case 'note':
        break;
      case 'reschedule':
      case 'revisit':
        if (!sup && !mine && !myTeam) deny('只有本团队工作人员或主管可以执行该操作。');
        break;
      default:
        if (!sup && !mine) deny('只有承办人或值班主管可以办理该工单。');
    }
  }

  /** Each cited article must exist in the knowledge base and be in force; returns normalised refs. */
  checkCitations(cited: ArticleRef[]): ArticleRef[] {
    const out: ArticleRef[] = [];
    for (const c of cited) {
      const a = this.d.knowledge.getArticle(c.law, c.article);
      if (!a) throw new AppError('bad_request', `引用的法条不存在：《${c.law}》${c.article}。`);
      if (a.status !== 'in_force') throw new AppError('bad_request', `引用的法条已失效或尚未施行：《${a.law}》${a.article}。`);
      if (!out.some((x) => x.law === a.law && x.article === a.article)) out.push({ law: a.law, article: a.article });
    }
    return out;
  }

  private writeEvent(
    o: { id: number },
    seq: number,
    event: Action,
    from: string | null,
    to: string,
    actor: ActorRef,
    reason: string | null,
    data: Record<string, unknown> | null,
    at: string,
  ): EventRow {
    const row = {
      orderId: o.id,
      seq,
      event,
      fromState: from,
      toState: to,
      actorKind: actor.kind,
      actorId: actor.staff?.id ?? null,
      actorName: actor.staff?.name ?? null,
      reason: reason ? redact(reason).slice(0, 1000) : null,
      data: data ? JSON.stringify(data) : null,
      at,
    };
    const id = this.st.insert(orderEvents, row);
    return { id, ...row };
  }

  private byNo(orderNo: string): OrderRow {
    const o = this.findByNo(orderNo);
    if (!o) throw new AppError('not_found', `没有找到工单 ${orderNo.slice(0, 40)}。`);
    return o;
  }

  private activeStaff(id: number) {
    const s = this.d.staff.staffById(id);
    if (!s || !s.active) throw new AppError('bad_request', '所选工作人员不存在或已停用。');
    return s;
  }

  private staffIsActive(id: number): boolean {
    return Boolean(this.d.staff.staffById(id)?.active);
  }

  // ---- SLA ---------------------------------------------------------------------------------

  /** Push warnings for clocks past their warning point; escalate overdue ones to a supervisor. */
  checkSla(): { warned: number; overdue: number } {
    const now = this.now();
    const at = now.toISOString();
    const { warn, overdue } = this.d.sla.due(now);
    for (const c of warn) {
      const o = this.d.db.select({ orderNo: orders.orderNo }).from(orders).where(eq(orders.id, c.orderId)).get();
      this.d.sla.markWarned(c.id, now);
      if (o) {
        const clockLabel = clockLabelOf(c.clock);
        const message = `预警：工单 ${o.orderNo} 的${clockLabel}时限即将到期`;
        this.d.bus.emit('sla.warning', { orderNo: o.orderNo, orderId: c.orderId, clock: c.clock, clockLabel, message, dueAt: c.dueAt, at });
      }
    }
    for (const c of overdue) {
      this.tx((emit) => {
        const o = this.byId(c.orderId);
        if (!o) return;
        const supervisor = this.supervisorFor(o.teamId);
        this.d.sla.markOverdue(c.id, now, supervisor);
        if (!OPEN_STATES.includes(o.state as OrderState)) return;
        const version = o.version + 1;
        this.st.update(orders, { version, updatedAt: at }, 'id = ?', [o.id]);
        const clockLabel = clockLabelOf(c.clock);
        const reason = escalationReason(clockLabel, supervisor === null ? null : (this.d.staff.staffById(supervisor)?.name ?? ''));
        const data = { reasonCode: `${c.clock}_overdue`, clock: c.clock, dueAt: c.dueAt, escalatedTo: supervisor };
        this.writeEvent(o, version, 'escalate', o.state, o.state, SYSTEM, reason, data, at);
        const message = `超时：工单 ${o.orderNo} 的${reason}`;
        emit(() =>
          this.d.bus.emit('sla.overdue', { orderNo: o.orderNo, orderId: o.id, clock: c.clock, clockLabel, message, dueAt: c.dueAt, at, escalatedTo: supervisor ?? undefined }),
        );
        emit(() => this.d.bus.emit('order.updated', { orderNo: o.orderNo, orderId: o.id, state: o.state, event: 'escalate', conversationId: o.conversationId ?? undefined, at }));
      });
    }
    return { warned: warn.length, overdue: overdue.length };
  }

  private supervisorFor(teamId: number | null): number | null {
    const pick = (cond: SQL | undefined) =>
      this.d.db
        .select({ id: staff.id })
        .from(staff)
        .where(and(eq(staff.active, true), inArray(staff.role, ['supervisor']), cond))
        .orderBy(asc(staff.id))
        .get()?.id ?? null;
    return (teamId ? pick(eq(staff.teamId, teamId)) : null) ?? pick(undefined);
  }

  // ---- reads -------------------------------------------------------------------------------

  get(orderNo: string): OrderRow {
    return this.byNo(orderNo);
  }

  events(orderId: number): EventRow[] {
    return (this.st.get('select * from order_events where order_id = ? order by seq').all(orderId) as Record<string, unknown>[]).map((r) => mapEvent(r)!);
  }

  callbacksOf(orderId: number) {
    return this.d.db.select().from(callbacks).where(eq(callbacks.orderId, orderId)).orderBy(asc(callbacks.id)).all();
  }

  appointmentsOf(orderId: number) {
    return this.d.db.select().from(appointments).where(eq(appointments.orderId, orderId)).orderBy(asc(appointments.id)).all();
  }

  list(f: OrderFilters): { items: OrderRow[]; total: number } {
    const conds: SQL[] = [];
    if (f.state?.length) conds.push(inArray(orders.state, f.state));
    if (f.type?.length) conds.push(inArray(orders.type, f.type));
    if (f.typesOrTeams) {
      const { types, teamIds } = f.typesOrTeams;
      const parts = [types.length ? inArray(orders.type, types) : undefined, teamIds.length ? inArray(orders.teamId, teamIds) : undefined].filter(
        (x): x is SQL => x !== undefined,
      );
      conds.push(parts.length ? or(...parts)! : sql`0`);
    }
    if (f.teamId) conds.push(eq(orders.teamId, f.teamId));
    if (f.assigneeId) conds.push(eq(orders.assigneeId, f.assigneeId));
    if (f.unassigned) conds.push(sql`${orders.assigneeId} is null`);
    if (f.urgency) conds.push(eq(orders.urgency, f.urgency));
    if (f.region) conds.push(likeEscaped(orders.region, f.region));
    if (f.from) conds.push(gte(orders.createdAt, f.from));
    if (f.to) conds.push(lt(orders.createdAt, f.to));
    if (f.q) {
      conds.push(or(likeEscaped(orders.orderNo, f.q), likeEscaped(orders.summary, f.q))!);
    }
    const where = conds.length ? and(...conds) : undefined;
    const order = f.sort === 'newest' ? [desc(orders.createdAt), desc(orders.id)] : [desc(orders.priority), asc(orders.waitingSince), asc(orders.id)];
    const items = this.d.db
      .select()
      .from(orders)
      .where(where)
      .orderBy(...order)
      .limit(Math.min(Math.max(f.limit ?? 50, 1), 1000))
      .offset(Math.max(f.offset ?? 0, 0))
      .all();
    const total = this.d.db.select({ n: sql<number>`count(*)` }).from(orders).where(where).get()!.n;
    return { items, total };
  }

  /** The citizen's phone in clear (the caller logs the access and checks the role). */
  revealPhone(orderNo: string, s: StaffUser): string | null {
    const o = this.getFor(orderNo, s);
    if (!hasRole(s, 'supervisor') && o.assigneeId !== s.id && !(s.teamId !== null && o.teamId === s.teamId)) {
      throw new AppError('forbidden', '只有承办人、本团队工作人员或主管可以查看完整电话号码。');
    }
    return o.phoneEnc ? this.d.pii.open(o.phoneEnc) : null;
  }

  /** 首问负责制: the staff member who registered each order (actor of its create event), by order id. */
  receivers(orderIds: number[]): Map<number, string> {
    const out = new Map<number, string>();
    if (!orderIds.length) return out;
    const rows = this.st
      .get(`select order_id as id, actor_name as name from order_events where seq = 1 and actor_kind = 'staff' and order_id in (select value from json_each(?))`)
      .all(JSON.stringify(orderIds)) as { id: number; name: string | null }[];
    for (const r of rows) if (r.name) out.set(r.id, r.name);
    return out;
  }

  /** Other open orders of the same citizen (same phone hash or citizen id): merge candidates. */
  possibleDuplicates(o: OrderRow): OrderRow[] {
    if (!o.phoneHash && !o.citizenId) return [];
    const rows = this.st
      .get(
        `select * from orders where id != ? and state in (${OPEN_STATES.map((s) => `'${s}'`).join(',')})
         and ((? is not null and phone_hash = ?) or (? is not null and citizen_id = ?)) order by id desc limit 10`,
      )
      .all(o.id, o.phoneHash, o.phoneHash, o.citizenId, o.citizenId) as Record<string, unknown>[];
    return rows.map((r) => mapOrder(r)!);
  }

  openOrderForConversation(conversationId: string): OrderRow | null {
    return (
      this.d.db
        .select()
        .from(orders)
        .where(and(eq(orders.conversationId, conversationId), inArray(orders.state, [...OPEN_STATES])))
        .orderBy(desc(orders.id))
        .get() ?? null
    );
  }

  /** Append a citizen's later message to an open order's transcript (desk sees the whole story). */
  appendTranscript(orderId: number, line: TranscriptLine): void {
    this.d.sqlite
      .prepare(`update orders set transcript = json_insert(transcript, '$[#]', json(?)) where id = ?`)
      .run(JSON.stringify({ role: line.role, text: redact(line.text).slice(0, 2000), at: line.at }), orderId);
  }

  // ---- citizen-facing ----------------------------------------------------------------------

  private progressKey(orderNo: string, last4: string): string {
    return this.d.pii.hash('progress', `${orderNo}:${last4}`);
  }

  /** Constant-time check of order number + last four digits; locked after repeated failures. */
  checkProgress(orderNo: string, last4: string): { order: OrderRow | null; locked: boolean } {
    const no = normaliseOrderNo(orderNo);
    const f = this.progressFailures.get(no);
    const nowMs = this.now().getTime();
    if (f && nowMs - f.since > PROGRESS_LOCK_MS) this.progressFailures.delete(no);
    else if (f && f.n >= MAX_PROGRESS_FAILURES) return { order: null, locked: true };
    const o = ORDER_NO.test(no) && /^\d{4}$/.test(last4) ? (this.findByNo(no) ?? null) : null;
    const given = Buffer.from(this.progressKey(no, last4), 'hex');
    const stored = Buffer.from(o?.progressKey ?? '0'.repeat(64), 'hex');
    const ok = timingSafeEqual(given, stored) && Boolean(o?.progressKey);
    if (!ok) {
      if (ORDER_NO.test(no)) {
        const cur = this.progressFailures.get(no) ?? { n: 0, since: nowMs };
        cur.n++;
        this.progressFailures.set(no, cur);
        if (this.progressFailures.size > 100_000) this.progressFailures.clear();
      }
      return { order: null, locked: false };
    }
    return { order: o, locked: false };
  }

  progressView(o: OrderRow): ProgressView {
    const state = o.state as OrderState;
    const rows = this.st.get('select event, data, at from order_events where order_id = ? order by seq').all(o.id) as { event: string; data: string | null; at: string }[];
    const history: ProgressView['history'] = [];
    for (const r of rows) {
      const label = publicLabel(r.event as Action, r.data);
      if (label) history.push({ at: r.at, label });
    }
    let nextStep = NEXT_STEP[state] ?? '';
    if (o.appointmentAt && OPEN_STATES.includes(state)) nextStep += `预约时间：${this.d.calendar.describe(new Date(o.appointmentAt))}。`;
    return { orderNo: o.orderNo, state, stateLabel: STATE_LABEL[state] ?? state, nextStep, updatedAt: o.updatedAt, history };
  }

  progress(orderNo: string, last4: string): ProgressView | null {
    const { order } = this.checkProgress(orderNo, last4);
    return order ? this.progressView(order) : null;
  }

  /** Progress of an order for the chat conversation it was opened from (the conversation is the proof). */
  progressForConversation(conversationId: string, orderNo: string): ProgressView | null {
    const o = this.findByNo(normaliseOrderNo(orderNo));
    return o && o.conversationId === conversationId ? this.progressView(o) : null;
  }

  /** Citizen's own evaluation (评价) with order number + last four digits. */
  evaluateByCitizen(orderNo: string, last4: string, e: { satisfaction: number; adopted?: boolean; comment?: string }) {
    const { order, locked } = this.checkProgress(orderNo, last4);
    if (locked) throw new AppError('rate_limited', '查询过于频繁，请稍后再试或拨打 12348 热线。');
    if (!order) throw new AppError('not_found', '工单号或手机号后四位不正确。');
    this.act(order.orderNo, 'evaluate', e, CITIZEN);
    return this.progressView(this.byNo(order.orderNo));
  }

  listByCitizen(citizenId: string): OrderSummary[] {
    return this.d.db
      .select()
      .from(orders)
      .where(eq(orders.citizenId, citizenId))
      .orderBy(desc(orders.createdAt), desc(orders.id))
      .limit(200)
      .all()
      .map(toSummary);
  }

  resolvedForLearning(orderId: number): ResolvedOrder | null {
    const o = this.d.db.select().from(orders).where(eq(orders.id, orderId)).get();
    if (!o || !o.resolvedAt || !o.resolution || (o.state !== 'resolved' && o.state !== 'evaluated')) return null;
    const transcript = JSON.parse(o.transcript) as TranscriptLine[];
    const question = transcript.filter((l) => l.role === 'citizen').map((l) => l.text).join('\n') || o.summary;
    return {
      orderId: o.id,
      orderNo: o.orderNo,
      question: redact(question).slice(0, 2000),
      resolution: redact(o.resolution),
      cited: JSON.parse(o.cited) as ArticleRef[],
      domain: o.domain,
      channel: o.channel as Channel,
      region: o.region,
      createdAt: o.createdAt,
      resolvedAt: o.resolvedAt,
      satisfaction: o.satisfaction,
    };
  }
}

function toSummary(o: OrderRow): OrderSummary {
  return {
    orderId: o.id,
    orderNo: o.orderNo,
    state: o.state,
    stateLabel: isState(o.state) ? STATE_LABEL[o.state] : o.state,
    type: o.type,
    domain: o.domain,
    service: o.service,
    summary: o.summary,
    createdAt: o.createdAt,
    resolvedAt: o.resolvedAt,
    satisfaction: o.satisfaction,
  };
}

/** "12348-20260302-000123" from what people type or key in: spaces, full-width dashes, digits only. */
export function normaliseOrderNo(input: string): string {
  const s = input.normalize('NFKC').replace(/\s+/g, '').replace(/[‐‑‒–—―－_]/g, '-');
  const m = /^12348-?(\d{8})-?(\d{6,7})$/.exec(s);
  return m ? `12348-${m[1]}-${m[2]}` : s;
}

/** Event labels a citizen may see: no staff names, no internal notes. */
function publicLabel(event: Action, data: string | null): string | null {
  const d = data ? (JSON.parse(data) as Record<string, unknown>) : {};
  switch (event) {
    case 'create':
      return '诉求已受理';
    case 'dispatch':
    case 'assign':
      return d.teamName ? `已分派至${d.teamName}` : '已分派';
    case 'transfer':
      return d.teamName ? `已转至${d.teamName}办理` : '已转办';
    case 'claim':
      return '工作人员已接单';
    case 'start':
      return '开始办理';
    case 'callback':
      return `工作人员回拨（${CALLBACK_OUTCOME_LABEL[d.outcome as CallbackOutcome] ?? '已回拨'}）`;
    case 'reply':
      return '工作人员已回复您';
    case 'reschedule':
      return '预约时间已调整';
    case 'return':
      return '工单重新分派中';
    case 'resolve':
      return '已办结';
    case 'revisit':
      return '已回访';
    case 'evaluate':
      return '您已评价';
    case 'reopen':
      return '重新办理';
    case 'merge':
      return '已与相同诉求合并办理';
    case 'close':
      return '工单已关闭';
    default:
      return null; // note, escalate: internal
  }
}

/** `col LIKE %text%` with the user's text taken literally. */
function likeEscaped(col: typeof orders.summary | typeof orders.region | typeof orders.orderNo, text: string): SQL {
  const pattern = `%${text.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
  return sql`${col} like ${pattern} escape '\\'`;
}

/** Chinese name of an SLA clock (首次响应 / 回拨 / 办结). */
function clockLabelOf(clock: string): string {
  return SLA_CLOCK_LABEL[clock as SlaClock] ?? '办理';
}

/**
 * The reason staff read on a system escalation, e.g. 「首次响应超时，已升级至主管王主任」.
 * `supervisorName`: null when no supervisor exists; '' when the name is unknown.
 */
export function escalationReason(clockLabel: string, supervisorName: string | null): string {
  if (supervisorName === null) return `${clockLabel}超时，暂无主管可升级，请尽快处理`;
  return `${clockLabel}超时，已升级至主管${supervisorName}`;
}
