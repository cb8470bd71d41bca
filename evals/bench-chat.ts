// `npm run bench:chat [-- --sessions 500 --questions 3 --think-ms 2000-6000 --ramp-ms 5000]`
// N concurrent WebSocket sessions against /ws/chat in no-LLM mode. The server runs in a child
// process (sample knowledge base, temp data dir) so the load generator does not distort it.
// Each session: hello → ready, then asks `questions` questions, each after a think time drawn
// from the range (a citizen reads the answer and types the next question). Prints one JSON line:
// {sessions, questions, turns, p50_ms, p95_ms, p99_ms, max_ms, errors, server_rss_mb, ...}
// Latency = message sent → answer_done (or the clarify/handoff frame that ends the turn).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const QUESTIONS = [
  '老板拖欠我三个月工资不给怎么办',
  '公司不跟我签劳动合同，能要双倍工资吗',
  '被公司无故辞退了，能拿多少补偿',
  '上班时摔伤了，单位不给报工伤',
  '离婚后对方不给孩子抚养费怎么办',
  '父亲去世没留遗嘱，房子怎么分',
  '骑电动车被车撞了，对方全责，医药费怎么赔',
  '网上买到假货，商家不给退款',
  '朋友借了我五万块钱到期不还',
  '借钱没写借条，只有微信转账记录能起诉吗',
  '法律援助怎么申请，需要什么条件',
  '邻居家漏水把我家泡了，想找人调解',
  '交通事故伤残鉴定去哪里做',
  '试用期被辞退有没有补偿',
  '工伤认定要准备什么材料',
];

async function serve() {
  const { startTestServer } = await import('../assistant/testing/server');
  const s = await startTestServer({ env: { CHAT_RATE_PER_MINUTE: '600', LOG_LEVEL: 'warn' } });
  process.stdout.write(JSON.stringify({ url: s.url, wsUrl: s.wsUrl, pid: process.pid }) + '\n');
  const stop = async () => {
    await s.cleanup();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function rssMb(pid: number): { rss: number; peak: number } {
  const st = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function session(wsUrl: string, i: number, questions: number, think: [number, number], lat: number[], errs: string[]) {
  const ws = new WebSocket(`${wsUrl}/ws/chat`);
  const frames: { f: any; resolve?: (f: any) => void }[] = [];
  let waiter: ((f: any) => void) | null = null;
  ws.on('message', (d) => {
    const f = JSON.parse(d.toString());
    if (waiter && ['ready', 'answer_done', 'clarify', 'handoff', 'error'].includes(f.type)) {
      const w = waiter;
      waiter = null;
      w(f);
    }
  });
  const next = () => new Promise<any>((resolve, reject) => {
    waiter = resolve;
    setTimeout(() => reject(new Error('timeout')), 60_000).unref();
  });
  try {
    await new Promise((res, rej) => {
      ws.once('open', res);
      ws.once('error', rej);
    });
    const ready = next();
    ws.send(JSON.stringify({ type: 'hello' }));
    await ready;
    for (let q = 0; q < questions; q++) {
      await sleep(think[0] + Math.random() * (think[1] - think[0]));
      const text = QUESTIONS[(i * 7 + q * 3) % QUESTIONS.length];
      const t0 = performance.now();
      const done = next();
      ws.send(JSON.stringify({ type: 'message', text }));
      const f = await done;
      const ms = performance.now() - t0;
      if (f.type === 'error') errs.push(`${f.code}: ${f.message}`);
      else lat.push(ms);
    }
  } catch (e) {
    errs.push(String((e as Error).message ?? e));
  } finally {
    ws.close();
  }
  void frames;
}

async function main() {
  const sessions = Number(arg('sessions', '500'));
  const questions = Number(arg('questions', '3'));
  const [t0, t1] = arg('think-ms', '2000-6000').split('-').map(Number);
  const ramp = Number(arg('ramp-ms', '5000'));
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<{ url: string; wsUrl: string; pid: number }>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (l) => resolve(JSON.parse(l)));
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  // warm up: one turn per question so first-use costs (index pages, JIT) are not in the numbers
  const warmLat: number[] = [];
  const warmErr: string[] = [];
  await session(info.wsUrl, 0, QUESTIONS.length, [0, 0], warmLat, warmErr);
  const before = rssMb(info.pid);
  const lat: number[] = [];
  const errs: string[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: sessions }, async (_, i) => {
    await sleep((ramp * i) / sessions);
    await session(info.wsUrl, i + 1, questions, [t0, t1], lat, errs);
  }));
  const wall = (performance.now() - started) / 1000;
  const after = rssMb(info.pid);
  child.kill('SIGTERM');
  const out = {
    sessions,
    questions,
    turns: lat.length,
    think_ms: [t0, t1],
    p50_ms: pct(lat, 50),
    p95_ms: pct(lat, 95),
    p99_ms: pct(lat, 99),
    max_ms: pct(lat, 100),
    errors: errs.length + warmErr.length,
    turns_per_s: Math.round((lat.length / wall) * 10) / 10,
    server_rss_mb: after.rss,
    server_rss_peak_mb: after.peak,
    server_rss_before_mb: before.rss,
    mode: 'rules',
  };
  if (errs.length) console.error('errors (first 5):', errs.slice(0, 5));
  console.log(JSON.stringify(out));
}

if (process.argv.includes('--serve')) void serve();
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
