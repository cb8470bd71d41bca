// The widget's CSS, injected into its shadow root. `:host { all: initial !important }` cuts every
// inherited property the host page sets (fonts, colours, line height, text transforms); host
// rules aimed at the host element lose to the !important declarations of the shadow context.
/** #rrggbb darkened by 20% (hover and text-on-white shades). */
export function darken(hex: string): string {
  let h = hex.replace('#', '');
  if (h.length === 3 || h.length === 4) h = h.slice(0, 3).split('').map((c) => c + c).join('');
  const n = parseInt(h.slice(0, 6), 16);
  if (!Number.isFinite(n)) return hex;
  const ch = (shift: number) => Math.round(((n >> shift) & 255) * 0.8).toString(16).padStart(2, '0');
  return `#${ch(16)}${ch(8)}${ch(0)}`;
}

export function widgetCss(color: string, zIndex: number, position: 'left' | 'right'): string {
  const side = position === 'left' ? 'left' : 'right';
  return `
:host{all:initial !important;display:block !important;position:static !important;visibility:visible !important;opacity:1 !important;transform:none !important;filter:none !important;contain:none !important}
*,*::before,*::after{box-sizing:border-box}
.root{--c:${color};--c-dark:${darken(color)};--ink:#1f2329;--muted:#51565e;--line:#d9dce1;--bg:#f5f6f8;
 font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei","Source Han Sans SC",system-ui,sans-serif;
 font-size:15px;line-height:1.6;color:var(--ink);letter-spacing:normal;text-align:left;direction:ltr;font-weight:400;font-style:normal;text-transform:none;-webkit-font-smoothing:antialiased}
.root.large{font-size:19px}
button,input,textarea{font:inherit;color:inherit;letter-spacing:inherit;margin:0;text-transform:none}
button{cursor:pointer;border:0;background:none;padding:0}
:focus-visible{outline:3px solid #1a56db;outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.launcher{position:fixed;${side}:20px;bottom:20px;z-index:${zIndex};display:flex;align-items:center;gap:.5em;height:3.3em;padding:0 1.2em 0 1em;border-radius:1.65em;background:var(--c);color:#fff;font-size:1em;font-weight:600;box-shadow:0 6px 20px rgba(0,0,0,.25)}
.launcher:hover{background:var(--c-dark)}
.launcher svg{width:1.5em;height:1.5em;flex:none}
.panel{position:fixed;${side}:20px;bottom:20px;z-index:${zIndex};width:400px;height:min(680px,calc(100vh - 40px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 12px 40px rgba(0,0,0,.28);overflow:hidden;border:1px solid var(--line)}
.root.large .panel{width:460px}
.panel[hidden],.launcher[hidden]{display:none}
.head{display:flex;align-items:center;gap:.5em;padding:.7em .8em .7em 1em;background:var(--c);color:#fff}
.head .t{flex:1;min-width:0}
.head h2{margin:0;font-size:1.05em;font-weight:700;line-height:1.3;color:#fff}
.head p{margin:0;font-size:.8em;opacity:.95;color:#fff}
.hbtn{display:inline-flex;align-items:center;justify-content:center;min-width:2.4em;height:2.4em;padding:0 .55em;border-radius:.5em;color:#fff;font-size:.85em;font-weight:600;border:1px solid rgba(255,255,255,.55)}
.hbtn:hover,.hbtn[aria-pressed="true"]{background:rgba(255,255,255,.2)}
.hbtn svg{width:1.3em;height:1.3em}
.sos{padding:.5em 1em;background:#8a1c14;color:#fff;font-weight:700}
.sos a{color:#fff;text-decoration:underline;font-size:1.1em}
.status{padding:.35em 1em;font-size:.85em;background:#fff4e5;color:#7a4100;border-bottom:1px solid #f3d19e}
.body{flex:1;overflow-y:auto;padding:1em;background:var(--bg);overscroll-behavior:contain}
.msg{display:flex;margin:0 0 .9em}
.msg.citizen{justify-content:flex-end}
.bubble{max-width:86%;padding:.6em .85em;border-radius:12px;background:#fff;border:1px solid var(--line);white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere}
.citizen .bubble{background:var(--c);color:#fff;border-color:var(--c);border-bottom-right-radius:4px}
.assistant .bubble,.staff .bubble{border-bottom-left-radius:4px}
.staff .bubble{border-color:#1a7f37;background:#f0faf3}
.who{display:block;font-size:.78em;font-weight:600;color:var(--muted);margin-bottom:.2em;white-space:normal}
.staff .who{color:#116329}
.system .bubble{max-width:100%;width:100%;background:#fffbe6;border-color:#e8c766}
.error .bubble{background:#fff1f0;border-color:#f0a8a3;color:#8a1c14}
.order-status{justify-content:center;align-items:center;flex-wrap:wrap;gap:.4em}
.statusline{margin:0;max-width:94%;padding:.35em .85em;border-radius:1em;background:#eef3fb;border:1px solid #c5d5ee;color:#0b3d91;font-size:.85em;line-height:1.5;text-align:center;white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere}
.statusline .tag{font-weight:700;margin-right:.5em}
.statusline .no{font-weight:600;user-select:all}
.orderno{display:inline-block;margin:.2em 0;padding:.1em .5em;border-radius:.3em;background:#fff;border:1px dashed #b38600;font-weight:700;font-size:1.1em;letter-spacing:.02em;user-select:all}
.cites{margin:.6em 0 0;padding:.5em 0 0;border-top:1px dashed var(--line);white-space:normal}
.cites h3{margin:0 0 .3em;font-size:.82em;color:var(--muted);font-weight:600}
.cites ul{list-style:none;margin:0;padding:0}
.cites li{margin:.25em 0}
.cite{display:flex;align-items:center;gap:.35em;width:100%;text-align:left;padding:.35em .5em;border-radius:.4em;background:#f3f4f7;border:1px solid var(--line);color:#0b3d91;font-weight:600;font-size:.9em}
.cite:hover{background:#e8ecf5}
.cite .arrow{margin-left:auto;color:var(--muted);font-weight:400}
.quote{margin:.3em 0 .2em;padding:.5em .7em;border-left:3px solid var(--c);background:#fafafa;font-size:.9em;white-space:pre-wrap;color:var(--ink)}
.badge{display:inline-block;font-size:.75em;padding:0 .4em;border-radius:.3em;background:#e6f4ea;color:#116329;font-weight:600}
.badge.warn{background:#fdecea;color:#8a1c14}
.rate{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;margin-top:.5em;font-size:.85em;color:var(--muted);white-space:normal}
.rbtn{padding:.2em .7em;border-radius:1em;border:1px solid var(--line);background:#fff;color:var(--ink)}
.rbtn[aria-pressed="true"]{background:var(--c);border-color:var(--c);color:#fff}
.rcomment{display:flex;gap:.4em;width:100%}
.rcomment input{flex:1;min-width:0;padding:.3em .5em;border:1px solid #8c9098;border-radius:.4em;background:#fff}
.typing{color:var(--muted);font-size:.9em;padding:0 0 .6em}
.sugs{display:flex;flex-wrap:wrap;gap:.4em;padding:.5em 1em 0;background:#fff;border-top:1px solid var(--line)}
.sugs h3{width:100%;margin:0;font-size:.78em;color:var(--muted);font-weight:600}
.chip{padding:.3em .75em;border-radius:1em;border:1px solid var(--c);color:var(--c-dark);background:#fff;font-size:.88em;text-align:left}
.chip:hover{background:#fdf2f2}
.composer{display:flex;gap:.5em;align-items:flex-end;padding:.6em 1em;background:#fff}
.composer textarea{flex:1;min-width:0;resize:none;height:3.2em;max-height:8em;padding:.5em .7em;border:1px solid #8c9098;border-radius:.6em;background:#fff;line-height:1.4}
.send{height:2.6em;padding:0 1.1em;border-radius:.6em;background:var(--c);color:#fff;font-weight:700}
.send:disabled{opacity:.55;cursor:not-allowed}
.tools{display:flex;gap:.5em;padding:0 1em .7em;background:#fff;flex-wrap:wrap}
.tool{text-decoration:none;display:inline-flex;align-items:center;gap:.3em;padding:.35em .8em;border-radius:.5em;border:1px solid var(--line);background:#fff;color:var(--ink);font-size:.88em;font-weight:600}
.tool.human{border-color:#1a7f37;color:#116329}
.tool:hover{background:var(--bg)}
.sheet{padding:1em;background:#fff;border-top:1px solid var(--line);flex:1;overflow-y:auto;min-height:0}
.body.behind{flex:0 0 0;min-height:0;padding:0;overflow:hidden}
.sheet h3{margin:0 0 .5em;font-size:1em}
.field{display:flex;flex-direction:column;gap:.2em;margin:0 0 .6em}
.field label{font-size:.85em;font-weight:600;color:var(--ink)}
.field input{padding:.45em .6em;border:1px solid #8c9098;border-radius:.5em;background:#fff}
.hint{font-size:.82em;color:var(--muted);margin:0 0 .6em}
.row{display:flex;gap:.5em;flex-wrap:wrap}
.primary{padding:.45em 1.1em;border-radius:.5em;background:var(--c);color:#fff;font-weight:700}
.secondary{padding:.45em 1.1em;border-radius:.5em;border:1px solid var(--line);background:#fff;color:var(--ink)}
.progress{margin-top:.6em;padding:.7em;border-radius:.5em;background:var(--bg);border:1px solid var(--line)}
.progress .state{font-weight:700;color:var(--c-dark);font-size:1.05em}
.progress ol{margin:.4em 0 0;padding-left:1.2em;font-size:.88em;color:var(--muted)}
.evaluate{margin-top:.6em;padding-top:.6em;border-top:1px dashed var(--line)}
.evaluate fieldset{border:0;margin:0 0 .5em;padding:0}
.evaluate legend{font-weight:600;font-size:.9em;margin-bottom:.3em;padding:0}
.scores{display:flex;flex-wrap:wrap;gap:.35em}
.score{display:inline-flex;align-items:center;gap:.25em;padding:.25em .6em;border:1px solid var(--line);border-radius:1em;background:#fff;font-size:.88em;cursor:pointer}
.score.on{border-color:var(--c);background:#fdf2f2;color:var(--c-dark);font-weight:600}
.score input{margin:0;accent-color:var(--c)}
.ferr{color:#8a1c14;font-size:.88em;margin:.3em 0 0}
.foot{padding:.3em 1em .5em;font-size:.72em;color:var(--muted);background:#fff;text-align:center}
/* phone screens: last, so these win over the rules above */
@media (max-width:520px){.panel,.root.large .panel{inset:0;width:100%;height:100%;border-radius:0;border:0}.launcher{${side}:12px;bottom:12px}.sugs{flex-wrap:nowrap;overflow-x:auto;padding-bottom:.3em}.sugs h3{display:none}.chip{flex:none}.root.large .head p{display:none}.hbtn{padding:0 .4em}textarea,input{font-size:max(16px,1em)}}
`;
}
