// PLACEHOLDER: replaced by the citizens module implementation.
import type { Module } from '../context';
export function citizensModule(): Module {
  return { name: 'citizens' };
}
