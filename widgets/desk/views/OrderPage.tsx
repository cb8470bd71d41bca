// 工单详情: the order, its trail and actions (left), the live conversation (middle) and the assist
// panel (right).
import { useEffect, useState } from 'preact/hooks';
import { api, listFrom } from '../api';
import { Actions } from '../components/Actions';
import { AssistPanel } from '../components/AssistPanel';
import { Conversation } from '../components/Conversation';
import { SlaBadge } from '../components/SlaBadge';
import { onLive } from '../live';
import { CHANNEL_LABEL, fmtTime, toOrder, type OrderView } from '../model';
import type { Me } from './Login';

interface Ev {
  event?: string;
  label?: string;
  actor?: { kind?: string; name?: string | null };
  reason?: string | null;
  at: string;
}

export function OrderPage({ orderNo }: { orderNo: string; me: Me }) {
  const [order, setOrder] = useState<OrderView | null>(null);
  const [events, setEvents] = useState<Ev[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [laws, setLaws] = useState<{ law: string; article: string }[]>([]);
  const [prefill, setPrefill] = useState<{ text: string; n: number } | null>(null);
  const [editing, setEditing] = useState<string | number | null>(null);
  const [phone, setPhone] = useState<string | null>(null);

  const load = async () => {
    try {
      const b = await api<Record<string, unknown>>(`/api/orders/${encodeURIComponent(orderNo)}`);
      setOrder(toOrder(b));
      setEvents(listFrom<Ev>(b.order ?? b, 'events', 'trail', 'history'));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useEffect(() => {
    void load();
    return onLive((f) => {
      if (f.orderNo === orderNo && (f.type.startsWith('order.') || f.type.startsWith('sla.'))) void load();
    });
  }, [orderNo]);

  if (error && !order)
    return (
      <p class="err" role="alert">
        {error}
      </p>
    );
  if (!order) return <p class="empty">加载中…</p>;

  const reveal = async () => {
    try {
      const b = await api<{ phone?: string }>(`/api/orders/${encodeURIComponent(orderNo)}/reveal-phone`, { body: { reason: '回拨群众' } });
      setPhone(b.phone ?? null);
      // Shown only as long as needed to dial: masked again after a minute.
      setTimeout(() => setPhone(null), 60_000);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const sendDraft = async (text: string) => {
    if (!order.conversationId) throw new Error('该工单没有在线对话，请通过回拨答复。');
    if (Array.isArray(order.raw.actions) && (order.raw.actions as string[]).includes('reply')) await api(`/api/orders/${encodeURIComponent(orderNo)}/reply`, { body: { text } });
    else await api(`/api/conversations/${encodeURIComponent(order.conversationId)}/messages`, { body: { text } });
    setPrefill({ text: '', n: Date.now() });
    setNotice('已发送给群众');
  };

  return (
    <>
      <h1>
        工单 {order.orderNo} <SlaBadge order={order} />
      </h1>
      {notice && (
        <p class="ok-msg" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="grid3">
        <div>
          <section class="card" aria-labelledby="od-h">
            <h2 id="od-h">工单信息</h2>
            <dl class="kv">
              <dt>状态</dt>
              <dd data-testid="order-state">{order.stateLabel}</dd>
              <dt>类型</dt>
              <dd>{order.typeLabel}</dd>
              <dt>领域 / 服务</dt>
              <dd>
                {order.domain ?? '—'} / {order.service ?? '—'}
              </dd>
              <dt>渠道</dt>
              <dd>{CHANNEL_LABEL[order.channel] ?? order.channel}</dd>
              <dt>联系电话</dt>
              <dd>
                {phone ?? order.phoneMasked ?? '未留电话'}{' '}
                {order.phoneMasked && !phone && (
                  <button type="button" class="btn small" onClick={() => void reveal()} title="查看完整号码会被记录">
                    查看完整号码
                  </button>
                )}
              </dd>
              <dt>处理人</dt>
              <dd>{order.assignee ?? order.team ?? '待认领'}</dd>
              <dt>受理时间</dt>
              <dd>
                {fmtTime(order.createdAt)}
                {typeof order.raw.waitingMinutes === 'number' && ['received', 'assigned', 'claimed', 'in_progress', 'returned'].includes(order.state) && (
                  <span class="muted">（已等待 {order.raw.waitingMinutes} 分钟）</span>
                )}
              </dd>
              {order.resolution && (
                <>
                  <dt>办理结果</dt>
                  <dd>{order.resolution}</dd>
                </>
              )}
            </dl>
            <h3>诉求摘要</h3>
            <p>{order.summary}</p>
            <Actions
              order={order}
              laws={laws}
              onDone={(m) => {
                setNotice(m);
                void load();
              }}
            />
          </section>
          <section class="card" aria-labelledby="ev-h">
            <h2 id="ev-h">办理记录</h2>
            {events.length === 0 ? (
              <p class="muted">暂无记录</p>
            ) : (
              <ol style="margin:0;padding-left:18px">
                {events.map((e, i) => (
                  <li key={i}>
                    <span class="muted">{fmtTime(e.at)}</span> {e.label ?? e.event} {e.actor?.name ? `· ${e.actor.name}` : e.actor?.kind === 'system' ? '· 系统' : ''} {e.reason ? `（${e.reason}）` : ''}
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
        <section class="card" aria-labelledby="cv-h">
          <h2 id="cv-h">对话</h2>
          <Conversation
            conversationId={order.conversationId}
            orderNo={order.orderNo}
            replyViaOrder={Array.isArray(order.raw.actions) && (order.raw.actions as string[]).includes('reply')}
            transcript={order.transcript}
            prefill={prefill}
            onSent={(text) => {
              if (editing !== null) {
                void api(`/api/assist/suggestions/${editing}/outcome`, { body: { outcome: 'edited', text } }).catch(() => {});
                setEditing(null);
              }
            }}
          />
        </section>
        <section class="card" aria-labelledby="as-h">
          <h2 id="as-h">辅助信息</h2>
          <AssistPanel
            orderNo={order.orderNo}
            citizenId={order.citizenId}
            contactId={order.contactId}
            conversationId={order.conversationId}
            question={order.summary}
            onLaws={setLaws}
            onUseDraft={(text, id) => {
              setEditing(id);
              setPrefill({ text, n: Date.now() });
            }}
            onSendDraft={async (text) => sendDraft(text)}
          />
        </section>
      </div>
    </>
  );
}
