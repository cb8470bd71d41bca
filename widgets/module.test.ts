import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../assistant/testing/server';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.cleanup();
});

describe('widgets module', () => {
  it('serves widget.js with CORS, cache headers and a working ETag', async () => {
    const r = await fetch(`${s.url}/widget.js`, { headers: { origin: 'https://www.example.gov.cn' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('javascript');
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('cache-control')).toContain('max-age=');
    const etag = r.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await r.text()).length).toBeGreaterThan(1000);
    const again = await fetch(`${s.url}/widget.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('serves the demo page with the widget embedded and a link to the desk', async () => {
    const r = await fetch(`${s.url}/demo`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('<script src="/widget.js"');
    expect(html).toContain('href="/desk"');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('redirects / to /demo and serves the desk shell and its bundle', async () => {
    const root = await fetch(`${s.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/demo');
    const desk = await (await fetch(`${s.url}/desk`)).text();
    expect(desk).toContain('/assets/desk.js');
    const js = await fetch(`${s.url}/assets/desk.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses unknown bundles and path tricks', async () => {
    expect((await fetch(`${s.url}/assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${s.url}/assets/..%2Fbuild.js`)).status).toBe(404);
  });
});
