import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Chunker, concatPcm, dbfs, samplesPerFrame, toFrames } from './frames';
import { l16Decode, l16Encode } from './l16';
import { mulawDecode, mulawEncode } from './mulaw';
import { resample, StreamResampler } from './resample';
import { readWav, writeWav } from './wav';

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amp * 32767);
  return out;
}

/** Power of one frequency (Goertzel), normalised by length. */
function power(pcm: Int16Array, rate: number, freq: number): number {
  const k = (2 * Math.cos((2 * Math.PI * freq) / rate));
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < pcm.length; i++) {
    const s0 = pcm[i] / 32768 + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (s1 * s1 + s2 * s2 - k * s1 * s2) / pcm.length;
}

describe('μ-law', () => {
  it('matches G.711 reference points', () => {
    expect(mulawEncode(Int16Array.of(0))[0]).toBe(0xff);
    expect(mulawDecode(Uint8Array.of(0xff))[0]).toBe(0);
    expect(mulawDecode(Uint8Array.of(0x00))[0]).toBe(-32124);
    expect(mulawDecode(Uint8Array.of(0x80))[0]).toBe(32124);
    expect(mulawEncode(Int16Array.of(32767))[0]).toBe(0x80);
    expect(mulawEncode(Int16Array.of(-32768))[0]).toBe(0x00);
  });

  it('round-trips every code and keeps speech-level error within the log step', () => {
    for (let b = 0; b < 256; b++) {
      const d = mulawDecode(Uint8Array.of(b));
      const back = mulawEncode(d)[0];
      // 0x7f and 0xff both decode to 0: the negative zero re-encodes as positive zero
      expect(mulawDecode(Uint8Array.of(back))[0]).toBe(d[0]);
    }
    const t = tone(440, 8000, 0.2, 0.3);
    const rt = mulawDecode(mulawEncode(t));
    for (let i = 0; i < t.length; i++) expect(Math.abs(rt[i] - t[i])).toBeLessThanOrEqual(Math.abs(t[i]) / 16 + 8);
  });
});

describe('L16', () => {
  it('round-trips and reads from an odd byte offset', () => {
    const t = tone(300, 16000, 0.02);
    const bytes = l16Encode(t);
    expect(bytes.length).toBe(640);
    const odd = Buffer.alloc(bytes.length + 1);
    bytes.copy(odd, 1);
    expect(Array.from(l16Decode(odd.subarray(1)))).toEqual(Array.from(t));
    expect(bytes.readInt16LE(2)).toBe(t[1]);
  });
});

describe('resampling', () => {
  it('keeps a 440 Hz tone at 440 Hz 8k→16k and 16k→8k with the right length', () => {
    const t8 = tone(440, 8000, 0.5);
    const up = resample(t8, 8000, 16000);
    expect(up.length).toBe(8000);
    expect(power(up, 16000, 440)).toBeGreaterThan(100 * power(up, 16000, 1000));
    const down = resample(up, 16000, 8000);
    expect(down.length).toBe(4000);
    // level preserved within 1 dB (skip filter edges)
    expect(Math.abs(dbfs(down.subarray(200, 3800)) - dbfs(t8.subarray(200, 3800)))).toBeLessThan(1);
  });

  it('suppresses content above the new Nyquist when going 22.05k → 8k (no aliasing)', () => {
    const hi = tone(6000, 22050, 0.5); // would alias to 2000 Hz at 8 kHz
    const down = resample(hi, 22050, 8000);
    expect(dbfs(down.subarray(100, down.length - 100))).toBeLessThan(dbfs(hi) - 30);
  });

  it('streams in 20 ms chunks with the same output as one shot', () => {
    const t = tone(700, 8000, 0.3);
    const one = resample(t, 8000, 16000);
    const r = new StreamResampler(8000, 16000);
    const parts = toFrames(t, 8000).map((f) => r.push(f));
    parts.push(r.flush());
    const streamed = concatPcm(parts);
    expect(streamed.length).toBe(one.length);
    let maxDiff = 0;
    for (let i = 0; i < one.length; i++) maxDiff = Math.max(maxDiff, Math.abs(one[i] - streamed[i]));
    expect(maxDiff).toBeLessThanOrEqual(1);
  });
});

describe('framing', () => {
  it('cuts 20 ms frames and re-chunks arbitrary blocks', () => {
    expect(samplesPerFrame(8000)).toBe(160);
    expect(samplesPerFrame(16000)).toBe(320);
    const frames = toFrames(new Int16Array(500), 8000);
    expect(frames.map((f) => f.length)).toEqual([160, 160, 160, 160]);
    const c = new Chunker(160);
    const got = [...c.push(new Int16Array(128)), ...c.push(new Int16Array(128)), ...c.push(new Int16Array(128))];
    expect(got.length).toBe(2);
    expect(dbfs(new Int16Array(160))).toBe(-100);
  });
});

describe('WAV', () => {
  it('writes and reads 16-bit mono', () => {
    const t = tone(500, 16000, 0.1);
    const back = readWav(writeWav(t, 16000));
    expect(back.sampleRate).toBe(16000);
    expect(Array.from(back.samples)).toEqual(Array.from(t));
  });

  it('reads espeak-ng streamed output (unknown length header)', () => {
    const wav = execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '--stdout', '您好'], { maxBuffer: 1 << 24 });
    const pcm = readWav(wav);
    expect(pcm.sampleRate).toBe(22050);
    expect(pcm.samples.length).toBeGreaterThan(22050 * 0.3);
    expect(dbfs(pcm.samples)).toBeGreaterThan(-40);
  });

  it('downmixes stereo and reads 8-bit μ-law files', () => {
    const stereo = Buffer.from(writeWav(Int16Array.of(1000, 3000, -1000, -3000), 8000));
    stereo.writeUInt16LE(2, 22);
    stereo.writeUInt16LE(4, 32);
    const s = readWav(stereo);
    expect(Array.from(s.samples)).toEqual([2000, -2000]);
    const u = writeWav(new Int16Array(0), 8000);
    const mu = Buffer.concat([u.subarray(0, 44), Buffer.from(mulawEncode(Int16Array.of(1000, -1000)))]);
    mu.writeUInt16LE(7, 20);
    mu.writeUInt16LE(8, 34);
    mu.writeUInt32LE(2, 40);
    expect(Array.from(readWav(mu).samples)).toEqual(Array.from(mulawDecode(mulawEncode(Int16Array.of(1000, -1000)))));
  });
});
