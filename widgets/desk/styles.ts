// Desk CSS (injected once by main.tsx; the page has a strict CSP with inline styles allowed).
export const deskCss = `
*,*::before,*::after{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif;font-size:14px;line-height:1.55;color:#1f2329;background:#f2f3f5}
a{color:#0b4ea2}
button,input,select,textarea{font:inherit;color:inherit}
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:6px 10px;z-index:10}
.skip:focus{left:8px;top:8px}
header.bar{display:flex;align-items:center;gap:14px;padding:0 16px;height:52px;background:#8e0e15;color:#fff;flex-wrap:wrap}
header.bar .brand{font-weight:700;font-size:16px;white-space:nowrap}
header.bar nav ul{display:flex;gap:2px;list-style:none;margin:0;padding:0;flex-wrap:wrap}
header.bar nav a{display:block;color:#fff;text-decoration:none;padding:6px 12px;border-radius:6px}
header.bar nav a[aria-current="page"]{background:rgba(255,255,255,.22);font-weight:700}
header.bar nav a:hover{background:rgba(255,255,255,.14)}
header.bar .me{margin-left:auto;display:flex;align-items:center;gap:10px;font-size:13px}
.live{display:inline-flex;align-items:center;gap:5px}
.dot{width:9px;height:9px;border-radius:50%;background:#aaa;display:inline-block}
.dot.open{background:#52c41a}.dot.reconnecting,.dot.connecting{background:#faad14}
.btn{display:inline-flex;align-items:center;justify-content:center;gap:4px;padding:6px 14px;border-radius:6px;border:1px solid #c9ccd1;background:#fff;cursor:pointer;font-weight:600;color:#1f2329;text-decoration:none;white-space:nowrap}
.btn:hover{background:#f5f6f7}
.btn.primary{background:#b4121b;border-color:#b4121b;color:#fff}
.btn.primary:hover{background:#960f16}
.btn.ghost{background:transparent;border-color:rgba(255,255,255,.6);color:#fff}
.btn.small{padding:3px 9px;font-size:13px}
.btn:disabled{opacity:.5;cursor:not-allowed}
main{padding:16px;max-width:1500px;margin:0 auto}
h1{font-size:20px;margin:0 0 12px}
h2{font-size:16px;margin:0 0 10px}
h3{font-size:14px;margin:12px 0 6px}
.card{background:#fff;border:1px solid #dfe1e5;border-radius:8px;padding:14px;margin-bottom:14px}
.grid3{display:grid;grid-template-columns:minmax(280px,1fr) minmax(340px,1.4fr) minmax(300px,1.1fr);gap:14px;align-items:start}
@media (max-width:1100px){.grid3{grid-template-columns:1fr}}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px}
@media (max-width:520px){.grid2{grid-template-columns:1fr}}
.toolbar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-bottom:12px}
.toolbar label{font-weight:600}
select,input[type=text],input[type=search],input[type=date],input[type=month],input[type=password],input:not([type]),textarea{padding:6px 8px;border:1px solid #8c9098;border-radius:6px;background:#fff}
textarea{width:100%;min-height:70px;resize:vertical}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e8e9eb;vertical-align:top}
th{background:#f7f8fa;font-weight:700;font-size:13px;color:#3a3f47;white-space:nowrap}
tr.row-link{cursor:pointer}
.ledger td{white-space:nowrap}
.ledger td.wrap{white-space:normal;min-width:220px}
tr.row-link:hover{background:#fafbfc}
.sla{display:inline-flex;align-items:center;gap:4px;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:700;white-space:nowrap}
.sla.ok{background:#e6f4ea;color:#0f5b25}.sla.warning{background:#fff1cc;color:#6b4500}.sla.overdue{background:#fde2e1;color:#8a1c14}.sla.done{background:#eef0f3;color:#4a4f57}
tr.sla-overdue td:first-child{box-shadow:inset 4px 0 0 #d4380d}tr.sla-warning td:first-child{box-shadow:inset 4px 0 0 #faad14}
.tag{display:inline-block;padding:0 7px;border-radius:4px;background:#eef0f3;font-size:12px;color:#3a3f47;white-space:nowrap}
.tag.urgent{background:#fde2e1;color:#8a1c14;font-weight:700}
.muted{color:#585e66}
.err{color:#8a1c14;background:#fff1f0;border:1px solid #f0a8a3;padding:8px 10px;border-radius:6px;margin:8px 0}
.ok-msg{color:#0f5b25;background:#e6f4ea;border:1px solid #9bd3ab;padding:8px 10px;border-radius:6px;margin:8px 0}
.empty{color:#585e66;padding:18px;text-align:center}
.chat{display:flex;flex-direction:column;height:520px}
.chat .log{flex:1;overflow-y:auto;background:#f7f8fa;border:1px solid #e8e9eb;border-radius:6px;padding:10px}
.chat .m{margin:0 0 8px;max-width:88%;padding:7px 10px;border-radius:8px;background:#fff;border:1px solid #e1e3e6;white-space:pre-wrap;word-break:break-word}
.chat .m.citizen{background:#fff}
.chat .m.assistant{background:#f1f4fb;border-color:#d6def0}
.chat .m.staff{margin-left:auto;background:#e6f4ea;border-color:#9bd3ab}
.chat .who{display:block;font-size:12px;font-weight:700;color:#4a4f57}
.chat form{display:flex;gap:8px;margin-top:8px;align-items:flex-end}
.chat form textarea{min-height:56px}
.assist section{border-top:1px solid #eceef0;padding-top:8px;margin-top:8px}
.assist section:first-of-type{border-top:0;margin-top:0;padding-top:0}
.assist ul{margin:0;padding-left:18px}
.assist li{margin:4px 0}
.why{display:block;font-size:12px;color:#585e66}
.draft{white-space:pre-wrap;background:#fffbe6;border:1px solid #e8c766;border-radius:6px;padding:8px}
.kv{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
.kv dt{color:#585e66}
.kv dd{margin:0}
.actions form{border-top:1px solid #eceef0;padding-top:8px;margin-top:8px}
.actions .row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;margin-top:6px}
.field{display:flex;flex-direction:column;gap:3px;margin-bottom:8px}
.field label{font-weight:600;font-size:13px}
.toasts{position:fixed;right:16px;bottom:16px;display:flex;flex-direction:column;gap:8px;z-index:50;max-width:360px}
.toast{background:#fff;border:1px solid #dfe1e5;border-left:5px solid #faad14;border-radius:6px;padding:10px 12px;box-shadow:0 4px 14px rgba(0,0,0,.15)}
.toast.overdue{border-left-color:#d4380d}.toast.info{border-left-color:#1a56db}
.login{max-width:380px;margin:10vh auto;background:#fff;border:1px solid #dfe1e5;border-radius:10px;padding:26px}
.login h1{text-align:center}
.login .field input{padding:9px 10px}
.hits li{margin:0 0 12px;list-style:none}
.hits{padding:0}
.hit-title{font-weight:700}
.sig{display:flex;gap:6px;flex-wrap:wrap;margin-top:4px}
.chart{width:100%;height:auto;display:block}
.legend{display:flex;gap:12px;flex-wrap:wrap;font-size:12px;margin-top:6px}
.legend span{display:inline-flex;align-items:center;gap:4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin-bottom:14px}
.kpi{background:#fff;border:1px solid #dfe1e5;border-radius:8px;padding:10px 12px}
.kpi b{display:block;font-size:22px;color:#8e0e15}
.kpi span{font-size:12px;color:#585e66}
.tabs{display:flex;gap:6px;flex-wrap:wrap;margin-bottom:10px}
.tabs button[aria-pressed="true"]{background:#b4121b;border-color:#b4121b;color:#fff}
`;
