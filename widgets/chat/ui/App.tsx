// The widget: a launcher button and a chat panel (log, suggestions, composer, 转人工, 查询进度).
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { WidgetConfig } from '../config';
import { openLink, type Link, type LinkStatus } from '../connection';
import { chipAction, type ServerFrame } from '../protocol';
import { applyFrame, citizenSent, initialState, rated, type ChatState } from '../state';
import { HandoffForm } from './Handoff';
import { ChatIcon, CloseIcon } from './icons';
import { Message } from './Message';
import { Progress } from './Progress';

type Action = { t: 'frame'; f: ServerFrame } | { t: 'sent'; text: string; queued: boolean } | { t: 'rated'; id: string; useful: boolean; comment?: string } | { t: 'reset' };

function reducer(s: ChatState, a: Action): ChatState {
  if (a.t === 'reset') return initialState;
  if (a.t === 'frame') return applyFrame(s, a.f);
  if (a.t === 'sent') return citizenSent(s, a.text, a.queued);
  return rated(s, a.id, a.useful, a.comment);
}

const STATUS_TEXT: Partial<Record<LinkStatus, string>> = {
  connecting: '正在连接…',
  reconnecting: '网络连接中断，正在重新连接，您的对话会自动恢复…',
  // WebSockets blocked (proxy, firewall): working over plain HTTP, which is slower but complete
  fallback: '当前网络不支持实时连接，已切换为兼容模式，可继续咨询。',
};

function readFlag(key: string): boolean | null {
  try {
    const v = window.localStorage.getItem(key);
    return v === null ? null : v === '1';
  } catch {
    return null;
  }
}

export function App({ config }: { config: WidgetConfig }) {
  const [open, setOpen] = useState(config.open);
  const [large, setLarge] = useState(readFlag(`${config.storageKey}.large`) ?? config.largeText);
  const [view, setView] = useState<'chat' | 'progress' | 'handoff'>('chat');
  const [status, setStatus] = useState<LinkStatus>('connecting');
  const [state, dispatch] = useReducer(reducer, initialState);
  const [draft, setDraft] = useState('');
  const link = useRef<Link | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const launcherRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);

  // Connect when first opened (no socket for visitors who never open the widget).
  useEffect(() => {
    if (!open || link.current) return;
    link.current = openLink({
      url: config.wsUrl,
      server: config.server,
      storageKey: config.storageKey,
      phone: config.phone,
      onFrame: (f) => dispatch({ t: 'frame', f }),
      onStatus: setStatus,
    });
    if (pendingAsk.current) {
      const ask = pendingAsk.current;
      pendingAsk.current = null;
      send(ask);
    }
  }, [open]);
  useEffect(() => () => link.current?.close(), []);

  // Host pages open the widget from their own buttons without script:
  //   <button data-lawline-open>在线咨询</button>  (optionally data-lawline-ask="问题" to ask at once)
  const pendingAsk = useRef<string | null>(null);
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      const el = (e.target as Element | null)?.closest?.('[data-lawline-open],[data-lawline-ask]');
      if (!el) return;
      e.preventDefault();
      const ask = el.getAttribute('data-lawline-ask')?.trim();
      if (ask) pendingAsk.current = ask.slice(0, 500);
      setView('chat');
      setOpen(true);
      if (ask && link.current) {
        pendingAsk.current = null;
        send(ask);
      }
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);

  useEffect(() => {
    const el = bodyRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [state.messages, state.suggestions, view, open]);

  useEffect(() => {
    if (!open) return;
    if (view === 'chat') inputRef.current?.focus();
    else panelRef.current?.querySelector<HTMLInputElement>('.sheet input')?.focus();
  }, [open, view]);

  useEffect(() => {
    try {
      window.localStorage.setItem(`${config.storageKey}.large`, large ? '1' : '0');
    } catch {
      /* storage blocked */
    }
  }, [large]);

  const send = (text: string) => {
    const t = text.trim();
    if (!t || !link.current) return;
    const now = link.current.send({ type: 'message', text: t.slice(0, 2000) });
    dispatch({ t: 'sent', text: t, queued: !now });
    setDraft('');
    setView('chat');
  };

  const close = () => {
    setOpen(false);
    setTimeout(() => launcherRef.current?.focus(), 0);
  };

  const welcome = state.messages.length === 0;
  return (
    <div class={large ? 'root large' : 'root'} lang="zh-CN">
      <button
        ref={launcherRef}
        type="button"
        class="launcher"
        hidden={open}
        aria-expanded={open}
        aria-controls="lw-panel"
        onClick={() => setOpen(true)}
      >
        <ChatIcon />
        <span>法律咨询</span>
        <span class="sr">（打开{config.title}）</span>
      </button>
      <div
        ref={panelRef}
        id="lw-panel"
        class="panel"
        role="dialog"
        aria-modal="false"
        aria-labelledby="lw-title"
        hidden={!open}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            if (view !== 'chat') setView('chat');
            else close();
          }
        }}
      >
        <div class="head">
          <div class="t">
            <h2 id="lw-title">{config.title}</h2>
            <p>{config.subtitle}</p>
          </div>
          <button type="button" class="hbtn" aria-pressed={large} title="大字模式" onClick={() => setLarge(!large)}>
            <span aria-hidden="true">大字</span>
            <span class="sr">大字模式</span>
          </button>
          <button
            type="button"
            class="hbtn"
            title="开始新的对话（清除本机上的对话记录，适合公共电脑）"
            onClick={() => {
              dispatch({ t: 'reset' });
              setView('chat');
              link.current?.reset();
              inputRef.current?.focus();
            }}
          >
            新对话
          </button>
          <button type="button" class="hbtn" aria-label="关闭对话窗口" onClick={close}>
            <CloseIcon />
          </button>
        </div>
        {STATUS_TEXT[status] && (
          <div class="status" role="status">
            {STATUS_TEXT[status]}
          </div>
        )}
        {state.emergency && (
          <div class="sos" role="alert">
            如果您或他人正面临人身危险，请立即拨打 <a href="tel:110">110</a>（报警）或 <a href="tel:120">120</a>（急救）。
          </div>
        )}
        <div class={view === 'chat' ? 'body' : 'body behind'} ref={bodyRef} role="log" aria-live="polite" aria-relevant="additions" aria-label="对话记录" tabIndex={0}>
          {welcome && (
            <div class="msg assistant" data-kind="greeting">
              <div class="bubble">
                <span class="who">智能助手：</span>
                {config.greeting}
              </div>
            </div>
          )}
          {state.messages.map((m) => (
            <Message
              key={m.key}
              m={m}
              onRate={(id, useful, comment) => {
                dispatch({ t: 'rated', id, useful, comment });
                link.current?.send({ type: 'rating', messageId: id, useful, ...(comment ? { comment } : {}) });
              }}
              onOpenProgress={() => setView('progress')}
            />
          ))}
          {state.busy && !state.messages.some((m) => m.streaming) && (
            <div class="typing" role="status">
              智能助手正在查找相关法律条文…
            </div>
          )}
        </div>
        {view === 'chat' && (state.clarifyOptions.length > 0 || state.suggestions.length > 0 || welcome) && (
          <div class="sugs" role="group" aria-labelledby="lw-sugs-h">
            <h3 id="lw-sugs-h">{welcome ? '常见问题' : '您可能还想问'}</h3>
            {(state.clarifyOptions.length ? state.clarifyOptions : welcome ? ['公司拖欠工资怎么办', '离婚时财产怎么分', '交通事故对方不赔偿怎么办'] : state.suggestions).map((s) => (
              <button
                type="button"
                class="chip"
                key={s}
                onClick={() => {
                  const act = chipAction(s);
                  if (act === 'send') send(s);
                  else setView(act);
                }}
              >
                {s}
              </button>
            ))}
          </div>
        )}
        {view === 'progress' && <Progress server={config.server} initialOrderNo={state.orderNo} onClose={() => setView('chat')} />}
        {view === 'handoff' && (
          <HandoffForm
            phone={config.phone}
            onCancel={() => setView('chat')}
            onSubmit={(phone) => {
              link.current?.send({ type: 'handoff_request', ...(phone ? { phone } : {}) });
              setView('chat');
            }}
          />
        )}
        {view === 'chat' && (
          <>
            <form
              class="composer"
              onSubmit={(e) => {
                e.preventDefault();
                send(draft);
              }}
            >
              <label class="sr" for="lw-input">
                输入您的问题
              </label>
              <textarea
                id="lw-input"
                ref={inputRef}
                value={draft}
                maxLength={2000}
                placeholder="请输入您的问题，按回车发送"
                onInput={(e) => setDraft((e.target as HTMLTextAreaElement).value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                    e.preventDefault();
                    send(draft);
                  }
                }}
              />
              <button type="submit" class="send" disabled={!draft.trim()}>
                发送
              </button>
            </form>
            <div class="tools">
              {state.orderNo ? (
                <button type="button" class="tool human" onClick={() => setView('progress')}>
                  已转人工 · 查看进度
                </button>
              ) : (
                <button type="button" class="tool human" onClick={() => setView('handoff')}>
                  转人工
                </button>
              )}
              <button type="button" class="tool" onClick={() => setView('progress')}>
                查询工单进度
              </button>
              <a class="tool" href="tel:12348">
                拨打 12348
              </a>
            </div>
          </>
        )}
        <div class="foot">回答依据现行法律条文自动生成，仅供参考；复杂问题请转人工或拨打12348。</div>
      </div>
    </div>
  );
}
