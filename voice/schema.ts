// Voice module tables: one row per call, and the call's transcript and events in order.
// Caller numbers are never stored raw here: the masked form for staff lists, and the citizen id
// from the citizens module (which seals the number) when identified.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const voiceCalls = sqliteTable(
  'voice_calls',
  {
    id: text('id').primaryKey(), // our call id (uuid)
    protocol: text('protocol').notNull(), // twilio | freeswitch | browser
    externalId: text('external_id'), // Twilio CallSid / stream sid, FreeSWITCH uuid
    callerMasked: text('caller_masked'), // 138****1234
    citizenId: text('citizen_id'),
    conversationId: text('conversation_id').notNull(),
    mode: text('mode').notNull(), // speech | dtmf (no ASR)
    engines: text('engines').notNull(), // JSON {vad, asr, tts}
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
    endReason: text('end_reason'), // caller_hangup | silence | max_duration | handoff | error | completed
    orderNo: text('order_no'),
    turns: integer('turns').notNull().default(0),
    lateFrames: integer('late_frames').notNull().default(0),
    framesSent: integer('frames_sent').notNull().default(0),
    recordingPath: text('recording_path'), // only when VOICE_RECORD_AUDIO=1
  },
  (t) => [index('voice_calls_started').on(t.startedAt), index('voice_calls_citizen').on(t.citizenId)],
);

export const voiceEvents = sqliteTable(
  'voice_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    callId: text('call_id')
      .notNull()
      .references(() => voiceCalls.id),
    at: text('at').notNull(),
    kind: text('kind').notNull(), // see CallEventKind in store.ts
    role: text('role').notNull(), // caller | robot | system
    text: text('text'),
    data: text('data'), // JSON
  },
  (t) => [index('voice_events_call').on(t.callId, t.id)],
);
