// Migration 0002_sla_reasons_zh on a real SQLite file: system escalations stored in English before
// reasons were written in Chinese are rewritten as staff read them now, with the code kept in data.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const apply = (db: Database.Database, file: string) => {
  for (const stmt of readFileSync(join(DIR, file), 'utf8').split('--> statement-breakpoint')) if (stmt.trim()) db.exec(stmt);
};

let tmp = '';
afterEach(() => tmp && rmSync(tmp, { recursive: true, force: true }));

describe('migration 0002_sla_reasons_zh', () => {
  it('rewrites English escalation reasons in Chinese and leaves every other event alone', () => {
    tmp = mkdtempSync(join(tmpdir(), 'lawline-orders-mig-'));
    const db = new Database(join(tmp, 'orders.sqlite'));
    db.pragma('foreign_keys = OFF');
    const files = readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(files.at(-1)).toBe('0002_sla_reasons_zh.sql');
    for (const f of files.slice(0, -1)) apply(db, f);
    db.prepare(`insert into staff (id, username, name, role, password_hash, created_at) values (7, 'wm', '王敏', 'supervisor', 'x', '2026-03-01T00:00:00Z')`).run();
    const ev = db.prepare(`insert into order_events (order_id, seq, event, from_state, to_state, actor_kind, reason, data, at) values (?, ?, ?, 'assigned', 'assigned', ?, ?, ?, '2026-03-02T02:00:00Z')`);
    ev.run(1, 2, 'escalate', 'system', 'first_response overdue', JSON.stringify({ clock: 'first_response', dueAt: 'x', escalatedTo: 7 }));
    ev.run(1, 3, 'escalate', 'system', 'resolution overdue', JSON.stringify({ clock: 'resolution', dueAt: 'x', escalatedTo: null }));
    ev.run(1, 4, 'transfer', 'staff', '群众要求 overdue 处理', JSON.stringify({ teamId: 2 })); // staff text: untouched
    ev.run(2, 2, 'escalate', 'system', '办结超时，已升级至主管王敏', JSON.stringify({ reasonCode: 'resolution_overdue', clock: 'resolution', escalatedTo: 7 }));

    apply(db, '0002_sla_reasons_zh.sql');
    const rows = db.prepare(`select order_id, seq, reason, data from order_events order by order_id, seq`).all() as { reason: string; data: string }[];
    expect(rows.map((r) => r.reason)).toEqual(['首次响应超时，已升级至主管王敏', '办结超时，暂无主管可升级，请尽快处理', '群众要求 overdue 处理', '办结超时，已升级至主管王敏']);
    expect(JSON.parse(rows[0].data)).toEqual({ clock: 'first_response', dueAt: 'x', escalatedTo: 7, reasonCode: 'first_response_overdue' });
    expect(JSON.parse(rows[1].data).reasonCode).toBe('resolution_overdue');
    expect(JSON.parse(rows[2].data)).toEqual({ teamId: 2 });
    db.close();
  });
});
