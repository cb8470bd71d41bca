// The citizens module: identity (sealed numbers), contacts and the service archive, plus the
// staff assist built on them (repeat-contact push, suggested answers, adoption stats, review
// queue, learning from resolved orders). Registers ctx.ports.citizens.
import type { Module } from '../context';
import { FlagQueue } from '../assist/flags';
import { Learner } from '../assist/learning';
import { assistOpenapi } from '../assist/openapi';
import { PushService } from '../assist/push';
import { assistRoutes } from '../assist/routes';
import { SuggestService } from '../assist/suggest';
import { Hono } from 'hono';
import { fileURLToPath } from 'node:url';
import { ArchiveBuilder } from './archive';
import { AccessAudit } from './audit';
import { ContactLog } from './contacts';
import { CitizenDirectory } from './identity';
import { citizensOpenapi } from './openapi';
import { Pii } from './pii';
import { citizenRoutes } from './routes';
import { CitizenService } from './service';

export const CITIZENS_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface CitizensRuntime {
  directory: CitizenDirectory;
  service: CitizenService;
  archive: ArchiveBuilder;
  audit: AccessAudit;
  push: PushService;
  suggest: SuggestService;
  flags: FlagQueue;
  learner: Learner;
}

export interface CitizensModule extends Module {
  /** Services after init (tests, benchmarks, evals). */
  runtime(): CitizensRuntime;
}

export function citizensModule(): CitizensModule {
  let rt: CitizensRuntime | null = null;
  const need = () => {
    if (!rt) throw new Error('citizens module not initialised');
    return rt;
  };
  return {
    name: 'citizens',
    migrations: CITIZENS_MIGRATIONS,
    init(ctx) {
      if (Pii.isDevelopmentKey(ctx.config.PII_KEY)) {
        ctx.log.warn('PII_KEY is not set: personal numbers are sealed with the built-in development key. Set PII_KEY (32 bytes, hex or base64) in production.');
      }
      const pii = new Pii(ctx.config.PII_KEY);
      const directory = new CitizenDirectory(ctx.db, pii, ctx.clock);
      const contacts = new ContactLog(ctx.db, ctx.clock);
      const archive = new ArchiveBuilder(ctx, directory, contacts);
      const push = new PushService(ctx, archive);
      const service = new CitizenService(ctx, directory, contacts, (c, trigger) => push.push(c, trigger));
      const suggest = new SuggestService(ctx, (id) => contacts.get(id)?.text ?? null);
      const learner = new Learner(ctx);
      service.listen();
      learner.listen();
      rt = { directory, service, archive, audit: new AccessAudit(ctx), push, suggest, flags: new FlagQueue(ctx.db, ctx.clock), learner };
      ctx.ports.citizens = service;
    },
    routes(ctx) {
      const r = need();
      const app = new Hono();
      app.route('/', citizenRoutes(ctx, r));
      app.route('/', assistRoutes(ctx, { ...r, catchUpQuestion: (id) => r.service.catchUpQuestion(id) }));
      return app;
    },
    openapi: () => ({ ...citizensOpenapi(), ...assistOpenapi() }),
    health() {
      return { ok: true, ...(rt ? { pendingPushes: rt.service.pending.size } : {}) };
    },
    async stop() {
      if (!rt) return;
      rt.service.stop();
      rt.learner.stop();
      await Promise.allSettled([...rt.service.pending.values(), ...rt.learner.pending]);
    },
    runtime: need,
  };
}
