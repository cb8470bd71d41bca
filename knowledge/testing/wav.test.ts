import { describe, expect, it } from 'vitest';
import { pcmToWav, readWav, tonePcm, toneWav } from './wav';
import { hashEmbedding } from './hash-embedding';

describe('wav helpers', () => {
  it('writes and reads 16-bit mono WAV, skipping extra chunks', () => {
    const wav = toneWav(0.25, 8000);
    const info = readWav(wav);
    expect(info).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    expect(info.seconds).toBeCloseTo(0.25, 3);
    // insert a LIST chunk between fmt and data
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    expect(readWav(withList).data.equals(info.data)).toBe(true);
    expect(pcmToWav(tonePcm(0.1, 16000), 16000).readUInt32LE(24)).toBe(16000);
  });

  it('rejects what is not a PCM WAV', () => {
    expect(() => readWav(Buffer.from('ID3 not a wav at all'))).toThrow(/RIFF/);
    const wav = toneWav(0.01);
    wav.writeUInt16LE(3, 20); // float format
    expect(() => readWav(wav)).toThrow(/not PCM/);
  });
});

describe('hash embedding', () => {
  it('is deterministic, normalised, and closer for texts sharing characters', () => {
    const a = hashEmbedding('拖欠工资', 64);
    expect(hashEmbedding('拖欠工资', 64)).toEqual(a);
    expect(Math.hypot(...a)).toBeCloseTo(1, 9);
    const cos = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * y[i], 0);
    expect(cos(a, hashEmbedding('老板拖欠工资', 64))).toBeGreaterThan(cos(a, hashEmbedding('交通事故', 64)));
    expect(hashEmbedding('', 8)).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
