// SLA colour badge: green ok, amber warning, red overdue, grey finished (text, not colour alone),
// with the most urgent running clock's time left or overdue (e.g. 正常 · 首次响应剩余25分钟).
import { fmtLeft, SLA_TEXT, slaLevel, type OrderView } from '../model';

export function SlaBadge({ order, now = Date.now() }: { order: OrderView; now?: number }) {
  const s = slaLevel(order, now);
  const left = (c: { label: string; dueAt: string }) => `${c.label}${fmtLeft(c.dueAt, now)}`;
  const detail = s.clock && s.level !== 'done' ? left(s.clock) : '';
  // Every running clock in the tooltip: 首次响应剩余25分钟；办结剩余2天3小时.
  const all = order.sla.filter((c) => c.status === 'running').map(left).join('；');
  return (
    <span class={`sla ${s.level}`} data-sla={s.level} title={all || undefined}>
      {SLA_TEXT[s.level]}
      {detail && <span data-sla-left>{` · ${detail}`}</span>}
    </span>
  );
}
