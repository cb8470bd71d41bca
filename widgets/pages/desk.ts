// /desk: the staff desk shell; the app itself is the desk bundle (widgets/desk).
import { escapeHtml } from './html';
export function deskPage(opts: { script: string; timeZone: string }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="lawline-timezone" content="${escapeHtml(opts.timeZone)}">
<title>12348 员工工作台 · lawline</title>
</head>
<body>
<div id="app"><noscript>员工工作台需要启用 JavaScript。</noscript></div>
<script src="${opts.script}" defer></script>
</body>
</html>`;
}
