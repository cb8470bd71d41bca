// PLACEHOLDER: replaced by the orders module implementation.
import type { Module } from '../context';
export function ordersModule(): Module {
  return { name: 'orders' };
}
