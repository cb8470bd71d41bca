// The doors people see, served by lawline itself (nothing is fetched from a CDN):
//   GET /widget.js        the embeddable chat widget (CORS *, short cache + ETag)
//   GET /assets/:name.js  every bundle in widgets/dist (desk.js, softphone.js, chat.js)
//   GET /desk             the staff desk
//   GET /demo             a mock 12348 portal with the widget embedded; GET / redirects here
// Bundles are built by `npm install` (postinstall) and, when missing or stale, at start.
import { Hono, type Context } from 'hono';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Module } from '../assistant/context';
import { buildWidgets, DIST_DIR, isStale } from './build';
import { deskPage } from './pages/desk';
import { demoPage } from './pages/demo';

let building: Promise<unknown> | null = null;

/** Build the bundles once per process when they are missing or older than the sources. */
export function ensureBuilt(): Promise<unknown> {
  if (!building) building = isStale() ? buildWidgets() : Promise.resolve();
  return building;
}

const HTML_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; media-src 'self' blob:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

function serveBundle(c: Context, name: string, cors: boolean) {
  const file = join(DIST_DIR, `${name}.js`);
  if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) return c.json({ error: { code: 'not_found', message: '脚本不存在。' } }, 404);
  const st = statSync(file);
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
    etag,
    'x-content-type-options': 'nosniff',
  };
  if (cors) {
    headers['access-control-allow-origin'] = '*';
    headers['cross-origin-resource-policy'] = 'cross-origin';
  }
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(readFileSync(file), 200, headers);
}

function html(c: Context, body: string) {
  return c.html(body, 200, { 'cache-control': 'no-cache', 'content-security-policy': HTML_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
}

export function widgetsModule(): Module {
  return {
    name: 'widgets',
    async init(ctx) {
      try {
        await ensureBuilt();
      } catch (e) {
        ctx.log.error('widget build failed', { err: e instanceof Error ? e.message : String(e) });
      }
    },
    routes(ctx) {
      const app = new Hono();
      const base = ctx.config.PUBLIC_URL?.replace(/\/$/, '') ?? '';
      app.get('/', (c) => c.redirect('/demo', 302));
      app.get('/widget.js', (c) => serveBundle(c, 'chat', true));
      app.on('OPTIONS', '/widget.js', (c) => c.body(null, 204, { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET' }));
      app.get('/assets/:file{[a-z0-9-]+\\.js}', (c) => serveBundle(c, c.req.param('file').replace(/\.js$/, ''), c.req.param('file') === 'chat.js'));
      app.get('/demo', (c) => html(c, demoPage({ widgetSrc: `${base}/widget.js` })));
      app.get('/desk', (c) => html(c, deskPage({ script: '/assets/desk.js', timeZone: ctx.config.TIMEZONE })));
      return app;
    },
    health() {
      return { bundles: ['chat', 'desk'].filter((n) => existsSync(join(DIST_DIR, `${n}.js`))) };
    },
    openapi() {
      return {
        '/widget.js': { get: { summary: '嵌入式智能咨询组件脚本（一行 script 标签嵌入）', tags: ['widgets'], responses: { '200': { description: 'JavaScript' } } } },
        '/desk': { get: { summary: '员工工作台页面', tags: ['widgets'], responses: { '200': { description: 'HTML' } } } },
        '/demo': { get: { summary: '演示门户页面（已嵌入智能咨询组件）', tags: ['widgets'], responses: { '200': { description: 'HTML' } } } },
      };
    },
  };
}
