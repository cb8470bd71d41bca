// 公民法律服务档案: every contact (conversation, call, desk visit) and work order of a citizen
// (all records merged into it included), newest first, with topic, satisfaction and a short
// summary per entry, plus an overview line for staff.
import type { AppContext } from '../context';
import { redact } from '../log';
import type { OrderSummary } from '../ports';
import type { ContactLog, ContactRow } from './contacts';
import type { CitizenDirectory, CitizenView } from './identity';
import { maskPersonal } from './names';

const CHANNEL_LABEL: Record<string, string> = { web: '网上咨询', voice: '热线电话', desk: '窗口来访', api: '其他渠道' };
const TERMINAL = new Set(['resolved', 'evaluated', 'closed', 'merged', 'cancelled', 'canceled', 'rejected', 'archived']);

export interface ArchiveEntry {
  kind: 'contact' | 'order';
  id: string;
  at: string;
  channel?: string;
  channelLabel?: string;
  conversationId?: string | null;
  orderNo?: string;
  state?: string;
  stateLabel?: string;
  topic: string | null;
  satisfaction: number | null;
  summary: string;
}

export interface ArchiveOverview {
  contacts: number;
  orders: number;
  openOrders: number;
  firstAt: string | null;
  lastAt: string | null;
  topics: { topic: string; count: number }[];
  channels: Record<string, number>;
  satisfactionAvg: number | null;
  /** One line for staff, e.g. 「共来电/咨询 3 次，工单 1 件（办理中 1 件）；主要问题：劳动（2）…」 */
  text: string;
}

export interface Archive {
  citizen: CitizenView;
  overview: ArchiveOverview;
  entries: ArchiveEntry[];
  openOrders: OrderSummary[];
  /** The orders port was unavailable: orders are missing from this archive. */
  ordersUnavailable?: boolean;
}

export function isOpenOrder(o: OrderSummary): boolean {
  return !TERMINAL.has(o.state) && !o.resolvedAt;
}

export class ArchiveBuilder {
  constructor(
    private ctx: AppContext,
    private directory: CitizenDirectory,
    private contacts: ContactLog,
  ) {}

  /** Orders of every record in the group, newest first (deduplicated by order id). */
  orders(citizenIds: string[]): { orders: OrderSummary[]; unavailable: boolean } {
    const port = this.ctx.ports.orders;
    if (!port) return { orders: [], unavailable: true };
    const seen = new Map<number, OrderSummary>();
    try {
      for (const id of citizenIds) for (const o of port.listByCitizen(id)) seen.set(o.orderId, o);
    } catch (e) {
      this.ctx.log.warn('orders port failed while building an archive', { err: e as Error });
      return { orders: [...seen.values()], unavailable: true };
    }
    return { orders: [...seen.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt)), unavailable: false };
  }

  build(citizenId: string, opts: { limit?: number; excludeContactId?: string } = {}): Archive {
    const root = this.directory.canonical(citizenId);
    const group = this.directory.group(root);
    const citizen = this.directory.view(root);
    const rows = this.contacts.list(group, opts.limit ?? 200).filter((c) => c.id !== opts.excludeContactId);
    const { orders, unavailable } = this.orders(group);
    const entries: ArchiveEntry[] = [
      ...rows.map((c) => this.contactEntry(c)),
      ...orders.map(
        (o): ArchiveEntry => ({
          kind: 'order',
          id: String(o.orderId),
          at: o.createdAt,
          orderNo: o.orderNo,
          state: o.state,
          stateLabel: o.stateLabel,
          topic: o.domain,
          satisfaction: o.satisfaction,
          summary: clip(maskPersonal(o.summary), 80),
        }),
      ),
    ].sort((a, b) => b.at.localeCompare(a.at));
    const openOrders = orders.filter(isOpenOrder);
    return { citizen, overview: overview(entries, rows, orders, openOrders), entries, openOrders, ...(unavailable ? { ordersUnavailable: true } : {}) };
  }

  private contactEntry(c: ContactRow): ArchiveEntry {
    return {
      kind: 'contact',
      id: c.id,
      at: c.startedAt,
      channel: c.channel,
      channelLabel: CHANNEL_LABEL[c.channel] ?? c.channel,
      conversationId: c.conversationId,
      topic: c.topic,
      satisfaction: c.satisfaction,
      summary: this.summary(c),
    };
  }

  /** Staff summary if written; else the conversation's first question and its length; else the contact text. */
  private summary(c: ContactRow): string {
    if (c.summary) return clip(c.summary, 80);
    const label = CHANNEL_LABEL[c.channel] ?? '咨询';
    if (c.conversationId && this.ctx.ports.dialogue) {
      try {
        const t = this.ctx.ports.dialogue.transcript(c.conversationId);
        const asked = t.filter((m) => m.role === 'citizen');
        if (asked.length) {
          const first = clip(maskPersonal(asked[0].text), 60);
          const staff = t.some((m) => m.role === 'staff') ? '，有人工接续' : '';
          return `${label}：${first}（共 ${asked.length} 问${staff}）`;
        }
      } catch {
        // transcript unavailable (conversation purged): fall back to the stored text
      }
    }
    return c.text ? `${label}：${clip(c.text, 60)}` : `${label}（未记录问题）`;
  }
}

function overview(entries: ArchiveEntry[], rows: ContactRow[], orders: OrderSummary[], open: OrderSummary[]): ArchiveOverview {
  const topics = new Map<string, number>();
  for (const e of entries) if (e.topic) topics.set(e.topic, (topics.get(e.topic) ?? 0) + 1);
  const channels: Record<string, number> = {};
  for (const c of rows) channels[c.channel] = (channels[c.channel] ?? 0) + 1;
  const sats = entries.map((e) => e.satisfaction).filter((s): s is number => typeof s === 'number');
  const satisfactionAvg = sats.length ? Math.round((sats.reduce((a, b) => a + b, 0) / sats.length) * 10) / 10 : null;
  const topicList = [...topics.entries()].sort((a, b) => b[1] - a[1]).map(([topic, count]) => ({ topic, count }));
  const parts = [`共接触 ${rows.length} 次`, `工单 ${orders.length} 件${open.length ? `（未办结 ${open.length} 件）` : ''}`];
  if (topicList.length) parts.push(`主要问题：${topicList.slice(0, 3).map((t) => `${t.topic}（${t.count}）`).join('、')}`);
  if (satisfactionAvg !== null) parts.push(`平均满意度 ${satisfactionAvg} 分`);
  if (entries[0]) parts.push(`最近一次 ${entries[0].at.slice(0, 10)}`);
  return {
    contacts: rows.length,
    orders: orders.length,
    openOrders: open.length,
    firstAt: entries.length ? entries[entries.length - 1].at : null,
    lastAt: entries[0]?.at ?? null,
    topics: topicList,
    channels,
    satisfactionAvg,
    text: parts.join('；') + '。',
  };
}

export function clip(s: string, n: number): string {
  const t = redact(s).replace(/\s+/g, ' ').trim();
  return [...t].length > n ? [...t].slice(0, n).join('') + '…' : t;
}
