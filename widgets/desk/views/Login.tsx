// Staff login (POST /api/auth/login → {token, staff}).
import { useState } from 'preact/hooks';
import { api } from '../api';

export interface Me {
  id: number;
  username: string;
  name: string;
  role: string;
  teamId?: number | null;
}

export function Login({ onSignedIn }: { onSignedIn(me: Me, token: string): void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main class="login" id="main">
      <h1>12348 员工工作台</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setError('');
          setBusy(true);
          try {
            const r = await api<{ token: string; staff: Me }>('/api/auth/login', { body: { username: username.trim(), password } });
            onSignedIn(r.staff, r.token);
          } catch (err) {
            setError((err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for="login-user">用户名</label>
          <input id="login-user" name="username" autoComplete="username" required value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="login-pass">密码</label>
          <input id="login-pass" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </div>
        {error && (
          <p class="err" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="btn primary" style="width:100%" disabled={busy}>
          {busy ? '登录中…' : '登录'}
        </button>
      </form>
      <p class="muted" style="font-size:12px;margin-top:14px">仅限平台工作人员使用。所有查看个人信息的操作均会留痕。</p>
    </main>
  );
}
