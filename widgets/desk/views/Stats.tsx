// 统计分析: contacts by door and day, hot topics (jieba keywords), orders by state, SLA hits and
// misses, satisfaction, and the monthly report (统计月报表) as XLSX. Data: GET /api/stats/overview.
import { useEffect, useState } from 'preact/hooks';
import { api, download } from '../api';
import { colour, Donut, HBars, StackedColumns } from '../components/charts';
import { CHANNEL_LABEL, CLOCK_LABEL } from '../model';

export interface Overview {
  range: { from: string; to: string };
  contacts: { total: number; byChannel: Record<string, number>; byDay: { day: string; counts: Record<string, number> }[] };
  topics: { keywords: { term: string; count: number }[]; domains: { domain: string; count: number }[] };
  orders: { created: number; resolved: number; byState: { state: string; label: string; count: number }[]; byType: { type: string; label: string; count: number }[] };
  sla: { met: number; breached: number; running: number; rate: number | null; byClock: { clock: string; met: number; breached: number; running: number }[] };
  satisfaction: { orders: { count: number; avg: number | null; dist: number[] }; answers: { useful: number; notUseful: number; rate: number | null } };
  assist: { adopted: number; edited: number; rejected: number; pending: number; rate: number | null };
  missing: string[];
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

function iso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function Stats() {
  const today = new Date();
  const [from, setFrom] = useState(iso(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(iso(today));
  const [month, setMonth] = useState(iso(today).slice(0, 7));
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState('');

  const load = () =>
    api<Overview>(`/api/stats/overview?from=${from}&to=${to}`)
      .then((d) => {
        setData(d);
        setError('');
      })
      .catch((e) => setError((e as Error).message));
  useEffect(() => {
    void load();
  }, []);

  const channels = data ? Object.keys(data.contacts.byChannel) : [];
  return (
    <>
      <h1>统计分析</h1>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <label for="st-from">开始日期</label>
        <input id="st-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        <label for="st-to">结束日期</label>
        <input id="st-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn primary">
          查询
        </button>
        <span style="flex:1" />
        <label for="st-month">统计月报表</label>
        <input id="st-month" type="month" value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />
        <button type="button" class="btn" onClick={() => void download(`/api/stats/monthly.xlsx?month=${month}`, `统计月报表-${month}.xlsx`).catch((e) => setError(e.message))}>
          导出月报表（Excel）
        </button>
      </form>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <div class="kpis" data-testid="stats-kpis">
            <div class="kpi">
              <b>{data.contacts.total}</b>
              <span>咨询总量</span>
            </div>
            <div class="kpi">
              <b>{data.orders.created}</b>
              <span>新建工单</span>
            </div>
            <div class="kpi">
              <b>{data.orders.resolved}</b>
              <span>办结工单</span>
            </div>
            <div class="kpi">
              <b>{pct(data.sla.rate)}</b>
              <span>按时办理率</span>
            </div>
            <div class="kpi">
              <b>{data.satisfaction.orders.avg === null ? '—' : data.satisfaction.orders.avg.toFixed(2)}</b>
              <span>工单满意度（5分制）</span>
            </div>
            <div class="kpi">
              <b>{pct(data.satisfaction.answers.rate)}</b>
              <span>智能回答有用率</span>
            </div>
            <div class="kpi">
              <b>{pct(data.assist.rate)}</b>
              <span>建议答复采纳率</span>
            </div>
          </div>
          <div class="grid2">
            <section class="card" aria-labelledby="c1">
              <h2 id="c1">各渠道每日咨询量</h2>
              <StackedColumns
                label="各渠道每日咨询量"
                categories={data.contacts.byDay.map((d) => d.day)}
                series={channels.map((c) => ({ name: CHANNEL_LABEL[c] ?? c, values: data.contacts.byDay.map((d) => d.counts[c] ?? 0) }))}
              />
            </section>
            <section class="card" aria-labelledby="c2">
              <h2 id="c2">热点问题（关键词）</h2>
              <HBars label="热点关键词" items={data.topics.keywords.slice(0, 10).map((k) => ({ name: k.term, value: k.count }))} />
            </section>
            <section class="card" aria-labelledby="c3">
              <h2 id="c3">工单状态分布</h2>
              <Donut label="工单状态分布" items={data.orders.byState.map((s) => ({ name: s.label, value: s.count }))} />
            </section>
            <section class="card" aria-labelledby="c4">
              <h2 id="c4">时限执行情况</h2>
              <HBars
                label="按时与超时"
                items={data.sla.byClock.flatMap((c) => [
                  { name: `${CLOCK_LABEL[c.clock] ?? c.clock}按时`, value: c.met, colour: colour(2) },
                  { name: `${CLOCK_LABEL[c.clock] ?? c.clock}超时`, value: c.breached, colour: colour(0) },
                ])}
              />
            </section>
            <section class="card" aria-labelledby="c5">
              <h2 id="c5">满意度</h2>
              <HBars label="工单满意度评分分布" items={[5, 4, 3, 2, 1].map((s) => ({ name: `${s}分`, value: data.satisfaction.orders.dist[s - 1] ?? 0, colour: colour(s >= 4 ? 2 : s === 3 ? 3 : 0) }))} />
              <p class="muted">
                智能回答评价：有用 {data.satisfaction.answers.useful} · 没用 {data.satisfaction.answers.notUseful}
              </p>
            </section>
            <section class="card" aria-labelledby="c6">
              <h2 id="c6">问题领域</h2>
              <HBars label="问题领域" items={data.topics.domains.slice(0, 10).map((d) => ({ name: d.domain, value: d.count, colour: colour(1) }))} />
            </section>
          </div>
          {data.missing.length > 0 && <p class="muted">部分数据尚未产生：{data.missing.join('、')}</p>}
        </>
      )}
    </>
  );
}
