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

export async function evaluateOrder(server: string, orderNo: string, last4: string, satisfaction: number, comment?: string): Promise<void> {
  const res = await fetch(new URL(`/api/orders/${encodeURIComponent(orderNo)}/evaluate`, server).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ last4, satisfaction, ...(comment ? { comment } : {}) }),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message || '评价提交失败，请稍后再试。');
  }
}

const SCORES: [number, string][] = [
  [5, '非常满意'],
  [4, '满意'],
  [3, '一般'],
  [2, '不满意'],
  [1, '非常不满意'],
];

/** 服务评价 of a resolved order (1–5), by the citizen who knows the order number and last four digits. */
function Evaluate(props: { server: string; orderNo: string; last4: string; onDone(): void }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="evaluate"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!score) return setError('请选择满意程度。');
        setBusy(true);
        setError('');
        try {
          await evaluateOrder(props.server, props.orderNo, props.last4, score, comment.trim() || undefined);
          props.onDone();
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend>请对本次服务进行评价</legend>
        <div class="scores">
          {SCORES.map(([v, label]) => (
            <label key={v} class={score === v ? 'score on' : 'score'}>
              <input type="radio" name="lw-score" value={String(v)} checked={score === v} onChange={() => setScore(v)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="lw-eval-comment">意见建议（可选）</label>
        <input id="lw-eval-comment" maxLength={500} value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
      </div>
      {error && (
        <p class="ferr" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        提交评价
      </button>
    </form>
  );
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
  const [thanks, setThanks] = useState(false);
  const refresh = async () => {
    setThanks(true);
    try {
      setView(await fetchProgress(props.server, orderNo.trim(), last4));
    } catch {
      /* keep the last view */
    }
  };
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
            {thanks && <p role="status">感谢您的评价！</p>}
            {view.state === 'resolved' && !thanks && <Evaluate server={props.server} orderNo={view.orderNo} last4={last4} onDone={() => void refresh()} />}
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
