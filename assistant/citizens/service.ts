// The CitizensPort other modules call (chat and voice doors, desk visits): identify a citizen by
// number, record each contact, emit `contact.started`, and hand repeat contacts to the assist
// push (injected, so citizens/ does not depend on assist/).
import type { AppContext } from '../context';
import type { Channel, CitizenRef, CitizensPort } from '../ports';
import { topicOf } from '../assist/topics';
import type { ContactLog, ContactRow, NewContact } from './contacts';
import type { CitizenDirectory, IdentifyInput } from './identity';
import { AppError } from '../errors';

export type RepeatHandler = (contact: ContactRow, trigger: 'start' | 'question') => Promise<unknown>;

/** What a door reports when a contact starts: the same fields as a stored contact. */
export type ContactStart = NewContact;

export class CitizenService implements CitizensPort {
  /** Pushes in flight by contact id (tests and the benchmark await them). */
  readonly pending = new Map<string, Promise<unknown>>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private ctx: AppContext,
    readonly directory: CitizenDirectory,
    readonly contacts: ContactLog,
    private onRepeat: RepeatHandler,
  ) {}

  identify(input: IdentifyInput): CitizenRef | null {
    const r = this.directory.identify(input);
    if (!r) return null;
    const known = this.contacts.countBefore(this.directory.group(r.citizenId)) > 0;
    return { citizenId: r.citizenId, masked: r.masked, known };
  }

  async contactStarted(input: { citizenId: string; channel: Channel; conversationId?: string; text?: string }): Promise<string> {
    return this.start(input).id;
  }

  /** Record the contact, emit contact.started, schedule the push for a repeat contact. */
  start(input: ContactStart): ContactRow {
    if (!this.directory.exists(input.citizenId)) throw new AppError('not_found', '没有找到该群众的档案。');
    const citizenId = this.directory.canonical(input.citizenId);
    const group = this.directory.group(citizenId);
    const contact = this.ctx.db.transaction(() => {
      const known = this.contacts.countBefore(group) > 0;
      const c = this.contacts.record({ ...input, citizenId, topic: input.topic ?? (input.text ? topicOf(input.text) : undefined) });
      return { c, known };
    });
    const c = contact.c;
    this.ctx.bus.emit('contact.started', {
      contactId: c.id,
      conversationId: c.conversationId ?? undefined,
      citizenId,
      channel: input.channel,
      text: c.text ?? undefined,
      at: c.startedAt,
    });
    if (contact.known) this.schedule(c, 'start');
    return c;
  }

  /** Listen for the first question of a conversation whose contact started without one. */
  listen(): void {
    this.unsubscribe = this.ctx.bus.on('conversation.citizen_message', (e) => {
      const c = this.contacts.byConversation(e.conversationId);
      if (!c || c.text) return;
      const updated = this.contacts.update(c.id, { text: e.text, topic: topicOf(e.text) });
      const known = this.contacts.countBefore(this.directory.group(c.citizenId), c.id) > 0;
      if (known) this.schedule(updated, 'question');
    });
  }

  /** A contact that started without a question (chat hello, caller id): take the conversation's
   *  first citizen question once there is one. Returns the updated contact, or null when unchanged. */
  catchUpQuestion(contactId: string): ContactRow | null {
    const c = this.contacts.get(contactId);
    if (!c || c.text || !c.conversationId || !this.ctx.ports.dialogue) return null;
    let first: string | undefined;
    try {
      first = this.ctx.ports.dialogue.transcript(c.conversationId).find((m) => m.role === 'citizen')?.text;
    } catch {
      return null;
    }
    if (!first?.trim()) return null;
    return this.contacts.update(c.id, { text: first, topic: topicOf(first) });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private schedule(c: ContactRow, trigger: 'start' | 'question') {
    const prev = this.pending.get(c.id) ?? Promise.resolve();
    const p = prev
      .then(() => this.onRepeat(c, trigger))
      .catch((e) => this.ctx.log.error('assist push failed', { contactId: c.id, err: e as Error }))
      .finally(() => {
        if (this.pending.get(c.id) === p) this.pending.delete(c.id);
      });
    this.pending.set(c.id, p);
  }
}
