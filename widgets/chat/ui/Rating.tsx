// Per-answer rating: 有用 / 没用, with an optional comment after 没用.
import { useState } from 'preact/hooks';

export function Rating(props: {
  messageId: string;
  value?: { useful: boolean; comment?: string };
  onRate(useful: boolean, comment?: string): void;
}) {
  const [asking, setAsking] = useState(false);
  const [comment, setComment] = useState('');
  const v = props.value;
  const inputId = `rc-${props.messageId}`;
  if (v && !asking) {
    return (
      <div class="rate" role="status">
        感谢您的评价（{v.useful ? '有用' : '没用'}）{v.comment ? `：${v.comment}` : ''}
      </div>
    );
  }
  return (
    <div class="rate" role="group" aria-label="评价这个回答">
      <span aria-hidden="true">这个回答有帮助吗？</span>
      <button type="button" class="rbtn" aria-pressed={v?.useful === true} onClick={() => props.onRate(true)}>
        有用
      </button>
      <button
        type="button"
        class="rbtn"
        aria-pressed={asking || v?.useful === false}
        onClick={() => {
          setAsking(true);
        }}
      >
        没用
      </button>
      {asking && (
        <form
          class="rcomment"
          onSubmit={(e) => {
            e.preventDefault();
            setAsking(false);
            props.onRate(false, comment.trim() || undefined);
          }}
        >
          <label class="sr" for={inputId}>
            哪里不满意（可选）
          </label>
          <input id={inputId} value={comment} maxLength={500} placeholder="哪里不满意？（可选）" onInput={(e) => setComment((e.target as HTMLInputElement).value)} />
          <button type="submit" class="rbtn">
            提交
          </button>
        </form>
      )}
    </div>
  );
}
