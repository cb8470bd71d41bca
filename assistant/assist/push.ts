// Repeat-contact push (000 §(五)): when a known citizen starts a contact on any door, gather the
// archive summary, open work orders, related laws (question and past topics), typical cases and
// similar closed orders, store it (assist_pushes) and emit `assist.pushed` (the desk socket
// forwards it to staff).
import { desc, eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { ArchiveBuilder, ArchiveEntry, ArchiveOverview } from '../citizens/archive';
import type { ContactRow } from '../citizens/contacts';
import type { OrderSummary } from '../ports';
import { gatherMaterial, type CaseItem, type LawItem, type SimilarOrderItem } from './material';
import { assistPushes } from './schema';

export type PushTrigger = 'start' | 'question';

export interface PushPayload {
  contactId: string;
  citizenId: string;
  channel: string;
  trigger: PushTrigger;
  /** Masked identity for the desk header. */
  citizen: { name: string | null; phones: string[]; idCards: string[] };
  question: string | null;
  topic: string;
  archive: { overview: ArchiveOverview; recent: ArchiveEntry[] };
  openOrders: OrderSummary[];
  laws: LawItem[];
  cases: CaseItem[];
  similarOrders: SimilarOrderItem[];
  /** Chinese one-liners: why this push was made. */
  notes: string[];
  generatedAt: string;
  tookMs: number;
}

export interface StoredPush {
  id: number;
  contactId: string;
  citizenId: string;
  trigger: PushTrigger;
  payload: PushPayload;
  tookMs: number;
  createdAt: string;
}

export class PushService {
  constructor(
    private ctx: AppContext,
    private archive: ArchiveBuilder,
  ) {}

  async build(contact: ContactRow, trigger: PushTrigger): Promise<PushPayload> {
    const t0 = performance.now();
    const a = this.archive.build(contact.citizenId, { excludeContactId: contact.id, limit: 50 });
    const history = a.entries
      .map((e) => e.summary.replace(/^[^：]*：/, '').replace(/（共 \d+ 问.*?）$/, ''))
      .filter((s) => s && !s.includes('未记录问题'))
      .slice(0, 5);
    const m = await gatherMaterial(this.ctx.knowledge, { question: contact.text, history });
    const notes = [`该群众此前已接触 ${a.overview.contacts} 次，本次为再次提出法律服务需求。`];
    if (a.openOrders.length) notes.push(`有 ${a.openOrders.length} 件工单尚未办结，请先核对进度。`);
    if (a.ordersUnavailable) notes.push('工单服务暂不可用，档案中可能缺少工单记录。');
    if (!m.question) notes.push('本次问题尚未提出，法条与相似工单依据该群众过往咨询推送。');
    return {
      contactId: contact.id,
      citizenId: a.citizen.id,
      channel: contact.channel,
      trigger,
      citizen: { name: a.citizen.name, phones: a.citizen.phones, idCards: a.citizen.idCards },
      question: m.question,
      topic: m.topic,
      archive: { overview: a.overview, recent: a.entries.slice(0, 8) },
      openOrders: a.openOrders,
      laws: m.laws,
      cases: m.cases,
      similarOrders: m.similarOrders,
      notes,
      generatedAt: this.ctx.clock.now().toISOString(),
      tookMs: Math.round(performance.now() - t0),
    };
  }

  /** Build, store and emit. Returns the stored push. */
  async push(contact: ContactRow, trigger: PushTrigger): Promise<StoredPush> {
    const payload = await this.build(contact, trigger);
    const createdAt = this.ctx.clock.now().toISOString();
    const row = this.ctx.db
      .insert(assistPushes)
      .values({ contactId: contact.id, citizenId: payload.citizenId, trigger, payload: JSON.stringify(payload), tookMs: payload.tookMs, createdAt })
      .returning({ id: assistPushes.id })
      .get();
    this.ctx.bus.emit('assist.pushed', { contactId: contact.id, citizenId: payload.citizenId, payload, at: createdAt });
    this.ctx.log.info('assist pushed', { contactId: contact.id, citizenId: payload.citizenId, trigger, tookMs: payload.tookMs });
    return { id: row.id, contactId: contact.id, citizenId: payload.citizenId, trigger, payload, tookMs: payload.tookMs, createdAt };
  }

  latest(contactId: string): StoredPush | null {
    const r = this.ctx.db.select().from(assistPushes).where(eq(assistPushes.contactId, contactId)).orderBy(desc(assistPushes.id)).get();
    if (!r) return null;
    return { id: r.id, contactId: r.contactId, citizenId: r.citizenId, trigger: r.trigger as PushTrigger, payload: JSON.parse(r.payload), tookMs: r.tookMs, createdAt: r.createdAt };
  }
}
