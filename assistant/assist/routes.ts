// /api/assist: latest push of a contact, suggested answers and their outcome, adoption stats,
// the review queue of flags, and manual learning of a resolved order. Staff only.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, requireStaff, type StaffEnv } from '../http/auth';
import { parseWith, readJson } from '../http/validate';
import type { ContactRow } from '../citizens/contacts';
import type { FlagQueue } from './flags';
import type { Learner } from './learning';
import type { PushService } from './push';
import { adoptionStats } from './stats';
import type { SuggestService } from './suggest';

export const SuggestBody = z
  .object({
    conversationId: z.string().trim().min(1).max(100).optional(),
    orderId: z.union([z.number().int().positive(), z.string().trim().min(1).max(40)]).optional(),
    contactId: z.string().trim().min(1).max(64).optional(),
    question: z.string().trim().min(2).max(2000).optional(),
  })
  .strict()
  .refine((b) => [b.conversationId, b.orderId, b.contactId].filter((x) => x !== undefined).length === 1, {
    message: '请指定 conversationId、orderId 或 contactId 之一',
  });

export const OutcomeBody = z
  .object({
    outcome: z.enum(['adopted', 'edited', 'rejected']),
    text: z.string().trim().min(1).max(4000).optional(),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export const StatsQuery = z
  .object({ from: z.string().datetime({ offset: true }).optional(), to: z.string().datetime({ offset: true }).optional() })
  .strict();

export const FlagBody = z
  .object({
    kind: z.enum(['bad_answer', 'wrong_citation', 'missing_article']),
    targetKind: z.enum(['suggestion', 'message', 'conversation', 'order']).optional(),
    targetId: z.string().trim().min(1).max(100).optional(),
    law: z.string().trim().min(2).max(100).optional(),
    article: z.string().trim().regex(/^第[零〇一二三四五六七八九十百千]+条(之[一二三四五六七八九十]+)?$/, '条文编号应写作「第X条」').optional(),
    question: z.string().trim().min(1).max(2000).optional(),
    note: z.string().trim().min(2).max(1000),
  })
  .strict()
  .refine((b) => b.kind !== 'missing_article' || b.law || b.question, { message: '反馈缺少法条时请写明法律名称或群众问题' });

export const FlagListQuery = z.object({ state: z.enum(['open', 'resolved', 'dismissed', 'all']).default('open'), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
export const FlagResolveBody = z.object({ state: z.enum(['resolved', 'dismissed']).default('resolved'), resolution: z.string().trim().min(2).max(1000) }).strict();

const idParam = (v: string, what: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new AppError('bad_request', `${what}编号不正确。`);
  return n;
};

export interface AssistDeps {
  push: PushService;
  suggest: SuggestService;
  flags: FlagQueue;
  learner: Learner;
  catchUpQuestion: (contactId: string) => ContactRow | null;
}

export function assistRoutes(ctx: AppContext, deps: AssistDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  app.use('/api/assist/*', requireStaff(() => ctx.ports.auth));

  app.get('/api/assist/contacts/:contactId', async (c) => {
    const id = c.req.param('contactId');
    let p = deps.push.latest(id);
    // pushed at the hello, before the citizen asked: follow the question asked since
    if (p && !p.payload.question) {
      const updated = deps.catchUpQuestion(id);
      if (updated) p = await deps.push.push(updated, 'question');
    }
    if (!p) throw new AppError('not_found', '该次接触没有推送内容（首次来访的群众不推送档案）。');
    return c.json(p);
  });

  app.post('/api/assist/suggest', async (c) => {
    const b = await readJson(c, SuggestBody);
    const target =
      b.conversationId !== undefined
        ? { kind: 'conversation' as const, id: b.conversationId }
        : b.orderId !== undefined
          ? { kind: 'order' as const, id: String(b.orderId) }
          : { kind: 'contact' as const, id: b.contactId! };
    const s = await deps.suggest.suggest(currentStaff(c), { target, question: b.question });
    return c.json(s, 201);
  });

  app.get('/api/assist/suggestions/:id', (c) => c.json(deps.suggest.get(idParam(c.req.param('id'), '建议答复'))));

  app.post('/api/assist/suggestions/:id/outcome', async (c) => {
    const id = idParam(c.req.param('id'), '建议答复');
    const b = await readJson(c, OutcomeBody);
    return c.json(deps.suggest.decide(currentStaff(c), id, b.outcome, b.text, b.reason));
  });

  app.get('/api/assist/stats', (c) => c.json(adoptionStats(ctx.db, parseWith(StatsQuery, c.req.query()))));

  app.post('/api/assist/flags', async (c) => {
    const b = await readJson(c, FlagBody);
    return c.json({ flag: deps.flags.add(currentStaff(c).id, b) }, 201);
  });

  app.get('/api/assist/flags', (c) => {
    const q = parseWith(FlagListQuery, c.req.query());
    return c.json({ flags: deps.flags.list(q.state, q.limit) });
  });

  app.post('/api/assist/flags/:id/resolve', requireStaff(() => ctx.ports.auth, 'supervisor'), async (c) => {
    const id = idParam(c.req.param('id'), '反馈');
    const b = await readJson(c, FlagResolveBody);
    return c.json({ flag: deps.flags.resolve(id, currentStaff(c).id, b.state, b.resolution) });
  });

  app.post('/api/assist/learn/:orderId', requireStaff(() => ctx.ports.auth, 'supervisor'), (c) => {
    const r = deps.learner.learn(idParam(c.req.param('orderId'), '工单'));
    return c.json(r, r.status === 'failed' ? 503 : 200);
  });

  return app;
}
