// JSON shapes the desk receives: an order with labels, team and assignee names, waiting time and
// the actions allowed now; the detail adds transcript, events, callbacks, appointments and SLA clocks.
// Phone numbers only ever appear masked here (revealing is a separate, logged endpoint).
import type { StaffService } from '../staff/service';
import { ORDER_TYPE_LABEL, SLA_CLOCK_LABEL, type OrderType, type SlaClock } from './rules';
import type { EventRow, OrderRow, OrderService } from './service';
import type { SlaClocks } from './sla';
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

  order(o: OrderRow, n = this.names()) {
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
    };
  }

  orders(rows: OrderRow[]) {
    const n = this.names();
    return rows.map((o) => this.order(o, n));
  }

  event(e: EventRow) {
    return {
      seq: e.seq,
      event: e.event,
      label: TRANSITIONS[e.event as Action]?.label ?? e.event,
      from: e.fromState,
      to: e.toState,
      actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
      reason: e.reason,
      data: e.data ? JSON.parse(e.data) : null,
      at: e.at,
    };
  }

  detail(o: OrderRow) {
    return {
      ...this.order(o),
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
      sla: this.sla.forOrder(o.id).map((c) => ({
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
