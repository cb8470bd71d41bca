import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWidgets, entries, isStale } from './build';

const dist = mkdtempSync(join(tmpdir(), 'lawline-widgets-'));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe('widget build', () => {
  it('bundles every widgets/<name>/main.ts(x), and the chat widget stays within its size budget', async () => {
    const names = entries().map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['chat', 'desk']));
    expect(isStale(undefined, dist)).toBe(true);
    const built = await buildWidgets({ dist });
    expect(built.map((b) => b.name).sort()).toEqual([...names].sort());
    for (const b of built) expect(existsSync(b.out)).toBe(true);
    expect(isStale(undefined, dist)).toBe(false);
    // Budget: the embeddable widget must stay under 60 kB gzipped (issue 6).
    const chatGz = gzipSync(readFileSync(join(dist, 'chat.js'))).length;
    console.log(`[budget] chat.js ${chatGz} bytes gzipped`);
    expect(chatGz).toBeLessThan(60 * 1024);
  });
});
