// The seed admin on first start: created from ADMIN_PASSWORD, or with a generated password printed
// exactly once; later starts on the same data directory create nothing and print nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { createLogger } from '../log';
import { ordersModule } from '../orders/module';
import { createApp } from '../server';
import { openSampleKnowledge, TEST_ENV } from '../testing/server';

const dir = mkdtempSync(join(tmpdir(), 'lawline-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function boot(env: Record<string, string>) {
  const { ADMIN_PASSWORD: _omit, ...rest } = TEST_ENV;
  const lines: string[] = [];
  const mod = ordersModule({ announce: (l) => lines.push(l) });
  const knowledge = await openSampleKnowledge(dir);
  const { ctx } = await createApp({ config: loadConfig({ ...rest, DATA_DIR: dir, ...env }), knowledge, modules: [mod], log: createLogger('silent') });
  return {
    lines,
    staff: mod.internals().staff,
    async close() {
      await mod.stop?.();
      ctx.sqlite.close();
      knowledge.close();
    },
  };
}

describe('seed admin', () => {
  it('generates a password when none is configured, prints it once, and never again', async () => {
    const first = await boot({ ADMIN_USERNAME: 'chief' });
    expect(first.lines).toHaveLength(1);
    const pw = /初始密码：(\S+)（/.exec(first.lines[0])![1];
    expect(pw.length).toBeGreaterThanOrEqual(16);
    const ok = await first.staff.login('chief', pw);
    expect(ok?.staff).toMatchObject({ username: 'chief', role: 'admin' });
    await first.close();

    const second = await boot({ ADMIN_USERNAME: 'chief', ADMIN_PASSWORD: 'other-pass-123' });
    expect(second.lines).toEqual([]);
    expect(second.staff.listStaff()).toHaveLength(1);
    expect(await second.staff.login('chief', 'other-pass-123')).toBeNull(); // an existing admin is never overwritten
    expect(await second.staff.login('chief', pw)).not.toBeNull();
    await second.close();
  });
});
