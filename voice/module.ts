// The hotline voice robot as a lawline module: three telephony doors (Twilio Media Streams,
// FreeSWITCH mod_audio_stream, the browser softphone), the /voice-demo page, its tables
// (voice_calls, voice_events) and its engines' health.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppContext, Module, SocketHandler } from '../assistant/context';
import { streamTokenOk, twilioRequestOk } from './auth';
import { browserBridge } from './bridges/browser';
import { freeswitchBridge } from './bridges/freeswitch';
import { twilioBridge } from './bridges/twilio';
import { DEFAULT_TIMING, type Call, type CallDeps, type CallTiming } from './call';
import { loadEngines, type VoiceEngines } from './engines';
import { loadMenu, type Menu } from './menu';
import { voiceDemoPage } from './page';
import { CallStore } from './store';
import { ensureBuilt } from '../widgets/module';

export interface VoiceModuleOptions {
  timing?: Partial<CallTiming>;
  /** Engines to use instead of loading them from config (benchmarks share one set). */
  engines?: VoiceEngines;
  /** Most simultaneous calls; more are refused with a busy close. */
  maxCalls?: number;
  /** Observe calls as they start (tests, benchmarks). */
  onCall?: (call: Call) => void;
}

const SOFTPHONE_JS = fileURLToPath(new URL('../widgets/dist/softphone.js', import.meta.url));

export function voiceModule(opts: VoiceModuleOptions = {}): Module {
  let engines: VoiceEngines | null = null;
  let menu: Menu | null = null;
  let store: CallStore | null = null;
  const active = new Set<Call>();
  let totalCalls = 0;
  const maxCalls = opts.maxCalls ?? 200;

  const deps = (ctx: AppContext): CallDeps => ({
    config: ctx.config,
    log: ctx.log.child({ module: 'voice' }),
    clock: ctx.clock,
    bus: ctx.bus,
    knowledge: ctx.knowledge,
    ports: ctx.ports,
    engines: engines!,
    store: store!,
    menu: menu!,
    timing: { ...DEFAULT_TIMING, maxCallMs: ctx.config.VOICE_MAX_CALL_SECONDS * 1000, ...opts.timing },
  });

  const track = (c: Call) => {
    active.add(c);
    totalCalls++;
    void c.ended.then(() => active.delete(c));
    opts.onCall?.(c);
  };

  const guarded =
    (h: SocketHandler): SocketHandler =>
    (ws, req, url) => {
      if (active.size >= maxCalls) {
        ws.close(1013, 'busy');
        return;
      }
      h(ws, req, url);
    };

  return {
    name: 'voice',
    migrations: fileURLToPath(new URL('./migrations', import.meta.url)),
    async init(ctx) {
      store = new CallStore(ctx.db);
      menu = loadMenu(ctx.knowledge);
      if (menu.unverified.length) ctx.log.warn('voice menu cites articles missing from the store', { articles: menu.unverified });
      engines = opts.engines ?? (await loadEngines(ctx.config, ctx.log));
    },
    sockets(ctx) {
      const d = deps(ctx);
      const twilioToken = ctx.config.VOICE_TWILIO_AUTH_TOKEN;
      const streamToken = ctx.config.VOICE_STREAM_TOKEN;
      const refuse = (door: string): SocketHandler => (ws) => {
        ctx.log.warn('voice door refused: bad credentials', { door });
        ws.close(1008, 'unauthorized');
      };
      const twilio = guarded(twilioBridge(d, track));
      const freeswitch = guarded(freeswitchBridge(d, track));
      return {
        '/ws/voice/twilio': (ws, req, url) =>
          !twilioToken || twilioRequestOk(req, twilioToken, ctx.config.PUBLIC_URL) ? twilio(ws, req, url) : refuse('twilio')(ws, req, url),
        '/ws/voice/freeswitch': (ws, req, url) =>
          !streamToken || streamTokenOk(url, streamToken) ? freeswitch(ws, req, url) : refuse('freeswitch')(ws, req, url),
        '/ws/voice/browser': guarded(browserBridge(d, track)),
      };
    },
    routes() {
      const app = new Hono();
      app.get('/voice-demo', (c) =>
        c.html(voiceDemoPage(engines?.status ?? { asr: 'off', tts: 'off' }), 200, {
          'cache-control': 'no-cache',
          // the microphone tap is an AudioWorklet loaded from a blob: URL
          'content-security-policy':
            "default-src 'self'; script-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self' ws: wss:; media-src 'self' blob:; frame-ancestors 'self'; base-uri 'none'",
          'x-content-type-options': 'nosniff',
          'permissions-policy': 'microphone=(self)',
        }),
      );
      app.get('/voice-demo/softphone.js', async (c) => {
        await ensureBuilt().catch(() => undefined); // the widgets build bundles widgets/softphone/main.ts
        if (!existsSync(SOFTPHONE_JS)) return c.text('// softphone bundle not built: run `npm run build:widgets`', 503);
        c.header('content-type', 'text/javascript; charset=utf-8');
        c.header('cache-control', 'no-cache');
        return c.body(readFileSync(SOFTPHONE_JS, 'utf8'));
      });
      return app;
    },
    health(ctx) {
      const s = engines?.status;
      return {
        doors: {
          twilio: ctx.config.VOICE_TWILIO_AUTH_TOKEN ? 'signature required' : 'open (VOICE_TWILIO_AUTH_TOKEN unset)',
          freeswitch: ctx.config.VOICE_STREAM_TOKEN ? 'token required' : 'open (VOICE_STREAM_TOKEN unset)',
        },
        ok: Boolean(s && !s.tts.startsWith('off')),
        mode: engines?.asr ? 'speech' : 'dtmf',
        vad: s?.vad ?? 'not loaded',
        asr: s?.asr ?? 'not loaded',
        tts: s?.tts ?? 'not loaded',
        activeCalls: active.size,
        callsSinceStart: totalCalls,
        menu: { topics: menu?.topics.length ?? 0, unverifiedCitations: menu?.unverified ?? [] },
      };
    },
    async stop() {
      for (const c of [...active]) c.end('server_stop');
      if (!opts.engines) await engines?.close();
    },
  };
}
