// 转人工: optional phone number for a callback, then a handoff_request.
import { useState } from 'preact/hooks';

export function HandoffForm(props: { phone?: string; onSubmit(phone?: string): void; onCancel(): void }) {
  const [phone, setPhone] = useState(props.phone ?? '');
  const [error, setError] = useState('');
  return (
    <section class="sheet" aria-labelledby="lw-handoff-h">
      <h3 id="lw-handoff-h">转人工服务</h3>
      <p class="hint">工作人员会接手本次对话并生成工单。留下手机号便于回电和查询进度（仅用于本次服务，页面只显示部分号码）。</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const digits = phone.replace(/\D/g, '');
          if (digits && !/^1\d{10}$/.test(digits) && !/^0\d{9,11}$/.test(digits)) {
            setError('请输入正确的手机号或固定电话，也可以不填。');
            return;
          }
          props.onSubmit(digits || undefined);
        }}
      >
        <div class="field">
          <label for="lw-phone">联系电话（可选）</label>
          <input id="lw-phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} value={phone} onInput={(e) => setPhone((e.target as HTMLInputElement).value)} />
        </div>
        {error && (
          <p class="ferr" role="alert">
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary">
            确认转人工
          </button>
          <button type="button" class="secondary" onClick={props.onCancel}>
            取消
          </button>
        </div>
      </form>
    </section>
  );
}
