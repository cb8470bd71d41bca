// PLACEHOLDER: replaced by the chat module implementation.
import type { Module } from '../context';
export function chatModule(): Module {
  return { name: 'chat' };
}
