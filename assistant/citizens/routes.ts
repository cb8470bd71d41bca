// /api/citizens: lookup by number (keyed hash), register, view, archive, desk visits, contact
// updates, reveal (role-checked, logged), merge / un-merge (audited, reversible). Staff only.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { currentStaff, hasRole, requireStaff, type StaffEnv, type StaffUser } from '../http/auth';
import { readJson, parseWith } from '../http/validate';
import type { ArchiveBuilder } from './archive';
import { isOpenOrder } from './archive';
import type { AccessAudit } from './audit';
import { CitizenDirectory, type NumberKind } from './identity';
import type { CitizenService } from './service';

export const LookupQuery = z
  .object({ phone: z.string().trim().min(5).max(30).optional(), idCard: z.string().trim().min(15).max(20).optional() })
  .strict()
  .refine((q) => q.phone || q.idCard, { message: '请提供 phone 或 idCard' });

export const CreateBody = z
  .object({
    phone: z.string().trim().min(5).max(30).optional(),
    idCard: z.string().trim().min(15).max(20).optional(),
    name: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .refine((b) => b.phone || b.idCard, { message: '请提供电话号码或身份证号码' });

export const VisitBody = z
  .object({
    text: z.string().trim().min(1).max(2000).optional(),
    summary: z.string().trim().min(1).max(500).optional(),
    topic: z.string().trim().min(1).max(20).optional(),
    satisfaction: z.number().int().min(1).max(5).optional(),
  })
  .strict();

export const ContactPatchBody = z
  .object({
    summary: z.string().trim().min(1).max(500).optional(),
    topic: z.string().trim().min(1).max(20).optional(),
    satisfaction: z.number().int().min(1).max(5).optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: '没有要更新的内容' });

export const RevealBody = z
  .object({
    kind: z.enum(['phone', 'id']).default('phone'),
    /** Why the number is needed (回访、法律援助审核...): kept in the audit log. */
    reason: z.string().trim().min(2).max(200),
  })
  .strict();

export const MergeBody = z.object({ into: z.string().trim().min(1).max(64), reason: z.string().trim().min(2).max(200) }).strict();
export const UnmergeBody = z.object({ reason: z.string().trim().min(2).max(200) }).strict();
export const ArchiveQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();

export interface CitizenDeps {
  directory: CitizenDirectory;
  service: CitizenService;
  archive: ArchiveBuilder;
  audit: AccessAudit;
}

/** Reveal policy: supervisors and admins always; an agent only while the citizen has an open work
 *  order, or for a desk visit the agent registered within the last 24 hours. */
export function mayReveal(staff: StaffUser, deps: CitizenDeps, citizenId: string, now: Date): { ok: boolean; why: string } {
  if (hasRole(staff, 'supervisor')) return { ok: true, why: `role:${staff.role}` };
  const group = deps.directory.group(citizenId);
  const open = deps.archive.orders(group).orders.filter(isOpenOrder);
  if (open.length) return { ok: true, why: `open_order:${open[0].orderNo}` };
  const since = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const own = deps.service.contacts.list(group, 50).find((c) => c.staffId === staff.id && c.startedAt >= since);
  if (own) return { ok: true, why: `own_visit:${own.id}` };
  return { ok: false, why: 'no_open_order_or_own_visit' };
}

export function citizenRoutes(ctx: AppContext, deps: CitizenDeps): Hono<StaffEnv> {
  const app = new Hono<StaffEnv>();
  const { directory, service, archive, audit } = deps;
  app.use('/api/citizens', requireStaff(() => ctx.ports.auth));
  app.use('/api/citizens/*', requireStaff(() => ctx.ports.auth));

  const mustExist = (id: string) => {
    if (!directory.exists(id)) throw new AppError('not_found', '没有找到该群众的档案。');
    return id;
  };

  app.get('/api/citizens', (c) => {
    const q = parseWith(LookupQuery, c.req.query());
    const staff = currentStaff(c);
    CitizenDirectory.validate({ phone: q.phone, idCard: q.idCard });
    const kind: NumberKind = q.phone ? 'phone' : 'id';
    const id = directory.findByNumber(kind, (q.phone ?? q.idCard)!);
    audit.record(staff, 'lookup', id, `by ${kind}${id ? '' : ' (not found)'}`);
    if (!id) return c.json({ citizens: [] });
    const v = directory.view(id);
    return c.json({ citizens: [{ ...v, contacts: service.contacts.countBefore(directory.group(id)) }] });
  });

  app.post('/api/citizens', async (c) => {
    const b = await readJson(c, CreateBody);
    CitizenDirectory.validate(b);
    const r = directory.identify(b)!;
    audit.record(currentStaff(c), 'create', r.citizenId, r.created ? 'created' : 'existing');
    return c.json({ citizen: directory.view(r.citizenId), created: r.created, ...(r.conflictWith ? { conflictWith: r.conflictWith } : {}) }, r.created ? 201 : 200);
  });

  app.get('/api/citizens/:id', (c) => {
    const id = mustExist(c.req.param('id'));
    audit.record(currentStaff(c), 'view', id);
    return c.json({ citizen: directory.view(id), merges: directory.merges(id) });
  });

  app.get('/api/citizens/:id/archive', (c) => {
    const id = mustExist(c.req.param('id'));
    const q = parseWith(ArchiveQuery, c.req.query());
    audit.record(currentStaff(c), 'archive', id);
    return c.json(archive.build(id, { limit: q.limit }));
  });

  app.post('/api/citizens/:id/visits', async (c) => {
    const id = mustExist(c.req.param('id'));
    const b = await readJson(c, VisitBody);
    const staff = currentStaff(c);
    const contact = service.start({ citizenId: id, channel: 'desk', text: b.text, summary: b.summary, topic: b.topic, satisfaction: b.satisfaction, staffId: staff.id });
    audit.record(staff, 'visit', contact.citizenId, contact.id);
    return c.json({ contact }, 201);
  });

  app.patch('/api/citizens/:id/contacts/:contactId', async (c) => {
    const id = mustExist(c.req.param('id'));
    const b = await readJson(c, ContactPatchBody);
    const cur = service.contacts.get(c.req.param('contactId'));
    if (!cur || !directory.group(id).includes(cur.citizenId)) throw new AppError('not_found', '没有找到该次服务记录。');
    const contact = service.contacts.update(cur.id, b);
    audit.record(currentStaff(c), 'contact_update', id, cur.id);
    return c.json({ contact });
  });

  app.post('/api/citizens/:id/reveal', async (c) => {
    const id = mustExist(c.req.param('id'));
    const b = await readJson(c, RevealBody);
    const staff = currentStaff(c);
    const allowed = mayReveal(staff, deps, id, ctx.clock.now());
    if (!allowed.ok) {
      audit.record(staff, 'reveal_denied', id, `${b.kind}; ${allowed.why}; ${b.reason}`);
      throw new AppError('forbidden', '查看完整号码需要主管权限，或该群众有您正在办理的未办结工单。');
    }
    const numbers = directory.reveal(id, b.kind);
    audit.record(staff, 'reveal', id, `${b.kind}; ${allowed.why}; ${b.reason}`);
    c.header('Cache-Control', 'no-store');
    return c.json({ kind: b.kind, numbers });
  });

  app.post('/api/citizens/:id/merge', async (c) => {
    const id = mustExist(c.req.param('id'));
    const b = await readJson(c, MergeBody);
    mustExist(b.into);
    const staff = currentStaff(c);
    const m = directory.merge(id, b.into, staff.id, b.reason);
    audit.record(staff, 'merge', id, `into ${m.targetId}; merge ${m.id}; ${b.reason}`);
    return c.json({ merge: m, citizen: directory.view(m.targetId) });
  });

  app.post('/api/citizens/merges/:mergeId/undo', async (c) => {
    const mergeId = Number(c.req.param('mergeId'));
    if (!Number.isInteger(mergeId) || mergeId <= 0) throw new AppError('bad_request', '合并记录编号不正确。');
    const b = await readJson(c, UnmergeBody);
    const staff = currentStaff(c);
    const m = directory.unmerge(mergeId, staff.id, b.reason);
    audit.record(staff, 'unmerge', m.sourceId, `from ${m.targetId}; merge ${m.id}; ${b.reason}`);
    return c.json({ merge: m, source: directory.view(m.sourceId), target: directory.view(m.targetId) });
  });

  app.get('/api/citizens/:id/access-log', requireStaff(() => ctx.ports.auth, 'supervisor'), (c) => {
    const id = mustExist(c.req.param('id'));
    return c.json({ entries: audit.list(id) });
  });

  return app;
}
