// 窗口登记: front-desk intake at a service centre (来访登记, 法律援助/矛盾纠纷/业务移交, 投诉, 预约)
// as a work order (POST /api/orders, channel desk). The phone number is sent once and only ever
// shown masked afterwards.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { go } from '../router';

const TYPES: [string, string][] = [
  ['visit', '来访登记'],
  ['consultation', '法律咨询'],
  ['legal_aid', '法律援助移交'],
  ['mediation', '矛盾纠纷移交（人民调解）'],
  ['referral', '业务移交'],
  ['complaint', '投诉登记'],
  ['appointment', '预约'],
];
const DOMAINS = ['劳动', '社保工伤', '婚姻家庭', '继承', '交通事故', '消费', '借贷债务', '房产物业', '侵权', '合同', '行政', '刑事', '治安', '土地征收', '未成年人', '老年人', '其他'];

export function Intake() {
  const [f, setF] = useState<Record<string, string>>({ type: 'visit', urgency: 'normal' });
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!f.summary?.trim()) return setError('请填写事项摘要。');
    if (f.type === 'appointment' && !f.appointmentAt) return setError('预约事项请选择预约时间。');
    const phone = f.phone?.replace(/[\s-]/g, '');
    if (phone && !/^(1\d{10}|0\d{9,11})$/.test(phone)) return setError('联系电话格式不正确。');
    setBusy(true);
    try {
      const b = await api<{ order: { orderNo: string } }>('/api/orders', {
        body: {
          type: f.type,
          channel: 'desk',
          summary: f.summary.trim(),
          ...(f.domain ? { domain: f.domain } : {}),
          urgency: f.urgency,
          ...(f.name?.trim() || phone ? { citizen: { ...(f.name?.trim() ? { name: f.name.trim() } : {}), ...(phone ? { phone } : {}) } } : {}),
          ...(f.type === 'appointment' ? { appointmentAt: new Date(f.appointmentAt).toISOString(), ...(f.place?.trim() ? { place: f.place.trim() } : {}) } : {}),
        },
      });
      go('orders', b.order.orderNo);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>窗口登记</h1>
      <form class="card" style="max-width:720px" onSubmit={submit}>
        <div class="field">
          <label for="in-type">事项类型</label>
          <select id="in-type" value={f.type} onChange={set('type')}>
            {TYPES.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="in-summary">事项摘要</label>
          <textarea id="in-summary" maxLength={2000} value={f.summary ?? ''} onInput={set('summary')} placeholder="群众反映的问题和诉求" />
        </div>
        <div class="grid2" style="gap:10px">
          <div class="field">
            <label for="in-name">当事人姓名（可选）</label>
            <input id="in-name" maxLength={40} autoComplete="off" value={f.name ?? ''} onInput={set('name')} />
          </div>
          <div class="field">
            <label for="in-phone">联系电话（可选）</label>
            <input id="in-phone" type="tel" maxLength={20} autoComplete="off" value={f.phone ?? ''} onInput={set('phone')} />
          </div>
          <div class="field">
            <label for="in-domain">问题领域</label>
            <select id="in-domain" value={f.domain ?? ''} onChange={set('domain')}>
              <option value="">自动判断</option>
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="in-urgency">紧急程度</label>
            <select id="in-urgency" value={f.urgency} onChange={set('urgency')}>
              <option value="normal">一般</option>
              <option value="high">加急</option>
              <option value="emergency">紧急</option>
            </select>
          </div>
          {f.type === 'appointment' && (
            <>
              <div class="field">
                <label for="in-at">预约时间</label>
                <input id="in-at" type="datetime-local" value={f.appointmentAt ?? ''} onInput={set('appointmentAt')} />
              </div>
              <div class="field">
                <label for="in-place">地点（可选）</label>
                <input id="in-place" maxLength={200} value={f.place ?? ''} onInput={set('place')} />
              </div>
            </>
          )}
        </div>
        {error && (
          <p class="err" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn primary" disabled={busy}>
          {busy ? '登记中…' : '登记并生成工单'}
        </button>
        <p class="muted" style="font-size:12px">登记后按分派规则自动分派；电话号码加密保存，页面只显示部分号码。</p>
      </form>
    </>
  );
}
