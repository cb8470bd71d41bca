// One entry of the conversation log.
import type { ChatMessage } from '../state';
import { Citations } from './Citations';
import { Rating } from './Rating';

const WHO: Record<string, string> = { citizen: '我', assistant: '智能助手', system: '系统提示' };

/** The handoff notice with its work-order number highlighted (and selectable in one click). */
function HandoffText({ text, orderNo }: { text: string; orderNo: string }) {
  const no = (
    <span class="orderno" data-order-no={orderNo}>
      {orderNo}
    </span>
  );
  const at = text.indexOf(orderNo);
  if (at < 0) {
    return (
      <>
        工单编号：{no}
        {'\n'}
        {text}
      </>
    );
  }
  return (
    <>
      {text.slice(0, at)}
      {no}
      {text.slice(at + orderNo.length)}
    </>
  );
}

/**
 * A work-order status line (受理, 转办, 办结...): a line in the log, not a message from anyone. Once
 * the order is resolved it offers 「评价本次服务」, which opens the progress form where the
 * evaluation is made (order number + the phone's last four digits).
 */
export function OrderStatusLine({ m, onOpenProgress }: { m: ChatMessage; onOpenProgress?: () => void }) {
  const no = m.orderNo ?? '';
  const at = no ? m.text.indexOf(no) : -1;
  return (
    <div class="msg order-status" data-kind="order_status" data-state={m.orderState}>
      <p class="statusline">
        <span class="tag">工单进度</span>
        <span class="sr">：</span>
        {at < 0 ? (
          m.text
        ) : (
          <>
            {m.text.slice(0, at)}
            <span class="no">{no}</span>
            {m.text.slice(at + no.length)}
          </>
        )}
      </p>
      {m.orderState === 'resolved' && onOpenProgress && (
        <button type="button" class="chip rate-order" onClick={onOpenProgress}>
          评价本次服务
        </button>
      )}
    </div>
  );
}

export function Message({ m, onRate, onOpenProgress }: { m: ChatMessage; onRate(messageId: string, useful: boolean, comment?: string): void; onOpenProgress?: () => void }) {
  if (m.kind === 'order_status') return <OrderStatusLine m={m} onOpenProgress={onOpenProgress} />;
  const cls = `msg ${m.role}${m.kind === 'error' ? ' error' : ''}`;
  const who = m.role === 'staff' ? `工作人员${m.from ? ` ${m.from}` : ''}` : WHO[m.role];
  return (
    <div class={cls} data-kind={m.kind} aria-busy={m.streaming ? 'true' : undefined}>
      <div class="bubble">
        <span class={m.role === 'citizen' ? 'sr' : 'who'}>{who}：</span>
        {m.kind === 'handoff' && m.orderNo ? <HandoffText text={m.text} orderNo={m.orderNo} /> : m.text}
        {m.citations.length > 0 && !m.streaming && <Citations items={m.citations} idBase={m.key} />}
        {m.role === 'assistant' && m.kind === 'answer' && m.messageId && !m.streaming && (
          <Rating messageId={m.messageId} value={m.rating} onRate={(u, c) => onRate(m.messageId!, u, c)} />
        )}
      </div>
    </div>
  );
}
