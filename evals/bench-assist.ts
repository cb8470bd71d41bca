// `npm run bench:assist [-- --citizens 100000 --orders 200000 --pushes 200 --past-orders FILE --learned 0]`
//
// Time from contact start to push delivered, through the real server and doors: a staff member
// logged in on /ws/desk; for each sample a known citizen (one of --citizens, each with earlier
// contacts; --orders work orders spread over them, 10% still open) opens /ws/chat with a hello
// carrying their phone number; the clock stops when the desk socket receives the citizen's
// `assist.pushed`. The store is filled with prepared statements in one transaction per table.
// The knowledge store is the sample knowledge base plus past work orders from --past-orders
// (default ../shared/evals/dev.jsonl when present), plus --learned N resolved live orders.
// Prints one JSON line.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { Pii } from '../assistant/citizens/pii';
import { loadConfig } from '../assistant/config';
import { openAppDb } from '../assistant/db';
import { createLogger } from '../assistant/log';
import { defaultModules } from '../assistant/modules';
import { startServer } from '../assistant/server';
import { parseWorkOrders } from '../ingest/parsers/orders';
import { ensureSampleKnowledge } from '../ingest/sample';
import { openKnowledge } from '../knowledge';
import { insertPastOrders } from '../knowledge/store/queries';
import { openKnowledgeStore } from '../knowledge/store/db';
import { percentile } from './lib/metrics';

const PII_KEY = '5a1e'.repeat(16);
const DOMAINS = ['劳动', '婚姻家庭', '借贷债务', '房产物业', '交通事故', '消费', '合同', '侵权'];

const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;

function fill(sqlite: Database.Database, n: { citizens: number; orders: number }, questions: string[], pii: Pii) {
  const day = 86_400_000;
  const base = Date.parse('2025-01-01T00:00:00Z');
  const q = (i: number) => questions[i % questions.length];
  const insC = sqlite.prepare('INSERT INTO citizens (id, created_at) VALUES (?, ?)');
  const insN = sqlite.prepare('INSERT INTO citizen_numbers (citizen_id, kind, enc, hash, masked, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insK = sqlite.prepare('INSERT INTO contacts (id, citizen_id, channel, text, topic, satisfaction, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  sqlite.transaction(() => {
    for (let i = 0; i < n.citizens; i++) {
      const id = `cz_bench${i}`;
      const at = new Date(base + (i % 300) * day).toISOString();
      insC.run(id, at);
      const s = pii.seal('phone', phoneOf(i));
      insN.run(id, 'phone', s.enc, s.hash, s.masked, at);
      insK.run(`ct_bench${i}`, id, i % 3 === 0 ? 'voice' : 'web', q(i), DOMAINS[i % DOMAINS.length], (i % 5) + 1, at);
    }
  })();
  const insO = sqlite.prepare(
    `INSERT INTO orders (order_no, type, state, channel, reason, citizen_id, domain, service, summary, waiting_since, created_at, updated_at, resolution, resolved_at, satisfaction)
     VALUES (?, 'consultation', ?, 'web', 'citizen', ?, ?, '法律咨询', ?, ?, ?, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let j = 0; j < n.orders; j++) {
      const c = j % n.citizens;
      const at = new Date(base + (j % 330) * day + j).toISOString();
      const open = j % 10 === 0;
      insO.run(
        `BENCH${String(j).padStart(8, '0')}`,
        open ? 'in_progress' : 'resolved',
        `cz_bench${c}`,
        DOMAINS[j % DOMAINS.length],
        q(j + 7),
        at,
        at,
        at,
        open ? null : '已电话答复群众，告知相关法律规定与办理途径。',
        open ? null : at,
        open ? null : (j % 5) + 1,
      );
    }
  })();
}

async function main() {
  const { values } = parseArgs({
    options: {
      citizens: { type: 'string', default: '100000' },
      orders: { type: 'string', default: '200000' },
      pushes: { type: 'string', default: '200' },
      'past-orders': { type: 'string' },
      /** Extra learned past orders in the knowledge store (resolved live orders), cycling the past-order texts. */
      learned: { type: 'string', default: '0' },
    },
  });
  const n = { citizens: Number(values.citizens), orders: Number(values.orders) };
  const pushes = Number(values.pushes);
  const dir = mkdtempSync(join(tmpdir(), 'lawline-bench-assist-'));
  const log = (s: string) => console.error(s);
  try {
    const t0 = performance.now();
    const pastFile = values['past-orders'] ?? (existsSync('../shared/evals/dev.jsonl') ? '../shared/evals/dev.jsonl' : undefined);
    const past = pastFile ? await parseWorkOrders(pastFile) : [];
    const kdb = join(dir, 'knowledge.sqlite');
    await ensureSampleKnowledge(kdb);
    const learned = Number(values.learned);
    if (past.length) {
      const ks = openKnowledgeStore(kdb);
      insertPastOrders(ks, past.map((o) => ({ ...o, source: 'bench:past-orders' })));
      if (learned > 0) {
        const extra = Array.from({ length: learned }, (_, i) => {
          const o = past[i % past.length];
          return { ...o, externalId: `L${i}`, question: `${o.question}（${DOMAINS[i % DOMAINS.length]}来电 ${i}）`, resolution: '已答复并告知办理途径。', source: 'live' };
        });
        insertPastOrders(ks, extra);
      }
      ks.close();
    }
    const questions = past.length ? past.map((o) => o.question) : ['公司拖欠工资怎么办', '离婚后孩子抚养费怎么算', '朋友借钱不还怎么办'];

    const config = loadConfig({ DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent', SAMPLE_KB: '0', PII_KEY, ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'bench-pass-123' });
    const pre = openAppDb(config.appDb, defaultModules());
    fill(pre.sqlite, n, questions, new Pii(PII_KEY));
    pre.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    pre.close();
    const filled = performance.now();
    log(`filled ${n.citizens} citizens, ${n.orders} work orders, ${past.length} past orders in ${Math.round(filled - t0)} ms`);

    const tk = performance.now();
    const knowledge = await openKnowledge({ dbPath: kdb, embedding: { provider: 'none' } });
    log(`knowledge opened in ${Math.round(performance.now() - tk)} ms`);
    const server = await startServer({ config, knowledge, log: createLogger('silent'), port: 0, host: '127.0.0.1' });
    const ws = server.url.replace('http://', 'ws://');
    try {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'bench-pass-123' }),
      });
      const { token } = (await login.json()) as { token: string };
      const desk = new WebSocket(`${ws}/ws/desk?token=${encodeURIComponent(token)}`);
      let waiting: { citizenId: string; resolve: (t: number) => void } | null = null;
      desk.on('message', (d) => {
        const f = JSON.parse(String(d));
        if (f.type === 'assist.pushed' && waiting && f.citizenId === waiting.citizenId) {
          const w = waiting;
          waiting = null;
          w.resolve(performance.now());
        }
      });
      await new Promise((r) => desk.once('open', r));

      const lat: number[] = [];
      let seed = 42;
      const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let k = 0; k < pushes + 10; k++) {
        const i = Math.floor(rnd() * n.citizens);
        const chat = new WebSocket(`${ws}/ws/chat`);
        await new Promise((r) => chat.once('open', r));
        const delivered = new Promise<number>((resolve, reject) => {
          waiting = { citizenId: `cz_bench${i}`, resolve };
          setTimeout(() => reject(new Error(`no push for citizen ${i} within 5 s`)), 5000).unref();
        });
        const start = performance.now();
        chat.send(JSON.stringify({ type: 'hello', citizen: { phone: phoneOf(i) } }));
        const end = await delivered;
        if (k >= 10) lat.push(end - start); // first 10: warm-up
        chat.close();
      }
      desk.close();
      lat.sort((a, b) => a - b);
      const r2 = (x: number) => Math.round(x * 100) / 100;
      console.log(
        JSON.stringify({
          push_p95_ms: r2(percentile(lat, 95)),
          push_p50_ms: r2(percentile(lat, 50)),
          push_max_ms: r2(lat[lat.length - 1]),
          pushes: lat.length,
          citizens: n.citizens,
          work_orders: n.orders,
          past_orders: knowledge.stats().pastOrders,
          fill_ms: Math.round(filled - t0),
        }),
      );
    } finally {
      await server.close();
      knowledge.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
