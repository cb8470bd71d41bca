// 工作队列: handoffs and work orders, most urgent first, live-updated, with SLA colours and the time
// left (or overdue) of each row's most urgent running clock.
import { useEffect, useState } from 'preact/hooks';
import { api, listFrom } from '../api';
import { onLive } from '../live';
import { CHANNEL_LABEL, fmtTime, slaLevel, toOrder, type OrderView } from '../model';
import { go } from '../router';
import { SlaBadge } from '../components/SlaBadge';

const FILTERS: [string, string, string][] = [
  ['open', '待办', 'state=received,assigned,claimed,in_progress,returned'],
  ['mine', '我的工单', 'assignee=me&state=assigned,claimed,in_progress'],
  ['resolved', '已办结', 'state=resolved,evaluated&sort=newest'],
  ['all', '全部', 'sort=newest'],
];

/** GET /api/sla: per-clock counts for the whole platform (the KPIs above the list). */
interface SlaOverview {
  clocks?: Record<string, { running: number; warning: number; overdue: number; met: number; breached: number }>;
}

function slaTotals(o: SlaOverview | null): { warning: number; overdue: number } | null {
  if (!o?.clocks) return null;
  const t = { warning: 0, overdue: 0 };
  for (const c of Object.values(o.clocks)) {
    t.warning += c.warning ?? 0;
    t.overdue += c.overdue ?? 0;
  }
  return t;
}

export function Queue() {
  const [filter, setFilter] = useState('open');
  const [orders, setOrders] = useState<OrderView[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);
  const [sla, setSla] = useState<SlaOverview | null>(null);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [now, setNow] = useState(Date.now());

  const load = async () => {
    const q = FILTERS.find((f) => f[0] === filter)?.[2] ?? '';
    try {
      const [body, overview] = await Promise.all([api(`/api/orders?limit=200${q ? `&${q}` : ''}`), api<SlaOverview>('/api/sla').catch(() => null)]);
      setSla(overview);
      // Every list item carries its running SLA clocks (slaClocks), so each row shows its time left.
      const list = listFrom(body, 'orders').map((raw) => toOrder(raw));
      const rank = { overdue: 0, warning: 1, ok: 2, done: 3 } as const;
      // Most urgent first: SLA level, then emergencies, then the nearest (or most overdue) deadline.
      const due = (o: OrderView) => slaLevel(o).clock?.dueAt ?? '9999';
      list.sort(
        (a, b) =>
          rank[slaLevel(a).level] - rank[slaLevel(b).level] ||
          (b.urgency === 'emergency' ? 1 : 0) - (a.urgency === 'emergency' ? 1 : 0) ||
          due(a).localeCompare(due(b)) ||
          a.createdAt.localeCompare(b.createdAt),
      );
      setOrders(list);
      setError('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    setLoading(true);
    void load();
  }, [filter]);

  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const off = onLive((f) => {
      if (f.type.startsWith('order.') || f.type.startsWith('sla.')) {
        clearTimeout(pending);
        pending = setTimeout(() => void load(), 150);
      }
      if (f.type === 'conversation.citizen_message' && typeof f.conversationId === 'string') {
        const id = f.conversationId;
        setUnread((u) => ({ ...u, [id]: (u[id] ?? 0) + 1 }));
      }
    });
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => {
      off();
      clearInterval(tick);
      clearTimeout(pending);
    };
  }, [filter]);

  const claim = async (o: OrderView) => {
    try {
      await api(`/api/orders/${encodeURIComponent(o.orderNo)}/claim`, { body: {} });
      go('orders', o.orderNo);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const totals = slaTotals(sla);
  const counts = { overdue: 0, warning: 0 };
  for (const o of orders) {
    const l = slaLevel(o, now).level;
    if (l === 'overdue' || l === 'warning') counts[l] += 1;
  }

  return (
    <>
      <h1>工作队列</h1>
      <div class="kpis" aria-label="时限概况">
        <div class="kpi">
          <b>{orders.length}</b>
          <span>当前列表工单</span>
        </div>
        <div class="kpi">
          <b style="color:#6b4500">{totals?.warning ?? counts.warning}</b>
          <span>即将超时（预警）</span>
        </div>
        <div class="kpi">
          <b style="color:#8a1c14">{totals?.overdue ?? counts.overdue}</b>
          <span>已超时</span>
        </div>
      </div>
      <div class="tabs" role="group" aria-label="筛选工单">
        {FILTERS.map(([k, label]) => (
          <button key={k} type="button" class="btn small" aria-pressed={filter === k} onClick={() => setFilter(k)}>
            {label}
          </button>
        ))}
        <button type="button" class="btn small" onClick={() => void load()}>
          刷新
        </button>
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="card" style="padding:0;overflow-x:auto" tabIndex={0} role="region" aria-label="工单列表（可左右滚动）">
        <table aria-label="工单列表" data-testid="queue">
          <thead>
            <tr>
              <th scope="col">时限</th>
              <th scope="col">工单编号</th>
              <th scope="col">类型 / 领域</th>
              <th scope="col">诉求摘要</th>
              <th scope="col">渠道</th>
              <th scope="col">联系电话</th>
              <th scope="col">状态</th>
              <th scope="col">受理时间</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => {
              const level = slaLevel(o, now).level;
              const n = o.conversationId ? unread[o.conversationId] : 0;
              return (
                <tr key={o.orderNo} class={`row-link sla-${level}`} data-order-no={o.orderNo}>
                  <td>
                    <SlaBadge order={o} now={now} />
                  </td>
                  <td>
                    <a href={`#/orders/${encodeURIComponent(o.orderNo)}`}>{o.orderNo}</a>
                    {o.urgency !== 'normal' && <span class="tag urgent">{o.urgency === 'emergency' ? '紧急' : '加急'}</span>}
                    {n ? <span class="tag urgent">{n} 条新消息</span> : null}
                  </td>
                  <td>
                    {o.typeLabel}
                    {o.domain && <div class="muted">{o.domain}</div>}
                  </td>
                  <td style="max-width:320px">{o.summary}</td>
                  <td>{CHANNEL_LABEL[o.channel] ?? o.channel}</td>
                  <td>{o.phoneMasked ?? '—'}</td>
                  <td>
                    {o.stateLabel}
                    {o.assignee && <div class="muted">{o.assignee}</div>}
                  </td>
                  <td>{fmtTime(o.createdAt)}</td>
                  <td>
                    {(Array.isArray(o.raw.actions) ? (o.raw.actions as string[]).includes('claim') : o.state === 'assigned') && (
                      <button type="button" class="btn small primary" onClick={() => void claim(o)} aria-label={`认领工单 ${o.orderNo}`}>
                        认领
                      </button>
                    )}{' '}
                    <a class="btn small" href={`#/orders/${encodeURIComponent(o.orderNo)}`} aria-label={`处理工单 ${o.orderNo}`}>
                      处理
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!loading && orders.length === 0 && !error && <p class="empty">暂无工单。新的转人工请求会实时出现在这里。</p>}
        {loading && <p class="empty">加载中…</p>}
      </div>
    </>
  );
}
