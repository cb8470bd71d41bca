// `npm run --silent bench:orders -- [--orders 100000] [--chains 400] [--concurrency 32] [--queries 2000]`
// Seeds a store with N past orders (bulk SQL, same sealing and progress keys as the service),
// starts the orders server as a child process (assistant/orders/standalone.ts) and measures
// through real HTTP:
//   transitions_per_s: orders created + lifecycle actions (claim, start, callback, resolve, revisit)
//                      acknowledged per second with C concurrent clients;
//   progress_p95_ms:   p95 latency of GET /api/orders/progress (sequential) with N orders in the store.
// Prints one JSON line. Targets on 2 cores: transitions_per_s >= 500, progress_p95_ms < 10.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pii } from '../assistant/citizens/pii';
import { openAppDb } from '../assistant/db';
import { apiClient } from '../assistant/orders/api-client';
import { ORDERS_MIGRATIONS } from '../assistant/orders/module';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../assistant/orders/standalone.ts', import.meta.url));
const PII_KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const ADMIN_PASSWORD = 'bench-pass-123';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
}

function seed(dbPath: string, n: number): { orderNo: string; last4: string }[] {
  const store = openAppDb(dbPath, [{ name: 'orders', migrations: ORDERS_MIGRATIONS }]);
  const pii = new Pii(PII_KEY);
  const insOrder = store.sqlite.prepare(
    `insert into orders (order_no, type, state, channel, reason, phone_enc, phone_hash, phone_masked, progress_key, domain, urgency, priority,
       summary, transcript, articles, waiting_since, created_at, updated_at, version, cited)
     values (?, 'consultation', 'assigned', 'voice', 'citizen', ?, ?, ?, ?, '劳动', 'normal', 0, '拖欠工资怎么办', '[]', '[]', ?, ?, ?, 2, '[]')`,
  );
  const insEvent = store.sqlite.prepare(
    `insert into order_events (order_id, seq, event, from_state, to_state, actor_kind, at) values (?, ?, ?, ?, ?, 'system', ?)`,
  );
  const samples: { orderNo: string; last4: string }[] = [];
  const t0 = Date.parse('2025-01-01T00:00:00Z');
  store.sqlite.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const day = new Date(t0 + Math.floor(i / 300) * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
      const orderNo = `12348-${day}-${String(i).padStart(6, '0')}`;
      const phone = `139${String(10_000_000 + ((i * 7919) % 90_000_000)).padStart(8, '0')}`;
      const last4 = phone.slice(-4);
      const sealed = pii.seal('phone', phone);
      const at = new Date(t0 + i * 60_000).toISOString();
      const id = insOrder.run(orderNo, sealed.enc, sealed.hash, sealed.masked, pii.hash('progress', `${orderNo}:${last4}`), at, at, at).lastInsertRowid;
      insEvent.run(id, 1, 'create', null, 'received', at);
      insEvent.run(id, 2, 'dispatch', 'received', 'assigned', at);
      if (i % Math.max(1, Math.floor(n / 5000)) === 0) samples.push({ orderNo, last4 });
    }
  })();
  store.close();
  return samples;
}

function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATA_DIR: dir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      PII_KEY,
      ADMIN_PASSWORD,
      PROGRESS_RATE_PER_MINUTE: '100000000',
      SAMPLE_KB: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** A lean keep-alive HTTP client (undici fetch costs more CPU than the server under test). */
function fastClient(base: string, sockets: number) {
  const u = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: any }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string | number> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (data) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(data);
      }
      const req = request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
        });
      });
      req.on('error', reject);
      req.end(data);
    });
}

/** utime + stime of a process in ms (Linux /proc). */
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const r2 = (x: number) => Math.round(x * 100) / 100;

async function main() {
  const N = arg('orders', 100_000);
  const CHAINS = arg('chains', 400);
  const C = arg('concurrency', 32);
  const Q = arg('queries', 2000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-orders-'));
  let child: ChildProcess | null = null;
  try {
    const s0 = performance.now();
    const samples = seed(join(dir, 'app.sqlite'), N);
    const seedSeconds = (performance.now() - s0) / 1000;
    const started = await startChild(dir);
    child = started.child;
    const api = apiClient(started.url);
    const token = await api.login('admin', ADMIN_PASSWORD);
    const http = fastClient(started.url, C);

    // Warm-up (JIT, statement caches).
    for (let i = 0; i < 50; i++) await http('GET', `/api/orders/progress?orderNo=${samples[i].orderNo}&last4=${samples[i].last4}`);

    // Phase 1: transitions through the API.
    const chain: [string, unknown][] = [
      ['claim', {}],
      ['start', {}],
      ['callback', { outcome: 'reached' }],
      ['resolve', { resolution: '已解答并告知劳动仲裁途径。', cited: [{ law: '劳动合同法', article: '第三十条' }] }],
      ['revisit', { satisfaction: 5, adopted: true }],
    ];
    let ok = 0;
    let errors = 0;
    let next = 0;
    const t1 = performance.now();
    const cpu1 = cpuMs(child.pid!);
    const worker = async () => {
      while (next < CHAINS) {
        next++;
        const c = await http('POST', '/api/orders', { type: 'consultation', summary: '公司拖欠工资', domain: '劳动', citizen: { phone: '13800138000' } }, token);
        if (c.status !== 201) {
          errors++;
          continue;
        }
        ok++;
        for (const [action, body] of chain) {
          const r = await http('POST', `/api/orders/${c.body.order.orderNo}/${action}`, body, token);
          if (r.status === 200) ok++;
          else errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: C }, worker));
    const transitionSeconds = (performance.now() - t1) / 1000;
    const serverCpuMs = cpuMs(child.pid!) - cpu1;

    // Phase 2: progress latency with N orders in the store (sequential requests).
    const lat: number[] = [];
    let misses = 0;
    for (let i = 0; i < Q; i++) {
      const sample = samples[(i * 7919) % samples.length];
      const t = performance.now();
      const r = await http('GET', `/api/orders/progress?orderNo=${sample.orderNo}&last4=${sample.last4}`);
      lat.push(performance.now() - t);
      if (r.status !== 200) misses++;
    }

    console.log(
      JSON.stringify({
        transitions_per_s: Math.round(ok / transitionSeconds),
        progress_p95_ms: r2(pct(lat, 95)),
        progress_p50_ms: r2(pct(lat, 50)),
        progress_p99_ms: r2(pct(lat, 99)),
        orders_in_store: N + CHAINS,
        transitions: ok,
        server_cpu_ms_per_transition: r2(serverCpuMs / Math.max(ok, 1)),
        load_avg_1m: r2((await import('node:os')).loadavg()[0]),
        transition_errors: errors,
        progress_queries: Q,
        progress_errors: misses,
        concurrency: C,
        seed_seconds: r2(seedSeconds),
        server_peak_rss_mb: rssMb(child.pid!),
      }),
    );
    if (errors || misses) process.exitCode = 1;
  } finally {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
