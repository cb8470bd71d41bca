// PLACEHOLDER: replaced by the widgets module implementation.
import type { Module } from '../assistant/context';
export function widgetsModule(): Module {
  return { name: 'widgets' };
}
