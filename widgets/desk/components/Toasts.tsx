// Live notices: SLA warnings and overdue orders, new handoffs. Announced to screen readers.
import { useEffect, useState } from 'preact/hooks';
import type { DeskFrame } from '../live';
import { go } from '../router';

interface Toast {
  id: number;
  kind: 'warning' | 'overdue' | 'info';
  text: string;
  orderNo?: string;
}

let seq = 0;

export function describeFrame(f: DeskFrame): Omit<Toast, 'id'> | null {
  const orderNo = typeof f.orderNo === 'string' ? f.orderNo : undefined;
  // SLA frames carry the server's Chinese message (e.g. 超时：工单 … 的首次响应超时，已升级至主管…).
  const message = typeof f.message === 'string' ? f.message : '';
  switch (f.type) {
    case 'sla.warning':
      return { kind: 'warning', orderNo, text: message || `预警：工单 ${orderNo} 的时限即将到期` };
    case 'sla.overdue':
      return { kind: 'overdue', orderNo, text: message || `超时：工单 ${orderNo} 的时限已过` };
    case 'order.created':
      return { kind: 'info', orderNo, text: `新工单 ${orderNo} 已进入队列` };
    case 'assist.pushed':
      return { kind: 'info', text: '老用户再次来电/咨询，已推送其服务档案和相关材料' };
    default:
      return null;
  }
}

export function Toasts({ subscribe }: { subscribe(fn: (f: DeskFrame) => void): () => void }) {
  const [items, setItems] = useState<Toast[]>([]);
  useEffect(
    () =>
      subscribe((f) => {
        const t = describeFrame(f);
        if (!t) return;
        const id = ++seq;
        // One notice per order and kind; at most three on screen.
        setItems((xs) => [...xs.filter((x) => !(x.orderNo && x.orderNo === t.orderNo && x.kind === t.kind)).slice(-2), { ...t, id }]);
        setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), t.kind === 'overdue' ? 20_000 : 8_000);
      }),
    [],
  );
  return (
    <div class="toasts" role="status" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} class={`toast ${t.kind}`}>
          {t.text}{' '}
          {t.orderNo && (
            <button type="button" class="btn small" onClick={() => go('orders', t.orderNo)}>
              查看
            </button>
          )}{' '}
          <button type="button" class="btn small" aria-label="关闭提示" onClick={() => setItems((xs) => xs.filter((x) => x.id !== t.id))}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
