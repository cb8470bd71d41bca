// The statistics the desk shows and the monthly report exports, computed with read-only SQL over
// the other modules' tables (chat: conversations/messages/ratings; citizens: contacts; orders:
// orders/sla_clocks; assist: suggestions; voice: voice_calls). Missing tables count as no data and
// are listed.
import type Database from 'better-sqlite3';
import { ORDER_TYPE_LABEL } from '../orders/rules';
import { STATE_LABEL as ORDER_STATE_LABEL } from '../orders/state-machine';
import { topKeywords } from './keywords';
import { Schema } from './probe';
import type { Period } from './range';

// Labels come from the orders module, the one source of what staff read for a state or type.
const STATE_LABEL: Record<string, string> = ORDER_STATE_LABEL;
const TYPE_LABEL: Record<string, string> = ORDER_TYPE_LABEL;
export const CHANNELS = ['web', 'voice', 'desk', 'api'] as const;

export interface Overview {
  range: { from: string; to: string };
  contacts: { total: number; byChannel: Record<string, number>; byDay: { day: string; counts: Record<string, number> }[] };
  topics: { keywords: { term: string; count: number }[]; domains: { domain: string; count: number }[] };
  orders: {
    created: number;
    resolved: number;
    byState: { state: string; label: string; count: number }[];
    byType: { type: string; label: string; count: number }[];
    byChannel: Record<string, number>;
  };
  sla: { met: number; breached: number; running: number; rate: number | null; byClock: { clock: string; met: number; breached: number; running: number }[] };
  satisfaction: { orders: { count: number; avg: number | null; dist: number[] }; answers: { useful: number; notUseful: number; rate: number | null } };
  assist: { adopted: number; edited: number; rejected: number; pending: number; rate: number | null };
  missing: string[];
}

type Row = Record<string, unknown>;
const TIME = ['created_at', 'started_at', 'at', 'createdAt', 'startedAt'];

export function computeOverview(sqlite: Database.Database, p: Period, now: Date = new Date()): Overview {
  const schema = new Schema(sqlite);
  const missing: string[] = [];
  /** The first existing table of the candidates, or null (and the data source is listed as missing). */
  const need = (candidates: string[], label: string): string | null => {
    const t = schema.table(candidates);
    if (!t) missing.push(label);
    return t;
  };
  const day = (col: string) => `strftime('%Y-%m-%d', ${col}, '${p.offsetMinutes >= 0 ? '+' : ''}${p.offsetMinutes} minutes')`;
  const all = (sql: string, ...args: unknown[]) => sqlite.prepare(sql).all(...args) as Row[];
  const one = (sql: string, ...args: unknown[]) => (sqlite.prepare(sql).get(...args) as Row | undefined) ?? {};
  const between = [p.startUtc, p.endUtc];

  // Contacts by door and day: chat conversations, plus contacts that are not a chat conversation
  // (calls, desk visits); without a conversations table every contact counts.
  const perDay = new Map<string, Record<string, number>>(p.days.map((d) => [d, {}]));
  const byChannel: Record<string, number> = { web: 0, voice: 0, desk: 0 };
  const addCounts = (rows: Row[]) => {
    for (const r of rows) {
      const d = perDay.get(String(r.day));
      const ch = String(r.channel ?? 'web');
      const n = Number(r.n);
      if (d) d[ch] = (d[ch] ?? 0) + n;
      byChannel[ch] = (byChannel[ch] ?? 0) + n;
    }
  };
  const conv = need(['chat_conversations', 'conversations'], '在线对话');
  const convTime = conv ? schema.pick(conv, TIME) : null;
  if (conv && convTime) {
    const ch = schema.pick(conv, ['channel']);
    addCounts(all(`SELECT ${day(convTime)} AS day, ${ch ?? "'web'"} AS channel, COUNT(*) AS n FROM ${conv} WHERE ${convTime} >= ? AND ${convTime} < ? GROUP BY 1, 2`, ...between));
  }
  // Hotline calls whose conversation the chat store does not hold.
  if (schema.has('voice_calls', 'started_at')) {
    const notChat = conv && schema.has('voice_calls', 'conversation_id') ? `AND conversation_id NOT IN (SELECT id FROM ${conv})` : '';
    addCounts(all(`SELECT ${day('started_at')} AS day, 'voice' AS channel, COUNT(*) AS n FROM voice_calls WHERE started_at >= ? AND started_at < ? ${notChat} GROUP BY 1`, ...between));
  }
  // Desk visits and other contacts that are not a conversation (without a conversations table,
  // every contact counts).
  if (need(['contacts'], '来电来访记录') && schema.has('contacts', 'channel', 'started_at')) {
    const notChat = conv && schema.has('contacts', 'conversation_id') ? 'AND conversation_id IS NULL' : '';
    addCounts(all(`SELECT ${day('started_at')} AS day, channel, COUNT(*) AS n FROM contacts WHERE started_at >= ? AND started_at < ? ${notChat} GROUP BY 1, 2`, ...between));
  }
  const contactsTotal = Object.values(byChannel).reduce((a, b) => a + b, 0);

  // Topics: citizen questions → jieba keywords; domains from triage.
  let texts: string[] = [];
  const msgs = need(['chat_messages', 'messages'], '对话消息');
  if (msgs && schema.has(msgs, 'role', 'text')) {
    const t = schema.pick(msgs, TIME);
    if (t) texts = all(`SELECT text FROM ${msgs} WHERE role = 'citizen' AND ${t} >= ? AND ${t} < ? ORDER BY ${t} DESC LIMIT 20000`, ...between).map((r) => String(r.text ?? ''));
  }
  if (texts.length === 0 && schema.has('contacts', 'text', 'started_at')) {
    texts = all(`SELECT text FROM contacts WHERE text IS NOT NULL AND started_at >= ? AND started_at < ? LIMIT 20000`, ...between).map((r) => String(r.text));
  }
  const hasOrders = Boolean(need(['orders'], '工单'));
  if (texts.length === 0 && hasOrders) {
    texts = all(`SELECT summary FROM orders WHERE created_at >= ? AND created_at < ? LIMIT 20000`, ...between).map((r) => String(r.summary ?? ''));
  }
  let domains: { domain: string; count: number }[] = [];
  const convDomain = conv && convTime ? schema.pick(conv, ['domain', 'topic']) : null;
  if (conv && convDomain) {
    domains = all(`SELECT ${convDomain} AS domain, COUNT(*) AS n FROM ${conv} WHERE ${convDomain} IS NOT NULL AND ${convTime} >= ? AND ${convTime} < ? GROUP BY 1 ORDER BY 2 DESC`, ...between).map((r) => ({ domain: String(r.domain), count: Number(r.n) }));
  } else if (schema.has('contacts', 'topic', 'started_at')) {
    domains = all(`SELECT topic AS domain, COUNT(*) AS n FROM contacts WHERE topic IS NOT NULL AND started_at >= ? AND started_at < ? GROUP BY 1 ORDER BY 2 DESC`, ...between).map((r) => ({ domain: String(r.domain), count: Number(r.n) }));
  } else if (hasOrders) {
    domains = all(`SELECT domain, COUNT(*) AS n FROM orders WHERE domain IS NOT NULL AND created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 2 DESC`, ...between).map((r) => ({ domain: String(r.domain), count: Number(r.n) }));
  }

  // Orders created in the period by current state and type; resolutions in the period.
  const orders: Overview['orders'] = { created: 0, resolved: 0, byState: [], byType: [], byChannel: {} };
  const sat: Overview['satisfaction']['orders'] = { count: 0, avg: null, dist: [0, 0, 0, 0, 0] };
  if (hasOrders) {
    orders.byState = all(`SELECT state, COUNT(*) AS n FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY state`, ...between)
      .map((r) => ({ state: String(r.state), label: STATE_LABEL[String(r.state)] ?? String(r.state), count: Number(r.n) }))
      .sort((a, b) => Object.keys(STATE_LABEL).indexOf(a.state) - Object.keys(STATE_LABEL).indexOf(b.state));
    orders.byType = all(`SELECT type, COUNT(*) AS n FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY type ORDER BY 2 DESC`, ...between).map((r) => ({ type: String(r.type), label: TYPE_LABEL[String(r.type)] ?? String(r.type), count: Number(r.n) }));
    for (const r of all(`SELECT channel, COUNT(*) AS n FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY channel`, ...between)) orders.byChannel[String(r.channel)] = Number(r.n);
    orders.created = orders.byState.reduce((a, s) => a + s.count, 0);
    if (schema.has('orders', 'resolved_at')) orders.resolved = Number(one(`SELECT COUNT(*) AS n FROM orders WHERE resolved_at >= ? AND resolved_at < ?`, ...between).n ?? 0);
    if (schema.has('orders', 'satisfaction')) {
      // When the rating was given is not stored: the order's resolution (or last update) dates it.
      const t = `COALESCE(${['resolved_at', 'updated_at'].filter((x) => schema.has('orders', x)).join(', ') || 'created_at'}, created_at)`;
      for (const r of all(`SELECT satisfaction AS s, COUNT(*) AS n FROM orders WHERE satisfaction BETWEEN 1 AND 5 AND ${t} >= ? AND ${t} < ? GROUP BY 1`, ...between)) {
        sat.dist[Number(r.s) - 1] = Number(r.n);
      }
      sat.count = sat.dist.reduce((a, b) => a + b, 0);
      sat.avg = sat.count ? Math.round((sat.dist.reduce((a, n, i) => a + n * (i + 1), 0) / sat.count) * 100) / 100 : null;
    }
  }

  // SLA clocks started in the period.
  const sla: Overview['sla'] = { met: 0, breached: 0, running: 0, rate: null, byClock: [] };
  if (need(['sla_clocks'], '时限记录') && schema.has('sla_clocks', 'clock', 'status', 'started_at', 'due_at')) {
    // met: stopped by the deadline; breached: stopped late, or still running past the deadline
    // (超时未办); running: still within the deadline.
    const by = new Map<string, { clock: string; met: number; breached: number; running: number }>();
    const rows = all(
      `SELECT clock,
              CASE WHEN status = 'running' AND due_at < @now THEN 'breached' ELSE status END AS status,
              COUNT(*) AS n
         FROM sla_clocks WHERE started_at >= @from AND started_at < @to GROUP BY 1, 2`,
      { now: now.toISOString(), from: p.startUtc, to: p.endUtc },
    );
    for (const r of rows) {
      const c = by.get(String(r.clock)) ?? { clock: String(r.clock), met: 0, breached: 0, running: 0 };
      const n = Number(r.n);
      if (r.status === 'met') c.met += n;
      else if (r.status === 'breached') c.breached += n;
      else if (r.status === 'running') c.running += n;
      by.set(c.clock, c);
    }
    const order = ['first_response', 'callback', 'resolution'];
    sla.byClock = [...by.values()].sort((a, b) => order.indexOf(a.clock) - order.indexOf(b.clock));
    for (const c of sla.byClock) {
      sla.met += c.met;
      sla.breached += c.breached;
      sla.running += c.running;
    }
    sla.rate = sla.met + sla.breached ? sla.met / (sla.met + sla.breached) : null;
  }

  // Answer ratings (有用/没用) from the chat module.
  const answers = { useful: 0, notUseful: 0, rate: null as number | null };
  const ratings = need(['chat_ratings', 'ratings'], '回答评价');
  if (ratings) {
    const u = schema.pick(ratings, ['useful', 'helpful']);
    const t = schema.pick(ratings, TIME);
    if (u && t) {
      const r = one(`SELECT SUM(CASE WHEN ${u} THEN 1 ELSE 0 END) AS y, SUM(CASE WHEN ${u} THEN 0 ELSE 1 END) AS n FROM ${ratings} WHERE ${t} >= ? AND ${t} < ?`, ...between);
      answers.useful = Number(r.y ?? 0);
      answers.notUseful = Number(r.n ?? 0);
      answers.rate = answers.useful + answers.notUseful ? answers.useful / (answers.useful + answers.notUseful) : null;
    }
  }

  // Suggested answers: adoption.
  const assist = { adopted: 0, edited: 0, rejected: 0, pending: 0, rate: null as number | null };
  if (need(['suggestions'], '建议答复') && schema.has('suggestions', 'outcome', 'created_at')) {
    for (const r of all(`SELECT outcome, COUNT(*) AS n FROM suggestions WHERE created_at >= ? AND created_at < ? GROUP BY 1`, ...between)) {
      const k = String(r.outcome) as keyof typeof assist;
      if (k in assist && k !== 'rate') assist[k] = Number(r.n);
    }
    const decided = assist.adopted + assist.edited + assist.rejected;
    assist.rate = decided ? (assist.adopted + assist.edited) / decided : null;
  }

  return {
    range: { from: p.from, to: p.to },
    contacts: { total: contactsTotal, byChannel, byDay: p.days.map((d) => ({ day: d, counts: perDay.get(d) ?? {} })) },
    topics: { keywords: topKeywords(texts, 20), domains },
    orders,
    sla,
    satisfaction: { orders: sat, answers },
    assist,
    missing,
  };
}
