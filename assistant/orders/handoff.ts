// Handoff (转人工) as a structured action from any door: validates the request, derives the order
// type and urgency from the reason and triage, opens (or reuses) the conversation's work order
// and tells the citizen its number and what happens next.
import { z } from 'zod';
import type { HandoffRequest, HandoffResult } from '../ports';
import { isValidPhone } from '../citizens/pii';
import { parseWith } from '../http/validate';
import type { BusinessCalendar } from './calendar';
import { handoffMessage } from './handoff-message';
import type { OrderType, SlaData, Urgency } from './rules';
import { CITIZEN, SYSTEM, type OrderService } from './service';
import type { StaffService } from '../staff/service';

const Line = z.object({ role: z.enum(['citizen', 'assistant', 'staff']), text: z.string().max(20_000), at: z.string() }).passthrough();
export const HandoffSchema = z
  .object({
    conversationId: z.string().min(1).max(200),
    channel: z.enum(['web', 'voice', 'desk', 'api']),
    reason: z.enum(['citizen', 'emergency', 'complaint', 'low_confidence', 'legal_aid', 'staff']),
    transcript: z.array(Line).max(2000),
    triage: z
      .object({
        domain: z.string(),
        service: z.string(),
        confidence: z.number(),
        flags: z.array(z.string()),
        urgency: z.enum(['normal', 'high', 'emergency']),
      })
      .passthrough()
      .optional(),
    region: z.string().max(100).optional(),
    citizen: z.object({ phone: z.string().max(40).optional(), idCard: z.string().max(40).optional(), name: z.string().max(40).optional() }).passthrough().optional(),
    articles: z.array(z.object({ law: z.string(), article: z.string() }).passthrough()).max(100).default([]),
    waitingSince: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'ISO time'),
  })
  .passthrough();

export function orderTypeFor(req: Pick<HandoffRequest, 'reason' | 'triage'>): OrderType {
  const t = req.triage;
  if (req.reason === 'legal_aid' || t?.service === '法律援助') return 'legal_aid';
  if (req.reason === 'complaint' || t?.flags.includes('complaint') || t?.service === '投诉建议') return 'complaint';
  if (t?.service === '人民调解') return 'mediation';
  return 'consultation';
}

export function urgencyFor(req: Pick<HandoffRequest, 'reason' | 'triage'>): Urgency {
  if (req.reason === 'emergency' || req.triage?.flags.includes('emergency') || req.triage?.urgency === 'emergency') return 'emergency';
  return req.triage?.urgency ?? 'normal';
}

export function createHandoff(svc: OrderService, staff: StaffService, cal: BusinessCalendar, sla: SlaData, now: () => Date) {
  return async (raw: HandoffRequest): Promise<HandoffResult> => {
    const req = parseWith(HandoffSchema, raw) as HandoffRequest;
    const existing = svc.openOrderForConversation(req.conversationId);
    if (existing) {
      return {
        orderNo: existing.orderNo,
        message: `您的诉求已在办理中，工单号：${existing.orderNo}。工作人员会尽快与您联系，请勿重复提交。`,
      };
    }
    // A handoff is never refused for a malformed contact (caller ID "anonymous", a typo): the
    // order opens without the number and the message says how to follow it up instead.
    if (req.citizen?.phone && !isValidPhone(req.citizen.phone)) req.citizen = { ...req.citizen, phone: undefined };
    const type = orderTypeFor(req);
    const urgency = urgencyFor(req);
    const order = svc.create(
      {
        type,
        channel: req.channel,
        reason: req.reason,
        transcript: req.transcript,
        triage: req.triage ?? null,
        urgency,
        region: req.region ?? null,
        citizen: req.citizen,
        articles: req.articles,
        waitingSince: new Date(req.waitingSince).toISOString(),
        conversationId: req.conversationId,
      },
      req.reason === 'citizen' ? CITIZEN : SYSTEM,
    );
    const team = order.teamId ? staff.teamById(order.teamId) : null;
    const message = handoffMessage(cal, sla, {
      orderNo: order.orderNo,
      type,
      urgency,
      teamName: team?.name ?? '12348',
      teamKind: team?.kind ?? 'internal',
      phoneMasked: order.phoneMasked,
      now: now(),
      channel: req.channel,
    });
    return { orderNo: order.orderNo, message };
  };
}
