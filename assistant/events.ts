// Typed in-process event bus. The seam for scale-out: a Redis pub/sub implementation of the same
// interface would let several servers share events. Payloads carry ids and masked data only.
import { EventEmitter } from 'node:events';
import type { Channel } from './ports';

export interface EventMap {
  /** A contact (chat conversation, call, desk visit) started; citizenId set when identified. */
  'contact.started': { contactId: string; conversationId?: string; citizenId?: string; channel: Channel; text?: string; at: string };
  /** A citizen wrote in a conversation (desk shows it live once the conversation is handed off). */
  'conversation.citizen_message': { conversationId: string; text: string; at: string };
  /** A staff member replied to a citizen; the chat door delivers it to the citizen's socket. */
  'conversation.staff_message': { conversationId: string; text: string; staffId: number; staffName: string; at: string };
  'order.created': { orderNo: string; orderId: number; state: string; conversationId?: string; at: string };
  /** conversationId: the chat conversation the order was opened from, when it has one (the citizen is told of their order's progress there). */
  /** teamName: the team or institution now handling the order, on assign / transfer. */
  'order.updated': { orderNo: string; orderId: number; state: string; event: string; by?: number; conversationId?: string; teamName?: string; at: string };
  /** clock: machine code (first_response...); clockLabel and message: what staff read (Chinese). */
  'sla.warning': { orderNo: string; orderId: number; clock: string; clockLabel: string; message: string; dueAt: string; at: string };
  /** escalatedTo: the supervisor (staff id) the overdue order was escalated to, when one exists. */
  'sla.overdue': { orderNo: string; orderId: number; clock: string; clockLabel: string; message: string; dueAt: string; at: string; escalatedTo?: number };
  /** Repeat-contact assist material for staff (archive, related laws, similar orders...). */
  'assist.pushed': { contactId: string; citizenId: string; payload: unknown; at: string };
  /** The knowledge store changed (ingest finished, order learned); search reloads. */
  'knowledge.changed': { reason: string; at: string };
}

export type EventName = keyof EventMap;

export interface EventBus {
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
  on<K extends EventName>(name: K, fn: (payload: EventMap[K]) => void): () => void;
}

export function createEventBus(): EventBus {
  const ee = new EventEmitter();
  ee.setMaxListeners(0);
  return {
    emit(name, payload) {
      ee.emit(name, payload);
    },
    on(name, fn) {
      ee.on(name, fn as (p: unknown) => void);
      return () => ee.off(name, fn as (p: unknown) => void);
    },
  };
}
