// A tiny JSON client for tests and benchmarks of the orders API (real HTTP against a server URL).
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiClient(base: string) {
  async function call<T = any>(method: string, path: string, body?: unknown, token?: string, rawBody?: string): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined || rawBody !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined) });
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json') ? await res.json() : type.includes('text') ? await res.text() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    call,
    get: <T = any>(path: string, token?: string) => call<T>('GET', path, undefined, token),
    post: <T = any>(path: string, body: unknown, token?: string) => call<T>('POST', path, body, token),
    async login(username: string, password: string): Promise<string> {
      const r = await call<{ token: string }>('POST', '/api/auth/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token;
    },
  };
}
