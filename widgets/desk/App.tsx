// Desk shell: login gate, top bar with navigation and live status, the page for the route, and
// toasts for live SLA warnings and new handoffs.
import { useEffect, useState } from 'preact/hooks';
import { api, getToken, setToken, whenUnauthorized } from './api';
import { onLive, onLiveStatus, startLive, stopLive, whenLiveAuthLost, type LiveStatus } from './live';
import { useRoute } from './router';
import { Toasts } from './components/Toasts';
import { Intake } from './views/Intake';
import { Ledgers } from './views/Ledgers';
import { Login, type Me } from './views/Login';
import { OrderPage } from './views/OrderPage';
import { Queue } from './views/Queue';
import { Search } from './views/Search';
import { Stats } from './views/Stats';

const NAV: [string, string][] = [
  ['queue', '工作队列'],
  ['intake', '窗口登记'],
  ['search', '知识检索'],
  ['ledgers', '台账'],
  ['stats', '统计分析'],
];

const LIVE_TEXT: Record<LiveStatus, string> = { open: '实时推送已连接', connecting: '正在连接实时推送', reconnecting: '实时推送重连中', closed: '实时推送未连接' };

export function App() {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(Boolean(getToken()));
  const [live, setLive] = useState<LiveStatus>('closed');
  const route = useRoute();

  useEffect(() => {
    const signOut = () => {
      setToken(null);
      stopLive();
      setMe(null);
    };
    whenUnauthorized(signOut);
    whenLiveAuthLost(signOut);
    const off = onLiveStatus(setLive);
    if (getToken()) {
      api<{ staff?: Me } & Me>('/api/auth/me')
        .then((r) => signedIn(r.staff ?? r, getToken()!))
        .catch(() => setToken(null))
        .finally(() => setChecking(false));
    }
    return off;
  }, []);

  const signedIn = (m: Me, token: string) => {
    setToken(token);
    setMe(m);
    startLive(token);
  };

  // New handoffs while the desk tab is in the background: count them in the tab title.
  const [unseen, setUnseen] = useState(0);
  useEffect(() => {
    const off = onLive((f) => {
      if (f.type === 'order.created' && document.hidden) setUnseen((n) => n + 1);
    });
    const seen = () => !document.hidden && setUnseen(0);
    document.addEventListener('visibilitychange', seen);
    return () => {
      off();
      document.removeEventListener('visibilitychange', seen);
    };
  }, []);

  useEffect(() => {
    document.title = `${unseen ? `（${unseen}个新工单）` : ''}${NAV.find(([k]) => k === route.page)?.[1] ?? '工单详情'} · 12348 员工工作台`;
  }, [route.page, unseen]);

  if (checking) return <p class="empty">正在验证登录状态…</p>;
  if (!me) return <Login onSignedIn={signedIn} />;

  const page = route.page;
  return (
    <>
      <a class="skip" href="#main">
        跳到主要内容
      </a>
      <header class="bar">
        <span class="brand">12348 员工工作台</span>
        <nav aria-label="工作台导航">
          <ul>
            {NAV.map(([k, label]) => (
              <li key={k}>
                <a href={`#/${k}`} aria-current={page === k || (k === 'queue' && page === 'orders') ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="me">
          <span class="live" title={LIVE_TEXT[live]}>
            <span class={`dot ${live}`} aria-hidden="true" />
            <span class="sr">{LIVE_TEXT[live]}</span>
          </span>
          <span>
            {me.name || me.username}（{ROLE[me.role] ?? me.role}）
          </span>
          <button
            type="button"
            class="btn ghost small"
            onClick={async () => {
              await api('/api/auth/logout', { method: 'POST', body: {} }).catch(() => {});
              setToken(null);
              stopLive();
              setMe(null);
            }}
          >
            退出
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page === 'orders' && route.param ? (
          <OrderPage orderNo={route.param} me={me} />
        ) : page === 'intake' ? (
          <Intake />
        ) : page === 'search' ? (
          <Search />
        ) : page === 'ledgers' ? (
          <Ledgers />
        ) : page === 'stats' ? (
          <Stats />
        ) : (
          <Queue />
        )}
      </main>
      <Toasts subscribe={onLive} />
    </>
  );
}

const ROLE: Record<string, string> = { agent: '坐席', supervisor: '班长', admin: '管理员' };
