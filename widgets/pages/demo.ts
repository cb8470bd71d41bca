// /demo: a mock 12348 portal page with the widget embedded, as a city's site would add it.
import { escapeHtml } from './html';

export function demoPage(opts: { widgetSrc: string }): string {
  const services = [
    ['法律咨询', '在线、电话、窗口多渠道免费咨询'],
    ['法律援助', '经济困难群众申请免费法律服务'],
    ['人民调解', '婚姻家庭、邻里、劳动等纠纷调解'],
    ['公证服务', '预约办理、材料清单、进度查询'],
    ['司法鉴定', '鉴定机构查询与申请指引'],
    ['律师服务', '律师事务所与律师查询'],
  ];
  const news = [
    ['关于做好农民工欠薪法律援助工作的通知', '2026-11-18'],
    ['公共法律服务实体平台延长周末服务时间', '2026-11-12'],
    ['“民法典进社区”普法宣传活动开展', '2026-11-05'],
    ['12348热线满意度调查结果公布', '2026-10-28'],
  ];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>12348 公共法律服务平台（演示）</title>
<style>
*{box-sizing:border-box}
body{margin:0;font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#222;background:#f4f5f7;line-height:1.6}
a{color:#0b4ea2}
.top{background:#b4121b;color:#fff}
.top .in{max-width:1100px;margin:0 auto;padding:18px 20px;display:flex;align-items:center;gap:16px;flex-wrap:wrap}
.logo{width:52px;height:52px;border-radius:50%;background:#fff;color:#b4121b;display:flex;align-items:center;justify-content:center;font-weight:800;font-size:15px}
.top h1{margin:0;font-size:24px;letter-spacing:1px}
.top p{margin:0;font-size:13px;opacity:.9}
.demo-tag{margin-left:auto;background:#ffe58f;color:#5c3c00;padding:2px 10px;border-radius:12px;font-size:13px}
nav{background:#8e0e15}
nav ul{max-width:1100px;margin:0 auto;padding:0 12px;list-style:none;display:flex;flex-wrap:wrap}
nav a{display:block;color:#fff;text-decoration:none;padding:10px 14px;font-size:15px}
nav a:hover,nav a:focus{background:rgba(255,255,255,.15)}
main{max-width:1100px;margin:0 auto;padding:20px}
.hero{background:#fff;border-radius:8px;padding:24px;display:flex;gap:24px;flex-wrap:wrap;align-items:center;border:1px solid #e3e5e8}
.hero h2{margin:0 0 8px;font-size:22px}
.hero .hot{font-size:40px;font-weight:800;color:#b4121b;letter-spacing:2px}
.ask{font:inherit;font-size:16px;font-weight:700;padding:8px 22px;border:0;border-radius:6px;background:#b4121b;color:#fff;cursor:pointer}
.ask:hover{background:#8e0e15}
.hotq a{margin-right:6px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:14px;margin:20px 0}
.card{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:16px}
.card h3{margin:0 0 4px;font-size:17px;color:#8e0e15}
.card p{margin:0;font-size:14px;color:#555}
.cols{display:grid;grid-template-columns:2fr 1fr;gap:14px}
@media (max-width:760px){.cols{grid-template-columns:1fr}}
.box{background:#fff;border:1px solid #e3e5e8;border-radius:8px;padding:16px}
.box h2{margin:0 0 10px;font-size:18px;border-left:4px solid #b4121b;padding-left:8px}
.box ul{margin:0;padding:0;list-style:none}
.box li{display:flex;justify-content:space-between;gap:12px;padding:6px 0;border-bottom:1px dashed #e3e5e8;font-size:14px}
.box time{color:#666;white-space:nowrap}
footer{text-align:center;color:#555;font-size:13px;padding:24px 12px 100px}
</style>
</head>
<body>
<header class="top"><div class="in">
  <div class="logo" aria-hidden="true">12348</div>
  <div><h1>某市公共法律服务平台</h1><p>12348 热线 · 网络平台 · 实体平台 “三台融合”</p></div>
  <span class="demo-tag">演示页面</span>
</div></header>
<nav aria-label="主导航"><ul>
  <li><a href="/demo">首页</a></li><li><a href="#services">办事服务</a></li><li><a href="#news">通知公告</a></li>
  <li><a href="/desk">员工工作台</a></li><li><a href="/voice-demo">语音热线演示</a></li><li><a href="/healthz">系统状态</a></li>
</ul></nav>
<main>
  <section class="hero" aria-labelledby="hero-h">
    <div style="flex:1;min-width:260px">
      <h2 id="hero-h">有法律问题，找12348</h2>
      <p>点击右下角“法律咨询”，智能助手依据现行法律条文为您解答，并告知办理渠道和所需材料；需要时可一键转人工，凭工单编号和手机号后四位随时查询办理进度。</p>
      <p><button type="button" class="ask" data-lawline-open>在线咨询</button></p>
      <p class="hotq">热门问题：${['公司拖欠工资怎么办', '交通事故对方不赔偿怎么办', '离婚时财产怎么分'].map((q) => `<a href="#" data-lawline-ask="${escapeHtml(q)}">${escapeHtml(q)}</a>`).join('　')}</p>
      <p>工作人员请进入 <a href="/desk">员工工作台</a> 处理转人工对话和工单。</p>
    </div>
    <div><div class="hot">12348</div><div>公共法律服务热线（7×24小时）</div></div>
  </section>
  <section id="services" aria-labelledby="svc-h">
    <h2 id="svc-h" style="font-size:18px;margin:20px 0 0">办事服务</h2>
    <div class="grid">
      ${services.map(([t, d]) => `<div class="card"><h3>${escapeHtml(t)}</h3><p>${escapeHtml(d)}</p></div>`).join('')}
    </div>
  </section>
  <div class="cols">
    <section class="box" id="news" aria-labelledby="news-h"><h2 id="news-h">通知公告</h2><ul>
      ${news.map(([t, d]) => `<li><a href="#news">${escapeHtml(t)}</a><time>${d}</time></li>`).join('')}
    </ul></section>
    <section class="box" aria-labelledby="guide-h"><h2 id="guide-h">办事指南</h2><ul>
      <li><a href="#services">法律援助申请条件</a></li><li><a href="#services">人民调解申请流程</a></li><li><a href="#services">公证预约须知</a></li>
    </ul></section>
  </div>
</main>
<footer>本页面为 lawline 演示页面，模拟地方12348公共法律服务网站。智能助手通过一行 script 标签嵌入。</footer>
<script src="${escapeHtml(opts.widgetSrc)}" data-title="12348 法律服务智能助手" data-position="right" async></script>
</body>
</html>`;
}
