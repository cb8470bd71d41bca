// 20 ms framing: telephony streams carry audio in 20 ms packets (160 samples at 8 kHz, 320 at 16 kHz).

export const FRAME_MS = 20;

export function samplesPerFrame(rate: number): number {
  return (rate * FRAME_MS) / 1000;
}

/** Split PCM into 20 ms frames; the last frame is padded with silence. */
export function toFrames(pcm: Int16Array, rate: number): Int16Array[] {
  const n = samplesPerFrame(rate);
  const frames: Int16Array[] = [];
  for (let i = 0; i < pcm.length; i += n) {
    const f = new Int16Array(n);
    f.set(pcm.subarray(i, Math.min(i + n, pcm.length)));
    frames.push(f);
  }
  return frames;
}

/**
 * Re-chunk a stream of arbitrary-sized PCM pieces into fixed windows (e.g. the VAD's 512 samples,
 * or exact 20 ms frames from a browser's 128-sample worklet blocks).
 */
export class Chunker {
  private buf: Int16Array;
  private fill = 0;
  constructor(private readonly size: number) {
    this.buf = new Int16Array(size);
  }
  push(pcm: Int16Array): Int16Array[] {
    const out: Int16Array[] = [];
    let i = 0;
    while (i < pcm.length) {
      const n = Math.min(this.size - this.fill, pcm.length - i);
      this.buf.set(pcm.subarray(i, i + n), this.fill);
      this.fill += n;
      i += n;
      if (this.fill === this.size) {
        out.push(this.buf);
        this.buf = new Int16Array(this.size); // the emitted window is handed over, not reused
        this.fill = 0;
      }
    }
    return out;
  }
  reset(): void {
    this.fill = 0;
  }
}

/** Root-mean-square level of a frame in dBFS (-100 for digital silence). */
export function dbfs(pcm: Int16Array): number {
  if (pcm.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i] * pcm[i];
  const rms = Math.sqrt(sum / pcm.length) / 32768;
  return rms > 0 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}

export function concatPcm(parts: Int16Array[]): Int16Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Int16Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
