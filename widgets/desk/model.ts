// Desk view models: tolerant normalisers over the orders API (fields may grow) and the labels and
// SLA colour rules the queue shows.
// State and type labels come from the server (orders module), the one source of those words.
export const CHANNEL_LABEL: Record<string, string> = { web: '网络平台', voice: '热线电话', desk: '窗口', api: '接口' };

/** Only for the statistics page (its API sends clock codes); orders carry the server's labels. */
export const CLOCK_LABEL: Record<string, string> = { first_response: '首次响应', callback: '回拨', resolution: '办结' };

export type SlaLevel = 'ok' | 'warning' | 'overdue' | 'done';

export interface SlaClock {
  clock: string;
  /** The server's Chinese name of the clock (首次响应 / 回拨 / 办结). */
  label: string;
  dueAt: string;
  warnAt?: string;
  status: string; // running | met | breached | cancelled
  /** The server's state when the list was read (ok | warning | overdue); time moves it on. */
  state?: string;
}

export interface OrderView {
  orderNo: string;
  state: string;
  stateLabel: string;
  type: string;
  typeLabel: string;
  channel: string;
  urgency: string;
  domain: string | null;
  service: string | null;
  summary: string;
  phoneMasked: string | null;
  citizenId: string | null;
  conversationId: string | null;
  contactId: string | null;
  assignee: string | null;
  team: string | null;
  createdAt: string;
  updatedAt: string;
  waitingSince: string | null;
  sla: SlaClock[];
  transcript: { role: string; text: string; at?: string }[];
  articles: { law: string; article: string }[];
  resolution: string | null;
  cited: { law: string; article: string }[];
  satisfaction: number | null;
  raw: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

function json<T>(v: unknown, dflt: T): T {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return dflt;
    }
  }
  return (v as T) ?? dflt;
}

function nameOf(v: unknown): string | null {
  if (v && typeof v === 'object') return str((v as Obj).name) ?? str((v as Obj).username);
  return str(v);
}

export function toOrder(input: unknown): OrderView {
  const o = (input && typeof input === 'object' ? ((input as Obj).order ?? input) : {}) as Obj;
  const state = str(o.state) ?? 'received';
  // The detail's `sla` lists every clock row (a late-stopped clock shows as breached); list items
  // carry `slaClocks`, the running clocks with the server's state.
  const clocks = Array.isArray(o.sla) ? (o.sla as Obj[]) : Array.isArray(o.slaClocks) ? (o.slaClocks as Obj[]) : [];
  const sla: SlaClock[] = clocks.map((c) => {
    const clock = str(c.kind) ?? str(c.clock) ?? '';
    return {
      clock,
      label: str(c.label) ?? clock,
      dueAt: str(c.dueAt) ?? '',
      warnAt: str(c.warnAt) ?? undefined,
      status: str(c.status) ?? 'running',
      state: str(c.state) ?? undefined,
    };
  });
  return {
    orderNo: str(o.orderNo) ?? str(o.order_no) ?? '',
    state,
    stateLabel: str(o.stateLabel) ?? state,
    type: str(o.type) ?? 'consultation',
    typeLabel: str(o.typeLabel) ?? str(o.type) ?? '',
    channel: str(o.channel) ?? 'web',
    urgency: str(o.urgency) ?? 'normal',
    domain: str(o.domain),
    service: str(o.service),
    summary: str(o.summary) ?? '',
    phoneMasked: str(o.phoneMasked) ?? str((o.citizen as Obj | undefined)?.masked),
    citizenId: str(o.citizenId) ?? str((o.citizen as Obj | undefined)?.citizenId) ?? str((o.citizen as Obj | undefined)?.id),
    conversationId: str(o.conversationId),
    contactId: str(o.contactId),
    assignee: nameOf(o.assignee) ?? str(o.assigneeName),
    team: nameOf(o.team) ?? str(o.teamName),
    createdAt: str(o.createdAt) ?? '',
    updatedAt: str(o.updatedAt) ?? str(o.createdAt) ?? '',
    waitingSince: str(o.waitingSince),
    sla,
    transcript: json(o.transcript, []),
    articles: json(o.articles, []),
    resolution: str(o.resolution),
    cited: json(o.cited, []),
    satisfaction: typeof o.satisfaction === 'number' ? o.satisfaction : null,
    raw: o,
  };
}

/** The order's worst running SLA clock: overdue (red), warning (amber), ok (green), done (grey). */
export function slaLevel(o: Pick<OrderView, 'sla' | 'state'>, now = Date.now()): { level: SlaLevel; clock?: SlaClock } {
  const running = o.sla.filter((c) => c.status === 'running' || c.status === 'breached');
  let worst: { level: SlaLevel; clock?: SlaClock } = { level: running.length || ['received', 'assigned', 'claimed', 'in_progress', 'returned'].includes(o.state) ? 'ok' : 'done' };
  const rank: Record<SlaLevel, number> = { done: 0, ok: 1, warning: 2, overdue: 3 };
  for (const c of running) {
    const due = Date.parse(c.dueAt);
    const warn = c.warnAt ? Date.parse(c.warnAt) : due - 30 * 60_000;
    const level: SlaLevel = c.status === 'breached' || c.state === 'overdue' || now >= due ? 'overdue' : c.state === 'warning' || now >= warn ? 'warning' : 'ok';
    if (rank[level] > rank[worst.level] || (level === worst.level && worst.clock && Date.parse(worst.clock.dueAt) > due) || !worst.clock) worst = { level, clock: c };
  }
  return worst;
}

export const SLA_TEXT: Record<SlaLevel, string> = { ok: '正常', warning: '即将超时', overdue: '已超时', done: '已结束' };

/** The platform's time zone (the desk page carries the server's TIMEZONE), not the browser's. */
export function deskTimeZone(): string {
  const meta = typeof document !== 'undefined' ? document.querySelector<HTMLMetaElement>('meta[name="lawline-timezone"]') : null;
  return meta?.content || 'Asia/Shanghai';
}

let fmt: Intl.DateTimeFormat | null = null;

export function fmtTime(at: string | null | undefined, timeZone = deskTimeZone()): string {
  if (!at) return '';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  if (!fmt || fmt.resolvedOptions().timeZone !== timeZone) {
    try {
      fmt = new Intl.DateTimeFormat('en-CA', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    } catch {
      fmt = new Intl.DateTimeFormat('en-CA', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    }
  }
  const parts = Object.fromEntries(fmt.formatToParts(d).map((p) => [p.type, p.value]));
  return `${Number(parts.month)}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function fmtLeft(dueAt: string, now = Date.now()): string {
  const ms = Date.parse(dueAt) - now;
  if (!Number.isFinite(ms)) return '';
  const abs = Math.abs(ms);
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = d > 0 ? `${d}天${h}小时` : h > 0 ? `${h}小时${m}分` : `${m}分钟`;
  return ms >= 0 ? `剩余${span}` : `超时${span}`;
}
