// Persistence of calls: the call row, the transcript and events in order. Everything written here
// is safe to show staff: numbers in free text are redacted before they are stored.
import { asc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../assistant/db';
import { redact } from '../assistant/log';
import { voiceCalls, voiceEvents } from './schema';

export type CallEventKind =
  | 'start'
  | 'prompt' // robot speaks a fixed prompt
  | 'answer' // robot speaks an answer (dialogue, topic)
  | 'transcript' // caller speech recognised
  | 'speech' // caller speech detected (no ASR)
  | 'dtmf'
  | 'barge_in'
  | 'turn_timing'
  | 'handoff'
  | 'progress'
  | 'reprompt'
  | 'error'
  | 'end';

export interface NewCall {
  id: string;
  protocol: string;
  externalId?: string;
  callerMasked?: string | null;
  citizenId?: string | null;
  conversationId: string;
  mode: 'speech' | 'dtmf';
  engines: Record<string, string>;
  startedAt: string;
  recordingPath?: string | null;
}

export interface StoredEvent {
  at: string;
  kind: CallEventKind;
  role: 'caller' | 'robot' | 'system';
  text: string | null;
  data: Record<string, unknown> | null;
}

export class CallStore {
  constructor(private readonly db: AppDb) {}

  create(c: NewCall): void {
    this.db
      .insert(voiceCalls)
      .values({ ...c, externalId: c.externalId ?? null, engines: JSON.stringify(c.engines) })
      .run();
  }

  event(callId: string, at: string, kind: CallEventKind, role: StoredEvent['role'], text?: string | null, data?: Record<string, unknown>): void {
    this.db
      .insert(voiceEvents)
      .values({ callId, at, kind, role, text: text == null ? null : redact(text), data: data ? JSON.stringify(data) : null })
      .run();
  }

  update(callId: string, patch: Partial<{ citizenId: string | null; callerMasked: string | null; orderNo: string; turns: number }>): void {
    this.db.update(voiceCalls).set(patch).where(eq(voiceCalls.id, callId)).run();
  }

  setRecording(callId: string, path: string): void {
    this.db.update(voiceCalls).set({ recordingPath: path }).where(eq(voiceCalls.id, callId)).run();
  }

  end(callId: string, at: string, reason: string, frames: { late: number; sent: number }): void {
    this.db
      .update(voiceCalls)
      .set({ endedAt: at, endReason: reason, lateFrames: frames.late, framesSent: frames.sent })
      .where(sql`${voiceCalls.id} = ${callId} AND ${voiceCalls.endedAt} IS NULL`)
      .run();
  }

  call(callId: string) {
    const row = this.db.select().from(voiceCalls).where(eq(voiceCalls.id, callId)).get();
    return row ? { ...row, engines: JSON.parse(row.engines) as Record<string, string> } : null;
  }

  events(callId: string): StoredEvent[] {
    return this.db
      .select()
      .from(voiceEvents)
      .where(eq(voiceEvents.callId, callId))
      .orderBy(asc(voiceEvents.id))
      .all()
      .map((e) => ({ at: e.at, kind: e.kind as CallEventKind, role: e.role as StoredEvent['role'], text: e.text, data: e.data ? JSON.parse(e.data) : null }));
  }

  /** The call as a conversation transcript (what a human agent reads on handoff). */
  transcript(callId: string): { role: 'citizen' | 'assistant'; text: string; at: string }[] {
    const out: { role: 'citizen' | 'assistant'; text: string; at: string }[] = [];
    for (const e of this.events(callId)) {
      if (!e.text) continue;
      if (e.kind === 'transcript' || e.kind === 'dtmf') out.push({ role: 'citizen', text: e.text, at: e.at });
      else if (e.kind === 'answer' || e.kind === 'prompt' || e.kind === 'progress') out.push({ role: 'assistant', text: e.text, at: e.at });
    }
    return out;
  }
}
