import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.cleanup());

describe('server composition', () => {
  it('reports store, index, LLM, embedding and module health', async () => {
    const h = await (await fetch(`${s.url}/healthz`)).json();
    expect(h.ok).toBe(true);
    expect(h.store.articles).toBeGreaterThan(40);
    expect(h.llm.mode).toBe('rules');
    expect(h.embedding).toEqual({ provider: 'none', status: 'off' });
    expect(Object.keys(h)).toEqual(expect.arrayContaining(['orders', 'citizens', 'chat', 'voice']));
  });

  it('merges every module into one OpenAPI document', async () => {
    const doc = await (await fetch(`${s.url}/api/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const p of ['/api/orders', '/api/citizens/{id}/archive', '/api/chat']) {
      expect(paths.some((x) => x.startsWith(p)), p).toBe(true);
    }
  });

  it('lets a portal on another origin call citizen routes, not staff ones', async () => {
    const pre = await fetch(`${s.url}/api/orders/progress?orderNo=x&last4=1234`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://portal.example.gov.cn', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBeLessThan(300);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const staff = await fetch(`${s.url}/api/orders`, { headers: { Origin: 'https://portal.example.gov.cn' } });
    expect(staff.status).toBe(401);
    expect(staff.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown paths and socket paths with a Chinese 404', async () => {
    const r = await fetch(`${s.url}/no/such/path`);
    expect(r.status).toBe(404);
    expect((await r.json()).error.message).toMatch(/不存在/);
  });
});
