// Durability: the server process is SIGKILLed in the middle of a burst of order transitions and
// restarted on the same data directory. Every acknowledged (HTTP 200/201) transition must be
// there, and no order is half-written: its state equals its last event and its events are 1..n.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENV } from '../testing/server';
import { apiClient } from './api-client';

const ENTRY = fileURLToPath(new URL('./standalone.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...TEST_ENV, DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${err.slice(-2000)}`)));
  });
}

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'lawline-durability-'));
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const CHAIN: [string, unknown][] = [
  ['claim', {}],
  ['start', {}],
  ['callback', { outcome: 'no_answer' }],
  ['callback', { outcome: 'busy' }],
  ['note', { note: '再次联系' }],
  ['callback', { outcome: 'reached' }],
  ['resolve', { resolution: '已解答并告知仲裁途径。', cited: [{ law: '劳动合同法', article: '第三十条' }] }],
  ['revisit', { satisfaction: 5, adopted: true }],
];

describe('durability across SIGKILL', () => {
  it('keeps every acknowledged transition and never half-writes an order', { timeout: 240_000 }, async () => {
    const first = await startChild(dir);
    children.push(first.child);
    const api = apiClient(first.url);
    const token = await api.login('admin', TEST_ENV.ADMIN_PASSWORD);
    const acked = new Map<string, { seq: number; event: string }[]>();
    const create = async () => {
      const r = await api.post('/api/orders', { type: 'consultation', summary: '拖欠工资', domain: '劳动', citizen: { phone: '13800138000' } }, token);
      if (r.status !== 201) throw new Error(`create ${r.status}`);
      acked.set(r.body.order.orderNo, [{ seq: 2, event: 'dispatch' }]);
      return r.body.order.orderNo as string;
    };
    const seed = await Promise.all(Array.from({ length: 24 }, create));
    let count = 0;
    let killed = false;
    const worker = async (orderNo: string) => {
      for (const [action, body] of CHAIN) {
        if (killed) return;
        const r = await api.post(`/api/orders/${orderNo}/${action}`, body, token).catch(() => null);
        if (!r) return; // connection dropped by the kill: not acknowledged
        if (r.status !== 200) throw new Error(`${action} ${r.status} ${JSON.stringify(r.body)}`);
        acked.get(orderNo)!.push({ seq: r.body.event.seq, event: action });
        if (++count === 90) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    const creator = async () => {
      while (!killed) {
        const no = await create().catch(() => null);
        if (!no) return;
        await worker(no);
      }
    };
    await Promise.all([...seed.map(worker), creator(), creator()]);
    expect(killed).toBe(true);
    // The child may already be gone by now (SIGKILL is immediate): only wait if it is not.
    if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));
    expect(count).toBeGreaterThanOrEqual(90);

    const second = await startChild(dir);
    children.push(second.child);
    const api2 = apiClient(second.url);
    const token2 = await api2.login('admin', TEST_ENV.ADMIN_PASSWORD);
    let checkedAcks = 0;
    for (const [orderNo, acks] of acked) {
      const r = await api2.get(`/api/orders/${orderNo}`, token2);
      expect(r.status, orderNo).toBe(200);
      const events = r.body.order.events as { seq: number; event: string; to: string }[];
      for (const a of acks) {
        expect(events.find((e) => e.seq === a.seq)?.event, `${orderNo} seq ${a.seq}`).toBe(a.event);
        checkedAcks++;
      }
    }
    expect(checkedAcks).toBeGreaterThanOrEqual(90 + acked.size);
    // Every order in the store (acknowledged or not) is whole.
    const all = await api2.get('/api/orders?limit=1000&sort=newest', token2);
    expect(all.body.total).toBeGreaterThanOrEqual(acked.size);
    for (const o of all.body.items as { orderNo: string }[]) {
      const d = (await api2.get(`/api/orders/${o.orderNo}`, token2)).body.order;
      const seqs = d.events.map((e: { seq: number }) => e.seq);
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
      expect(d.events.at(-1).to).toBe(d.state);
      expect(d.version).toBe(seqs.length);
      expect(d.events.slice(0, 2).map((e: { event: string }) => e.event)).toEqual(['create', 'dispatch']);
    }
    // And the restarted server keeps working on them.
    const [anyNo] = acked.keys();
    expect((await api2.get(`/api/orders/progress?orderNo=${anyNo}&last4=8000`)).status).toBe(200);
    second.child.kill('SIGTERM');
  });
});
