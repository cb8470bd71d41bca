// 查询工单进度: work-order number + last four digits of the phone number.
import { useState } from 'preact/hooks';
import type { ProgressView } from '../protocol';

export async function fetchProgress(server: string, orderNo: string, last4: string): Promise<ProgressView> {
  const url = new URL('/api/orders/progress', server);
  url.searchParams.set('orderNo', orderNo);
  url.searchParams.set('last4', last4);
  const res = await fetch(url.toString(), { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as (ProgressView & { error?: { message?: string } }) | null;
  if (!res.ok || !body || body.error) {
    throw new Error(body?.error?.message || (res.status === 404 ? '没有找到该工单，请核对工单编号和手机号后四位。' : '查询失败，请稍后再试。'));
  }
  return body;
}

function when(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function Progress(props: { server: string; initialOrderNo: string | null; onClose(): void }) {
  const [orderNo, setOrderNo] = useState(props.initialOrderNo ?? '');
  const [last4, setLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [view, setView] = useState<ProgressView | null>(null);
  return (
    <section class="sheet" aria-labelledby="lw-progress-h">
      <h3 id="lw-progress-h">查询工单进度</h3>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          setView(null);
          if (!orderNo.trim() || !/^\d{4}$/.test(last4)) {
            setError('请填写工单编号和手机号后四位（4位数字）。');
            return;
          }
          setBusy(true);
          try {
            setView(await fetchProgress(props.server, orderNo.trim(), last4));
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="lw-order">工单编号</label>
          <input id="lw-order" name="orderNo" value={orderNo} autoComplete="off" onInput={(e) => setOrderNo((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="lw-last4">手机号后四位</label>
          <input
            id="lw-last4"
            name="last4"
            inputMode="numeric"
            maxLength={4}
            pattern="[0-9]{4}"
            autoComplete="off"
            value={last4}
            onInput={(e) => setLast4((e.target as HTMLInputElement).value.replace(/\D/g, '').slice(0, 4))}
          />
        </div>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? '查询中…' : '查询'}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            返回对话
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {error && <p class="ferr" role="alert">{error}</p>}
        {view && (
          <div class="progress" data-testid="progress-result">
            <div>
              工单 {view.orderNo}：<span class="state">{view.stateLabel}</span>
            </div>
            <div>{view.nextStep}</div>
            {view.history.length > 0 && (
              <ol>
                {view.history.map((h, i) => (
                  <li key={i}>
                    {when(h.at)} {h.label}
                  </li>
                ))}
              </ol>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
