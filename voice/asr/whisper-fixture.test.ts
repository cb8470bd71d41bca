// transformers.js Whisper loader with a tiny Whisper-shaped model (voice/testing/tiny-whisper.ts):
// the real pipeline loads it offline from the directory, extracts log-mel features from our audio,
// runs the encoder and the merged decoder with its key/value cache, and decodes byte-level tokens.
// The model ignores the audio and always "hears" the fixture text.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { espeakSpeech } from '../testing/speech';
import { writeTinyWhisper } from '../testing/tiny-whisper';
import { loadWhisper } from './whisper';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tiny-whisper-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('Whisper via transformers.js (tiny fixture model)', () => {
  it('loads from a local dir without network and transcribes to the fixture text', async () => {
    const dir = join(root, 'whisper-tiny-zh');
    await writeTinyWhisper(dir, '你好');
    const t = await loadWhisper(dir);
    expect(t.name).toBe('whisper');
    const r = await t.transcribe(espeakSpeech('ni3 hao3', 16000));
    expect(r.text).toBe('你好');
    expect(r.ms).toBeGreaterThan(0);
    // a second model with other text: the output follows the model, not a constant
    const dir2 = join(root, 'whisper-tiny-zh-2');
    await writeTinyWhisper(dir2, '拖欠工资怎么办');
    expect((await (await loadWhisper(dir2)).transcribe(new Int16Array(16000))).text).toBe('拖欠工资怎么办');
  }, 60_000);
});
