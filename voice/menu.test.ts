// The reviewed topic answers (menu.json): valid, short enough for the ear, and every cited article
// exists in the sample knowledge store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSampleKnowledge } from '../assistant/testing/server';
import type { Knowledge } from '../knowledge/types';
import { loadMenu } from './menu';
import { menuPrompt } from './prompts';
import { speakable } from './speak';

let dir: string;
let knowledge: Knowledge;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'voice-menu-'));
  knowledge = await openSampleKnowledge(dir);
});
afterAll(() => {
  knowledge?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('menu.json', () => {
  it('cites only articles that are in the knowledge store', () => {
    const menu = loadMenu(knowledge);
    expect(menu.topics.map((t) => t.key)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(menu.unverified).toEqual([]);
    expect(menu.topics.every((t) => t.verified)).toBe(true);
  });

  it('answers are already speakable (no markdown, no Arabic article numbers) and short', () => {
    for (const t of loadMenu(knowledge).topics) {
      expect(speakable(t.answer, { maxChars: 1000 })).toBe(t.answer);
      expect(t.answer.length).toBeLessThanOrEqual(150);
    }
    expect(menuPrompt(loadMenu(knowledge))).toContain('法律援助请按7');
  });

  it('flags citations it cannot verify', () => {
    const menu = loadMenu({ getArticle: () => null });
    expect(menu.unverified.length).toBeGreaterThan(7);
    expect(menu.unverified).toContain('劳动合同法第四十七条');
  });
});
