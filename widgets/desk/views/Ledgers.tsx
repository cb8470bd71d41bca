// 台账: the five ledgers and one register (西安 plan) as filtered lists with CSV/XLSX export.
import { useEffect, useState } from 'preact/hooks';
import { api, download, listFrom } from '../api';

export const LEDGERS: [string, string][] = [
  ['visits', '来访登记'],
  ['disputes', '矛盾纠纷移交'],
  ['legal_aid', '法律援助移交'],
  ['appointments', '预约'],
  ['referrals', '业务移交'],
  ['complaints', '投诉登记'],
];

type Row = Record<string, unknown>;

export function Ledgers() {
  const [kind, setKind] = useState('visits');
  const [rows, setRows] = useState<Row[]>([]);
  const [columns, setColumns] = useState<{ key: string; label: string }[]>([]);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    setLoading(true);
    api<Record<string, unknown>>(`/api/ledgers/${kind}`)
      .then((b) => {
        const rs = listFrom<Row>(b, 'rows', 'items', 'orders');
        const cols = Array.isArray(b.columns) ? (b.columns as { key: string; label: string }[]) : Object.keys(rs[0] ?? {}).map((k) => ({ key: k, label: k }));
        setRows(rs);
        setColumns(cols);
        setError('');
      })
      .catch((e) => {
        setRows([]);
        setError((e as Error).message);
      })
      .finally(() => setLoading(false));
  }, [kind]);

  const title = LEDGERS.find(([k]) => k === kind)?.[1] ?? '';
  return (
    <>
      <h1>台账</h1>
      <div class="tabs" role="group" aria-label="选择台账">
        {LEDGERS.map(([k, label]) => (
          <button key={k} type="button" class="btn small" aria-pressed={kind === k} onClick={() => setKind(k)}>
            {label}
          </button>
        ))}
      </div>
      <div class="toolbar">
        <button type="button" class="btn" onClick={() => void download(`/api/ledgers/${kind}?format=csv`, `${title}.csv`).catch((e) => setError(e.message))}>
          导出 CSV
        </button>
        <button type="button" class="btn" onClick={() => void download(`/api/ledgers/${kind}?format=xlsx`, `${title}.xlsx`).catch((e) => setError(e.message))}>
          导出 Excel
        </button>
      </div>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="card" style="padding:0;overflow-x:auto">
        <table aria-label={`${title}台账`}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key}>{String(r[c.key] ?? '')}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {!loading && rows.length === 0 && <p class="empty">该台账暂无记录。</p>}
      </div>
    </>
  );
}
