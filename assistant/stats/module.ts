// PLACEHOLDER: replaced by the stats module implementation.
import type { Module } from '../context';
export function statsModule(): Module {
  return { name: 'stats' };
}
