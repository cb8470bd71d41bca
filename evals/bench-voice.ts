// bench:voice — N concurrent simulated hotline calls (default 20) against a real server over the
// Twilio protocol at real-time pace. Prints one JSON line:
//   calls, turns          how many calls and answered turns
//   turn_p50_ms/p95_ms    end of caller speech (the endpointer's decision) → first answer frame sent,
//                         minus ASR time and the dialogue's time to its first sentence: the voice
//                         pipeline's own latency (TTS, resampling, queueing, pacing)
//   late_frames           frames sent more than 40 ms after their due time, over all calls
//   frames_sent, barge_in_p95_ms (caller speech onset → `clear` received), endpoint_silence_ms
//   (the silence the endpointer waits before deciding the caller has finished; not in turn_ms)
// Callers run in a separate process (nice +5). ASR is a local OpenAI-compatible server (80 ms per
// request, in the server process); the dialogue streams a markdown
// answer that is different on every turn (so TTS is never a cache hit) after a 300 ms "LLM" delay.
//   npm run bench:voice -- --calls 20 --turns 3
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Module } from '../assistant/context';
import type { DialoguePort } from '../assistant/ports';
import { startTestServer } from '../assistant/testing/server';
import { startFakeOpenAI } from '../knowledge/testing/openai-server';
import { voiceModule } from '../voice/module';
import { CallStore } from '../voice/store';

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? def);
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

let answerSeq = 0;
const dialogue: Module = {
  name: 'bench-dialogue',
  init(ctx) {
    const port: DialoguePort = {
      async turn(turn, emit) {
        const n = ++answerSeq;
        await new Promise((r) => setTimeout(r, 300));
        const md = `第${n}号回答：根据《中华人民共和国劳动合同法》第三十条，用人单位应当及时足额支付劳动报酬。\n- 您可以先与单位协商；\n- 也可以向劳动人事争议仲裁委员会申请仲裁，本次编号${n}。\n`;
        for (const piece of md.match(/[\s\S]{1,6}/g)!) {
          emit({ type: 'answer_delta', text: piece });
          await new Promise((r) => setTimeout(r, 10));
        }
        emit({
          type: 'answer_done', messageId: `b${n}`, text: md, citations: [], mode: 'llm', confidence: 0.9,
          triage: { domain: '劳动', service: '法律咨询', confidence: 0.9, flags: [], urgency: 'normal' },
        });
        void turn;
      },
      transcript: () => [],
    };
    ctx.ports.dialogue = port;
  },
};

async function main() {
  const calls = arg('calls', 20);
  const turns = arg('turns', 3);
  const fake = await startFakeOpenAI({ delayMs: 80, transcribe: () => '公司拖欠我的工资怎么办' });
  const server = await startTestServer({
    env: { ASR_PROVIDER: 'openai', ASR_BASE_URL: fake.url, ASR_API_KEY: 'bench' },
    modules: [dialogue, voiceModule({ timing: { silenceMs: 30_000 } })],
  });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const gcPauses: number[] = [];
  const gcObs = new PerformanceObserver((list) => list.getEntries().forEach((e) => gcPauses.push(e.duration)));
  gcObs.observe({ entryTypes: ['gc'] });
  const t0 = performance.now();
  try {
    // the callers run in their own process, niced below the server (they stand for the phone network)
    const script = fileURLToPath(new URL('../voice/testing/bench-callers.ts', import.meta.url));
    const child = spawn('nice', ['-n', '5', process.execPath, '--import', 'tsx', script, JSON.stringify({ url: server.wsUrl, calls, turns })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    if (code !== 0) throw new Error(`callers exited with ${code}`);
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as { bargeIns: number[] };
    // let the server notice the hang-ups and write the call rows
    await new Promise((r) => setTimeout(r, 500));
    const store = new CallStore(server.ctx.db);
    const rows = server.ctx.sqlite.prepare('select id, late_frames, frames_sent from voice_calls').all() as { id: string; late_frames: number; frames_sent: number }[];
    const pipeline: number[] = [];
    for (const r of rows) {
      for (const e of store.events(r.id)) if (e.kind === 'turn_timing') pipeline.push((e.data as { pipelineMs: number }).pipelineMs);
    }
    console.log(
      JSON.stringify({
        calls: rows.length,
        turns: pipeline.length,
        turn_p50_ms: Math.round(pct(pipeline, 50)),
        turn_p95_ms: Math.round(pct(pipeline, 95)),
        late_frames: rows.reduce((n, r) => n + r.late_frames, 0),
        frames_sent: rows.reduce((n, r) => n + r.frames_sent, 0),
        barge_in_p95_ms: Math.round(pct(out.bargeIns, 95)),
        barge_ins: out.bargeIns.length,
        endpoint_silence_ms: 640,
        loop_delay_p99_ms: Math.round(loop.percentile(99) / 1e6),
        cpu_share: Number(((cpuMs(process.cpuUsage(cpu0)) / (performance.now() - t0))).toFixed(2)), // cores used by the server process
        load_avg_1m: Number(loadavg()[0].toFixed(1)), // the machine's load: other processes compete for the same cores
        loop_delay_max_ms: Math.round(loop.max / 1e6),
        gc_max_ms: Math.round(Math.max(0, ...gcPauses)),
        heap_mb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      }),
    );
  } finally {
    await server.cleanup();
    await fake.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
