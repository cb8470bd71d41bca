// JSON shapes the desk receives: an order with labels, team and assignee names, waiting time and
// the actions allowed now and its running SLA clocks (kind, dueAt, state ok|warning|overdue); the detail
// adds transcript, events, callbacks, appointments and every SLA clock row.
// Phone numbers only ever appear masked here (revealing is a separate, logged endpoint).
import type { StaffService } from '../staff/service';
import { ORDER_TYPE_LABEL, SLA_CLOCK_LABEL, type OrderType, type SlaClock } from './rules';
import type { EventRow, OrderRow, OrderService } from './service';
import { clockState, CLOCK_STATE_LABEL, type ClockRow, type SlaClocks } from './sla';
import { allowedActions, STATE_LABEL, TRANSITIONS, type Action, type OrderState } from './state-machine';

export class Views {
  constructor(
    private staff: StaffService,
    private svc: OrderService,
    private sla: SlaClocks,
    private now: () => Date,
  ) {}

  private names() {
    const teams = new Map(this.staff.listTeams().map((t) => [t.id, t]));
    const people = new Map(this.staff.listStaff().map((s) => [s.id, s.name]));
    return { teams, people };
  }

  /** Running SLA clocks as the list and detail show them: kind, Chinese label, deadlines, state now. */
  slaClocks(rows: readonly ClockRow[], now = this.now()) {
    return rows
      .filter((c) => c.status === 'running')
      .map((c) => {
        const state = clockState(c, now);
        return {
          kind: c.clock,
          label: SLA_CLOCK_LABEL[c.clock as SlaClock] ?? c.clock,
          warnAt: c.warnAt,
          dueAt: c.dueAt,
          state,
          stateLabel: CLOCK_STATE_LABEL[state],
        };
      });
  }

  /** One order as JSON; `clocks` are its running SLA clocks (fetched here when not given). */
  order(o: OrderRow, n = this.names(), clocks: readonly ClockRow[] = this.sla.runningFor([o.id]).get(o.id) ?? []) {
    const team = o.teamId ? n.teams.get(o.teamId) : undefined;
    return {
      id: o.id,
      orderNo: o.orderNo,
      type: o.type,
      typeLabel: ORDER_TYPE_LABEL[o.type as OrderType] ?? o.type,
      state: o.state,
      stateLabel: STATE_LABEL[o.state as OrderState] ?? o.state,
      channel: o.channel,
      reason: o.reason,
      urgency: o.urgency,
      priority: o.priority,
      summary: o.summary,
      domain: o.domain,
      service: o.service,
      region: o.region,
      conversationId: o.conversationId,
      citizenId: o.citizenId,
      citizenName: o.citizenName,
      phoneMasked: o.phoneMasked,
      hasPhone: Boolean(o.phoneEnc),
      team: team ? { id: team.id, key: team.key, name: team.name, kind: team.kind } : null,
      assignee: o.assigneeId ? { id: o.assigneeId, name: n.people.get(o.assigneeId) ?? '' } : null,
      dispatchRule: o.dispatchRule,
      appointmentAt: o.appointmentAt,
      mergedInto: o.mergedInto,
      resolution: o.resolution,
      cited: JSON.parse(o.cited),
      satisfaction: o.satisfaction,
      adopted: o.adopted,
      evaluationComment: o.evaluationComment,
      waitingSince: o.waitingSince,
      waitingMinutes: Math.max(0, Math.round((this.now().getTime() - Date.parse(o.waitingSince)) / 60_000)),
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      firstResponseAt: o.firstResponseAt,
      resolvedAt: o.resolvedAt,
      closedAt: o.closedAt,
      version: o.version,
      actions: allowedActions(o.state as OrderState, 'staff'),
      slaClocks: this.slaClocks(clocks),
    };
  }

  /** A page of orders: names and running SLA clocks are read once for the whole page (no N+1). */
  orders(rows: OrderRow[]) {
    const n = this.names();
    const clocks = this.sla.runningFor(rows.map((o) => o.id));
    return rows.map((o) => this.order(o, n, clocks.get(o.id) ?? []));
  }

  event(e: EventRow) {
    const data = e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null;
    return {
      seq: e.seq,
      event: e.event,
      label: TRANSITIONS[e.event as Action]?.label ?? e.event,
      from: e.fromState,
      to: e.toState,
      actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
      /** What staff read, in Chinese (system escalations included). */
      reason: e.reason,
      /** Machine-readable code beside a system reason, e.g. first_response_overdue. */
      reasonCode: typeof data?.reasonCode === 'string' ? data.reasonCode : null,
      data,
      at: e.at,
    };
  }

  detail(o: OrderRow) {
    const clocks = this.sla.forOrder(o.id);
    return {
      ...this.order(o, this.names(), clocks),
      transcript: JSON.parse(o.transcript),
      triage: o.triage ? JSON.parse(o.triage) : null,
      articles: JSON.parse(o.articles),
      events: this.svc.events(o.id).map((e) => this.event(e)),
      callbacks: this.svc.callbacksOf(o.id),
      appointments: this.svc.appointmentsOf(o.id),
      duplicates: this.svc.possibleDuplicates(o).map((d) => ({
        orderNo: d.orderNo,
        state: d.state,
        stateLabel: STATE_LABEL[d.state as OrderState] ?? d.state,
        summary: d.summary,
        createdAt: d.createdAt,
      })),
      sla: clocks.map((c) => ({
        clock: c.clock,
        label: SLA_CLOCK_LABEL[c.clock as SlaClock] ?? c.clock,
        status: c.status,
        startedAt: c.startedAt,
        warnAt: c.warnAt,
        dueAt: c.dueAt,
        warnedAt: c.warnedAt,
        overdueAt: c.overdueAt,
        escalatedTo: c.escalatedTo,
        stoppedAt: c.stoppedAt,
      })),
    };
  }
}
