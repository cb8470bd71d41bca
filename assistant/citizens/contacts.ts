// The contact log: one row per chat conversation, call or desk visit of a citizen. Texts are
// masked (numbers, names) before they are written.
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, inArray, lt, ne } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { AppDb } from '../db';
import { AppError } from '../errors';
import type { Channel } from '../ports';
import { maskPersonal } from './names';
import { contacts } from './schema';

export type ContactRow = typeof contacts.$inferSelect;

export interface NewContact {
  citizenId: string;
  channel: Channel;
  conversationId?: string;
  text?: string;
  summary?: string;
  topic?: string;
  satisfaction?: number;
  staffId?: number;
}

const MAX_TEXT = 500;

export class ContactLog {
  constructor(
    private db: AppDb,
    private clock: Clock,
  ) {}

  record(c: NewContact): ContactRow {
    const row = {
      id: `ct_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      citizenId: c.citizenId,
      channel: c.channel,
      conversationId: c.conversationId ?? null,
      text: c.text ? maskPersonal(c.text).slice(0, MAX_TEXT) : null,
      summary: c.summary ? maskPersonal(c.summary).slice(0, MAX_TEXT) : null,
      topic: c.topic ?? null,
      satisfaction: c.satisfaction ?? null,
      staffId: c.staffId ?? null,
      startedAt: this.clock.now().toISOString(),
    };
    this.db.insert(contacts).values(row).run();
    return row;
  }

  get(id: string): ContactRow | null {
    return this.db.select().from(contacts).where(eq(contacts.id, id)).get() ?? null;
  }

  byConversation(conversationId: string): ContactRow | null {
    return this.db.select().from(contacts).where(eq(contacts.conversationId, conversationId)).orderBy(desc(contacts.startedAt)).get() ?? null;
  }

  /** Contacts of a citizen group, newest first. */
  list(citizenIds: string[], limit = 200): ContactRow[] {
    if (citizenIds.length === 0) return [];
    return this.db
      .select()
      .from(contacts)
      .where(inArray(contacts.citizenId, citizenIds))
      .orderBy(desc(contacts.startedAt), desc(contacts.id))
      .limit(limit)
      .all();
  }

  /** Contacts of the group other than `exceptId` (and older than it): is this a repeat contact? */
  countBefore(citizenIds: string[], exceptId?: string, before?: string): number {
    const conds = [inArray(contacts.citizenId, citizenIds)];
    if (exceptId) conds.push(ne(contacts.id, exceptId));
    if (before) conds.push(lt(contacts.startedAt, before));
    return this.db.select({ n: count() }).from(contacts).where(and(...conds)).get()?.n ?? 0;
  }

  /** Staff updates after the contact: summary, topic, satisfaction (1..5). */
  update(id: string, patch: { summary?: string; topic?: string; satisfaction?: number; text?: string }): ContactRow {
    const cur = this.get(id);
    if (!cur) throw new AppError('not_found', '没有找到该次服务记录。');
    const set: Partial<ContactRow> = {};
    if (patch.summary !== undefined) set.summary = maskPersonal(patch.summary).slice(0, MAX_TEXT);
    if (patch.text !== undefined) set.text = maskPersonal(patch.text).slice(0, MAX_TEXT);
    if (patch.topic !== undefined) set.topic = patch.topic;
    if (patch.satisfaction !== undefined) set.satisfaction = patch.satisfaction;
    if (Object.keys(set).length) this.db.update(contacts).set(set).where(eq(contacts.id, id)).run();
    return { ...cur, ...set };
  }
}
