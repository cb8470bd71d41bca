// Work-order actions: 认领, 回拨记录, 转办, 办结 (with cited articles), 回访. Each is one POST to
// /api/orders/:orderNo/<action>; the server refuses invalid transitions with a Chinese message.
import { useEffect, useState } from 'preact/hooks';
import { api, listFrom } from '../api';
import type { OrderView } from '../model';

type Ref = { law: string; article: string };
const short = (law: string) => law.replace(/^中华人民共和国/, '');
const OUTCOMES: [string, string][] = [
  ['reached', '已接通'],
  ['no_answer', '无人接听'],
  ['busy', '占线'],
  ['wrong_number', '号码错误'],
  ['refused', '拒绝沟通'],
];

export function Actions({ order, laws, onDone }: { order: OrderView; laws: Ref[]; onDone(msg: string): void }) {
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [teams, setTeams] = useState<{ id: number; name: string; key?: string }[]>([]);
  const [f, setF] = useState<Record<string, string>>({ outcome: 'reached', satisfaction: '5' });
  const [cited, setCited] = useState<Record<string, boolean>>({});
  const set = (k: string) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const no = encodeURIComponent(order.orderNo);

  useEffect(() => {
    if (open === 'transfer' && teams.length === 0) api('/api/teams').then((b) => setTeams(listFrom(b, 'teams'))).catch(() => setTeams([]));
  }, [open]);

  const candidates: Ref[] = [];
  for (const r of [...order.articles, ...laws]) if (!candidates.some((c) => c.law === r.law && c.article === r.article)) candidates.push(r);

  const run = async (action: string, body: Record<string, unknown>, msg: string) => {
    setBusy(true);
    setError('');
    try {
      await api(`/api/orders/${no}/${action}`, { body });
      setOpen(null);
      onDone(msg);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const s = order.state;
  // The server lists the actions allowed now; fall back to the state machine's shape.
  const allowed = Array.isArray(order.raw.actions) ? new Set(order.raw.actions as string[]) : null;
  const can = (a: string, dflt: boolean) => (allowed ? allowed.has(a) : dflt);
  const canClaim = can('claim', s === 'assigned');
  const active = s === 'claimed' || s === 'in_progress' || s === 'assigned';
  const toggle = (k: string) => setOpen(open === k ? null : k);

  return (
    <div class="actions" data-testid="order-actions">
      <div class="row">
        {canClaim && (
          <button type="button" class="btn primary" disabled={busy} onClick={() => void run('claim', {}, '已认领该工单')}>
            认领
          </button>
        )}
        {can('start', s === 'claimed') && (
          <button type="button" class="btn" disabled={busy} onClick={() => void run('start', {}, '已开始办理')}>
            开始办理
          </button>
        )}
        {can('callback', active) && (
          <button type="button" class="btn" aria-expanded={open === 'callback'} onClick={() => toggle('callback')}>
            回拨记录
          </button>
        )}
        {can('transfer', active) && (
          <button type="button" class="btn" aria-expanded={open === 'transfer'} onClick={() => toggle('transfer')}>
            转办
          </button>
        )}
        {can('resolve', active) && (
          <button type="button" class="btn" aria-expanded={open === 'resolve'} onClick={() => toggle('resolve')}>
            办结
          </button>
        )}
        {can('revisit', s === 'resolved') && (
          <button type="button" class="btn" aria-expanded={open === 'revisit'} onClick={() => toggle('revisit')}>
            回访
          </button>
        )}
      </div>
      {open === 'callback' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run('callback', { outcome: f.outcome, note: f.note?.trim() || undefined }, '已记录回拨');
          }}
        >
          <div class="field">
            <label for="cb-outcome">回拨结果</label>
            <select id="cb-outcome" value={f.outcome} onChange={set('outcome')}>
              {OUTCOMES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="cb-note">回拨记录</label>
            <textarea id="cb-note" value={f.note ?? ''} onInput={set('note')} maxLength={1000} />
          </div>
          <button type="submit" class="btn primary" disabled={busy}>
            保存回拨记录
          </button>
        </form>
      )}
      {open === 'transfer' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!f.teamId || !f.reason?.trim()) return setError('请选择转办机构并填写原因。');
            const team = teams.find((t) => String(t.id) === f.teamId);
            void run('transfer', { teamId: Number(f.teamId), teamKey: team?.key, reason: f.reason.trim() }, '已转办');
          }}
        >
          <div class="field">
            <label for="tr-team">转办至</label>
            <select id="tr-team" value={f.teamId ?? ''} onChange={set('teamId')}>
              <option value="">请选择</option>
              {teams.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="tr-reason">转办原因</label>
            <textarea id="tr-reason" value={f.reason ?? ''} onInput={set('reason')} maxLength={500} />
          </div>
          <button type="submit" class="btn primary" disabled={busy}>
            确认转办
          </button>
        </form>
      )}
      {open === 'resolve' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const refs = candidates.filter((c) => cited[`${c.law}|${c.article}`]);
            const manual = (f.manual ?? '')
              .split(/[\n；;]/)
              .map((x) => x.trim())
              .filter(Boolean)
              .map((x) => {
                const m = /^《?(.+?)》?\s*(第.+条(?:之[一二三四五六七八九十]+)?)$/.exec(x);
                return m ? { law: m[1], article: m[2] } : null;
              });
            if (manual.some((m) => m === null)) return setError('手动填写的法条格式应为“劳动合同法 第三十条”。');
            if ((f.resolution?.trim().length ?? 0) < 5) return setError('请填写办理结果（至少5个字）。');
            void run('resolve', { resolution: f.resolution.trim(), cited: [...refs, ...(manual as Ref[])] }, '工单已办结');
          }}
        >
          <div class="field">
            <label for="rs-text">办理结果（将告知群众）</label>
            <textarea id="rs-text" value={f.resolution ?? ''} onInput={set('resolution')} maxLength={4000} />
          </div>
          <fieldset style="border:1px solid #e1e3e6;border-radius:6px;padding:6px 10px;margin:0 0 8px">
            <legend>引用法条</legend>
            {candidates.length === 0 && <p class="muted">暂无候选法条，可在下方手动填写。</p>}
            {candidates.map((c) => {
              const k = `${c.law}|${c.article}`;
              const id = `cite-${k.replace(/[^\w\u4e00-\u9fa5]/g, '')}`;
              return (
                <div key={k}>
                  <input type="checkbox" id={id} checked={Boolean(cited[k])} onChange={(e) => setCited({ ...cited, [k]: (e.target as HTMLInputElement).checked })} />{' '}
                  <label for={id}>
                    《{short(c.law)}》{c.article}
                  </label>
                </div>
              );
            })}
            <div class="field" style="margin-top:6px">
              <label for="rs-manual">其他法条（每行一条，如“劳动合同法 第三十条”）</label>
              <textarea id="rs-manual" value={f.manual ?? ''} onInput={set('manual')} style="min-height:40px" />
            </div>
          </fieldset>
          <button type="submit" class="btn primary" disabled={busy}>
            确认办结
          </button>
        </form>
      )}
      {open === 'revisit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run('revisit', { satisfaction: Number(f.satisfaction), adopted: f.adopted !== 'no', comment: f.revisitNote?.trim() || undefined }, '已记录回访');
          }}
        >
          <div class="field">
            <label for="rv-sat">群众满意度</label>
            <select id="rv-sat" value={f.satisfaction} onChange={set('satisfaction')}>
              {['5', '4', '3', '2', '1'].map((v) => (
                <option key={v} value={v}>
                  {v} 分{v === '5' ? '（非常满意）' : v === '1' ? '（非常不满意）' : ''}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="rv-adopted">办理意见是否被采纳</label>
            <select id="rv-adopted" value={f.adopted ?? 'yes'} onChange={set('adopted')}>
              <option value="yes">是</option>
              <option value="no">否</option>
            </select>
          </div>
          <div class="field">
            <label for="rv-note">回访记录</label>
            <textarea id="rv-note" value={f.revisitNote ?? ''} onInput={set('revisitNote')} maxLength={1000} />
          </div>
          <button type="submit" class="btn primary" disabled={busy}>
            保存回访
          </button>
        </form>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
