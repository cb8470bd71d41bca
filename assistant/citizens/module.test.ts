import { afterEach, describe, expect, it } from 'vitest';
import { citizensModule } from './module';
import { startCitizensServer, type CitizensTestServer } from './test-server';

let s: CitizensTestServer | undefined;
afterEach(async () => {
  await s?.cleanup();
  s = undefined;
});

describe('citizensModule', () => {
  it('warns at start-up when personal numbers would be sealed with the development key', async () => {
    s = await startCitizensServer({ modules: [{ name: 'test-staff' }, citizensModule()], env: { PII_KEY: '' } });
    expect(s.logs.some((l) => l.includes('PII_KEY is not set'))).toBe(true);
    expect(s.ctx.ports.citizens!.identify({ phone: '13800131234' })?.masked).toBe('138****1234');
  });

  it('stays quiet with a configured key, registers the port and reports health', async () => {
    s = await startCitizensServer({ modules: [{ name: 'test-staff' }, citizensModule()] });
    expect(s.logs.some((l) => l.includes('PII_KEY is not set'))).toBe(false);
    expect(s.ctx.ports.citizens).toBeDefined();
    const h = await fetch(`${s.url}/healthz`).then((r) => r.json());
    expect(h.citizens).toMatchObject({ ok: true, pendingPushes: 0 });
  });
});
