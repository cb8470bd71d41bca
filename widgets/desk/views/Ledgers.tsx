// 台账: the five ledgers and one register (西安 plan) from GET /api/ledgers, as filtered lists with
// CSV/XLSX export (GET /api/ledgers/:key?format=csv|xlsx, recorded in the access log).
import { useEffect, useState } from 'preact/hooks';
import { api, download, listFrom } from '../api';

interface Ledger {
  key: string;
  title: string;
}

const HEADERS: Record<string, string> = {
  no: '序号',
  orderNo: '工单号',
  createdAt: '登记时间',
  channel: '受理渠道',
  name: '当事人',
  phone: '联系电话',
  region: '地区',
  type: '事项类型',
  domain: '领域',
  summary: '事项摘要',
  team: '承办单位',
  assignee: '承办人',
  appointmentAt: '预约时间',
  state: '办理状态',
  resolvedAt: '办结时间',
  resolution: '办理结果',
  satisfaction: '满意度',
};
const SHOWN = ['no', 'orderNo', 'createdAt', 'channel', 'name', 'phone', 'type', 'domain', 'summary', 'team', 'assignee', 'state', 'resolvedAt', 'satisfaction'];

type Row = Record<string, unknown>;

export function Ledgers() {
  const [ledgers, setLedgers] = useState<Ledger[]>([]);
  const [key, setKey] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api('/api/ledgers')
      .then((b) => {
        const ls = listFrom<Ledger>(b, 'ledgers');
        setLedgers(ls);
        setKey(ls[0]?.key ?? null);
        if (!ls.length) setLoading(false);
      })
      .catch((e) => {
        setError((e as Error).message);
        setLoading(false);
      });
  }, []);

  const query = () => `${from ? `&from=${from}` : ''}${to ? `&to=${to}` : ''}`;
  const load = () => {
    if (!key) return;
    setLoading(true);
    api<Record<string, unknown>>(`/api/ledgers/${key}?format=json${query()}`)
      .then((b) => {
        setRows(listFrom<Row>(b, 'rows'));
        setError('');
      })
      .catch((e) => {
        setRows([]);
        setError((e as Error).message);
      })
      .finally(() => setLoading(false));
  };
  useEffect(load, [key]);

  const ledger = ledgers.find((l) => l.key === key);
  const cols = SHOWN.filter((c) => rows.length === 0 || c in rows[0]);
  return (
    <>
      <h1>台账</h1>
      <div class="tabs" role="group" aria-label="选择台账">
        {ledgers.map((l) => (
          <button key={l.key} type="button" class="btn small" aria-pressed={key === l.key} onClick={() => setKey(l.key)}>
            {l.title}
          </button>
        ))}
      </div>
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          load();
        }}
      >
        <label for="lg-from">登记日期自</label>
        <input id="lg-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        <label for="lg-to">至</label>
        <input id="lg-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        <button type="submit" class="btn primary">
          筛选
        </button>
        <button type="button" class="btn" disabled={!key} onClick={() => void download(`/api/ledgers/${key}?format=csv${query()}`, `${ledger?.title ?? '台账'}.csv`).catch((e) => setError(e.message))}>
          导出 CSV
        </button>
        <button type="button" class="btn" disabled={!key} onClick={() => void download(`/api/ledgers/${key}?format=xlsx${query()}`, `${ledger?.title ?? '台账'}.xlsx`).catch((e) => setError(e.message))}>
          导出 Excel
        </button>
      </form>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="card" style="padding:0;overflow-x:auto" tabIndex={0} role="region" aria-label={`${ledger?.title ?? '台账'}（可左右滚动）`}>
        <table class="ledger" aria-label={ledger?.title ?? '台账'}>
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {HEADERS[c] ?? c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {cols.map((c) => (
                  <td key={c} class={c === 'summary' || c === 'resolution' ? 'wrap' : undefined}>
                    {String(r[c] ?? '')}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && rows.length === 0 && !error && <p class="empty">该台账暂无记录。</p>}
        {loading && <p class="empty">加载中…</p>}
      </div>
    </>
  );
}
