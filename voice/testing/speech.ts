// Test and benchmark support: caller speech made with espeak-ng (Mandarin, pinyin voice),
// resampled to the rate a line carries, plus line noise. Cached per (text, rate).
import { execFileSync } from 'node:child_process';
import { resample } from '../audio/resample';
import { readWav } from '../audio/wav';

const cache = new Map<string, Int16Array>();

export function espeakSpeech(text: string, rate: number): Int16Array {
  const key = `${rate}:${text}`;
  let pcm = cache.get(key);
  if (!pcm) {
    const wav = execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '-s', '170', '--stdout', text], { maxBuffer: 1 << 26 });
    const { samples, sampleRate } = readWav(wav);
    pcm = resample(samples, sampleRate, rate);
    cache.set(key, pcm);
  }
  return pcm;
}

/** Low-level white noise like an idle phone line (deterministic). */
export function lineNoise(ms: number, rate: number, dbfs = -55): Int16Array {
  const n = Math.round((rate * ms) / 1000);
  const out = new Int16Array(n);
  const amp = 32768 * 10 ** (dbfs / 20) * Math.sqrt(3);
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.round(((seed / 0x7fffffff) * 2 - 1) * amp);
  }
  return out;
}
