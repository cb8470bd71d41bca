// PLACEHOLDER: replaced by the voice module implementation.
import type { Module } from '../assistant/context';
export function voiceModule(): Module {
  return { name: 'voice' };
}
