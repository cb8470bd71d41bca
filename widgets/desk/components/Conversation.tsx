// The live conversation with the citizen: transcript, citizen messages pushed over /ws/desk, and
// the staff reply box (POST /api/conversations/:id/messages, delivered to the widget in real time).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, listFrom } from '../api';
import { onLive } from '../live';
import { fmtTime } from '../model';

export interface Line {
  role: string;
  /** order_status: a work-order status notice the citizen was shown (stored with role assistant). */
  kind?: string;
  text: string;
  at?: string;
  from?: string;
}

const WHO: Record<string, string> = { citizen: '群众', assistant: '智能助手', staff: '工作人员', system: '系统' };

export function Conversation(props: {
  conversationId: string | null;
  /** Reply through the work order (logged in its trail, stops the first-response clock) when allowed. */
  orderNo?: string;
  replyViaOrder?: boolean;
  transcript: Line[];
  /** Text put into the reply box by the assist panel (编辑 a suggested answer). */
  prefill: { text: string; n: number } | null;
  onSent(text: string): void;
}) {
  const [lines, setLines] = useState<Line[]>(props.transcript);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const logRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const id = props.conversationId;

  useEffect(() => {
    if (!id) {
      setLines(props.transcript);
      return;
    }
    api(`/api/conversations/${encodeURIComponent(id)}`)
      .then((body) => {
        const msgs = listFrom<Line>(body, 'messages', 'history', 'transcript');
        setLines(msgs.length ? msgs : props.transcript);
      })
      .catch(() => setLines(props.transcript));
    return onLive((f) => {
      if (f.conversationId !== id) return;
      if (f.type === 'conversation.citizen_message') setLines((ls) => [...ls, { role: 'citizen', text: String(f.text ?? ''), at: String(f.at ?? '') }]);
    });
  }, [id]);

  useEffect(() => {
    if (props.prefill) {
      setText(props.prefill.text);
      boxRef.current?.focus();
    }
  }, [props.prefill?.n]);

  useEffect(() => {
    const el = logRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  const send = async (e: Event) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || !id) return;
    setBusy(true);
    setError('');
    try {
      if (props.replyViaOrder && props.orderNo) await api(`/api/orders/${encodeURIComponent(props.orderNo)}/reply`, { body: { text: t } });
      else await api(`/api/conversations/${encodeURIComponent(id)}/messages`, { body: { text: t } });
      setLines((ls) => [...ls, { role: 'staff', text: t, at: new Date().toISOString() }]);
      setText('');
      props.onSent(t);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="chat">
      <div class="log" ref={logRef} role="log" aria-live="polite" aria-label="对话记录" tabIndex={0} data-testid="desk-conversation">
        {lines.length === 0 && <p class="empty">暂无对话内容</p>}
        {lines.map((l, i) => (
          <div key={i} class={`m ${l.role}`}>
            <span class="who">
              {l.kind === 'order_status' ? '工单进度' : (WHO[l.role] ?? l.role)}
              {l.from ? ` ${l.from}` : ''} {l.at ? <span class="muted">{fmtTime(l.at)}</span> : null}
            </span>
            {l.text}
          </div>
        ))}
      </div>
      {id ? (
        <form onSubmit={send}>
          <div style="flex:1">
            <label for="reply-box" class="sr">
              回复群众
            </label>
            <textarea id="reply-box" ref={boxRef} placeholder="输入回复，发送后群众在咨询窗口中实时看到" value={text} maxLength={2000} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          </div>
          <button type="submit" class="btn primary" disabled={busy || !text.trim()}>
            发送回复
          </button>
        </form>
      ) : (
        <p class="muted">该工单没有关联的在线对话，请通过回拨联系群众。</p>
      )}
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
