// Widget configuration from the data- attributes of its own <script> tag:
//   <script src="https://HOST/widget.js" data-title="12348法律服务智能助手" data-color="#c8102e"
//           data-position="right" data-open="false" data-large-text="false"
//           data-greeting="..." data-phone="" data-server="https://HOST" async></script>

export interface WidgetConfig {
  server: string; // http(s) origin of the lawline server
  wsUrl: string;
  title: string;
  subtitle: string;
  color: string;
  position: 'left' | 'right';
  open: boolean;
  largeText: boolean;
  greeting: string;
  phone?: string;
  zIndex: number;
  storageKey: string;
}

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  return v === '' || v === 'true' || v === '1' || v === 'yes';
}

export function readConfig(data: Record<string, string | undefined>, scriptSrc: string | null, pageUrl: string): WidgetConfig {
  let origin = new URL(pageUrl).origin;
  if (data.server) origin = new URL(data.server, pageUrl).origin;
  else if (scriptSrc) origin = new URL(scriptSrc, pageUrl).origin;
  const ws = new URL('/ws/chat', origin);
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
  const z = Number(data.zIndex);
  return {
    server: origin,
    wsUrl: ws.toString(),
    title: data.title?.trim() || '12348 法律服务智能助手',
    subtitle: data.subtitle?.trim() || '在线解答法律问题 · 可转人工',
    color: data.color && COLOR.test(data.color) ? data.color : '#b4121b',
    position: data.position === 'left' ? 'left' : 'right',
    open: bool(data.open, false),
    largeText: bool(data.largeText, false),
    greeting:
      data.greeting?.trim() ||
      '您好！我是12348公共法律服务智能助手。请用一两句话描述您遇到的问题，例如“公司拖欠工资怎么办”。我会依据法律条文回答，您也可以随时点击“转人工”。',
    phone: data.phone?.replace(/\D/g, '') || undefined,
    zIndex: Number.isFinite(z) && z > 0 ? z : 2147483000,
    storageKey: `lawline.chat.${origin}`,
  };
}
