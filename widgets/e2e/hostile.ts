// A hostile host page on another origin: its CSS resets and restyles everything (including custom
// elements and !important rules) under a strict Content-Security-Policy, and it embeds widget.js
// from the lawline server with one tag.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HOSTILE_CSS = `
*, *::before, *::after { all: unset !important; }
* { font-family: "Courier New", monospace !important; color: #0f0 !important; background: #f0f !important;
    font-size: 9px !important; line-height: 3 !important; letter-spacing: 4px !important; text-transform: uppercase !important;
    box-sizing: content-box !important; border: 3px dotted red !important; }
html, body { display: block !important; }
body > * { position: relative !important; transform: rotate(0.5deg) !important; }
div, button, span, section, form, input, textarea { display: inline !important; width: 10px !important; }
lawline-widget { display: none; opacity: 0.1 !important; visibility: hidden; }
`;

const NONCE = 'h0st1le';

export function hostilePage(widgetSrc: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>敌意宿主页面</title><style nonce="${NONCE}">${HOSTILE_CSS}</style></head>
<body><header><h1>某单位网站</h1></header><main><p>这个页面的样式会重置一切。</p>
<div><button>页面自己的按钮</button><input placeholder="页面输入框"></div></main>
<script src="${widgetSrc}" data-title="12348 法律服务智能助手" data-color="#1a56db" async></script></body></html>`;
}

export async function startHostileHost(widgetSrc: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    // A strict CSP as government sites use: no inline styles or scripts except the page's own
    // (nonce); scripts and sockets only from the lawline server.
    const lawline = new URL(widgetSrc);
    const ws = `${lawline.protocol === 'https:' ? 'wss' : 'ws'}://${lawline.host}`;
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${lawline.origin}; style-src 'nonce-${NONCE}'; connect-src ${lawline.origin} ${ws}; img-src 'self' data:`,
    });
    res.end(hostilePage(widgetSrc));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
