// Request bodies of the orders REST API (zod, strict: unknown fields are refused).
import { z } from 'zod';
import { ORDER_TYPES, URGENCIES } from './rules';
import { CALLBACK_OUTCOMES } from './service';
import type { Action } from './state-machine';

const reason = z.string().trim().min(1).max(1000);
const version = { expectedVersion: z.number().int().positive().optional() };
/** A cited article. Extra fields (text, status, score... when the desk passes a search hit) are dropped, not refused. */
const article = z.object({ law: z.string().trim().min(1).max(100), article: z.string().trim().min(1).max(40) }).strip();
const iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), '需要 ISO 8601 时间，例如 2026-03-03T10:00:00+08:00');
const team = { teamId: z.number().int().positive().optional(), teamKey: z.string().max(40).optional() };

export const ActionBodies: Record<Exclude<Action, 'create' | 'evaluate' | 'escalate'>, z.ZodTypeAny> = {
  dispatch: z.object({ reason: reason.optional(), ...version }).strict(),
  assign: z.object({ ...team, assigneeId: z.number().int().positive().optional(), reason: reason.optional(), ...version }).strict(),
  claim: z.object({ ...version }).strict(),
  start: z.object({ note: z.string().max(2000).optional(), ...version }).strict(),
  callback: z.object({ outcome: z.enum(CALLBACK_OUTCOMES), note: z.string().max(2000).optional(), ...version }).strict(),
  note: z.object({ note: z.string().trim().min(1).max(2000), ...version }).strict(),
  reply: z.object({ text: z.string().trim().min(1).max(2000), ...version }).strict(),
  reschedule: z.object({ appointmentAt: iso, place: z.string().max(200).optional(), note: z.string().max(1000).optional(), reason: reason.optional(), ...version }).strict(),
  transfer: z.object({ ...team, assigneeId: z.number().int().positive().optional(), reason, ...version }).strict(),
  return: z.object({ reason, ...version }).strict(),
  resolve: z.object({ resolution: z.string().trim().min(5).max(5000), cited: z.array(article).max(30).default([]), ...version }).strict(),
  revisit: z
    .object({ satisfaction: z.number().int().min(1).max(5), adopted: z.boolean().optional(), comment: z.string().max(1000).optional(), ...version })
    .strict(),
  reopen: z.object({ reason, ...version }).strict(),
  merge: z.object({ into: z.string().trim().min(1).max(40), reason, ...version }).strict(),
  close: z.object({ reason, ...version }).strict(),
};

export const CreateOrderBody = z
  .object({
    type: z.enum(ORDER_TYPES),
    summary: z.string().trim().min(1).max(2000),
    channel: z.enum(['web', 'voice', 'desk', 'api']).default('desk'),
    citizen: z.object({ name: z.string().trim().max(40).optional(), phone: z.string().trim().max(40).optional() }).strict().optional(),
    region: z.string().trim().max(100).optional(),
    domain: z.string().trim().max(20).optional(),
    service: z.string().trim().max(20).optional(),
    urgency: z.enum(URGENCIES).optional(),
    appointmentAt: iso.optional(),
    place: z.string().trim().max(200).optional(),
    conversationId: z.string().max(200).optional(),
    teamId: z.number().int().positive().optional(),
    assigneeId: z.number().int().positive().optional(),
  })
  .strict();

export const EvaluateBody = z
  .object({
    last4: z.string().regex(/^\d{4}$/, '请输入手机号后四位数字'),
    satisfaction: z.number().int().min(1).max(5),
    adopted: z.boolean().optional(),
    comment: z.string().max(1000).optional(),
  })
  .strict();

export const ProgressQuery = z
  .object({
    orderNo: z.string().trim().min(1, '请输入工单号').max(40),
    last4: z.string().regex(/^\d{4}$/, '请输入手机号后四位数字'),
  })
  .strict();

export const RevealBody = z.object({ reason: z.string().trim().max(200).optional() }).strict();
