// SLA colour badge: green ok, amber warning, red overdue, grey finished (text, not colour alone).
import { CLOCK_LABEL, fmtLeft, SLA_TEXT, slaLevel, type OrderView } from '../model';

export function SlaBadge({ order, now }: { order: OrderView; now?: number }) {
  const s = slaLevel(order, now);
  const detail = s.clock ? `${CLOCK_LABEL[s.clock.clock] ?? s.clock.clock}${fmtLeft(s.clock.dueAt, now)}` : '';
  return (
    <span class={`sla ${s.level}`} data-sla={s.level} title={detail}>
      {SLA_TEXT[s.level]}
      {detail && s.level !== 'done' ? ` · ${detail}` : ''}
    </span>
  );
}
