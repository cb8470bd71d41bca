// The desk's REST client: bearer token from the login, JSON in and out, Chinese error messages
// from the server's `{error:{code,message}}` envelope.
const TOKEN_KEY = 'lawline.desk.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let token: string | null = readToken();
let onUnauthorized: () => void = () => {};

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(t: string | null) {
  token = t;
  try {
    if (t) sessionStorage.setItem(TOKEN_KEY, t);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage blocked: token lives in memory only */
  }
}

export function getToken(): string | null {
  return token;
}

export function whenUnauthorized(fn: () => void) {
  onUnauthorized = fn;
}

const FALLBACK: Record<number, string> = {
  401: '登录已失效，请重新登录。',
  403: '您没有权限执行此操作。',
  404: '该功能或数据暂不可用。',
  409: '当前状态下不能执行该操作，请刷新后重试。',
  429: '操作太频繁，请稍后再试。',
};

export async function api<T = unknown>(path: string, init: { method?: string; body?: unknown; raw?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers, body: init.body !== undefined ? JSON.stringify(init.body) : undefined, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试。');
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status === 401 && path !== '/api/auth/login') onUnauthorized();
    throw new ApiError(res.status, body?.error?.code ?? 'http_' + res.status, body?.error?.message ?? FALLBACK[res.status] ?? `请求失败（${res.status}）`);
  }
  if (init.raw) return res as unknown as T;
  return (await res.json()) as T;
}

/** Download a file from a staff endpoint (export) and hand it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await api<Response>(path, { raw: true });
  const blob = await res.blob();
  const cd = res.headers.get('content-disposition') ?? '';
  const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** First array found under one of the keys (servers wrap lists as {orders:[...]}, {items:[...]}). */
export function listFrom<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const k of [...keys, 'items', 'rows', 'data', 'results']) {
      const v = (body as Record<string, unknown>)[k];
      if (Array.isArray(v)) return v as T[];
    }
  }
  return [];
}
