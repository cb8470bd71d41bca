// The /voice-demo page: a softphone anyone can use to try the hotline robot from a browser
// (microphone → /ws/voice/browser → audio back), with a keypad and captions. The script is
// widgets/softphone/main.ts, bundled to widgets/dist/softphone.js by the widgets build.

export function voiceDemoPage(status: { asr: string; tts: string }): string {
  const asrLive = status.asr.startsWith('live');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>12348 热线语音助手体验</title>
<style>
  :root { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; color: #1f2328; }
  body { margin: 0; background: #f4f6f8; }
  main { max-width: 420px; margin: 24px auto; background: #fff; border-radius: 12px; padding: 20px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  h1 { font-size: 20px; margin: 0 0 4px; }
  .note { font-size: 14px; color: #57606a; margin: 0 0 16px; }
  .status { font-size: 15px; margin: 8px 0; min-height: 1.4em; }
  .keys { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; margin: 16px 0; }
  button { font-size: 20px; padding: 12px; border-radius: 8px; border: 1px solid #d0d7de; background: #f6f8fa; cursor: pointer; }
  button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
  button:disabled { opacity: .5; cursor: not-allowed; }
  .call { background: #1a7f37; color: #fff; border: none; width: 100%; }
  .call.active { background: #cf222e; }
  .captions { font-size: 15px; line-height: 1.6; max-height: 260px; overflow-y: auto; border-top: 1px solid #eaeef2; padding-top: 8px; }
  .captions p { margin: 4px 0; }
  .captions .robot::before { content: "助手："; font-weight: 600; }
  .captions .caller::before { content: "您："; font-weight: 600; }
</style>
</head>
<body>
<main>
  <h1>12348 公共法律服务热线 · 语音助手</h1>
  <p class="note">${asrLive ? '点击“拨打”后，可以直接说出您的问题，也可以使用下方按键。' : '当前未配置语音识别，助手以按键菜单方式服务：拨打后请使用下方按键选择。'}本页面仅用于体验，请勿透露身份证号等个人信息。</p>
  <button id="call" class="call" type="button">拨打</button>
  <p id="status" class="status" role="status" aria-live="polite"></p>
  <div class="keys" role="group" aria-label="电话按键">
    ${['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((k) => `<button type="button" data-key="${k}" disabled aria-label="按键 ${k === '*' ? '星号' : k === '#' ? '井号' : k}">${k}</button>`).join('')}
  </div>
  <div id="captions" class="captions" aria-live="polite" aria-label="通话文字记录"></div>
</main>
<script src="/voice-demo/softphone.js" defer></script>
</body>
</html>`;
}
