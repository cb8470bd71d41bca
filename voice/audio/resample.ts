// Sample-rate conversion between the rates telephony uses (8k, 16k, 22.05k, 24k, 48k).
// Windowed-sinc interpolation with a low-pass at the lower Nyquist, so downsampling does not alias
// (TTS at 22.05 kHz → 8 kHz phone audio) and upsampling does not image. One-shot (whole buffers):
// streaming callers resample per 20 ms frame with `StreamResampler`, which keeps filter history.

const HALF_TAPS = 8; // taps each side at the output rate; 16-tap kernel, enough for speech

const TABLE_RES = 256; // kernel samples per input sample

/** Blackman-windowed sinc low-pass, tabulated once per (cutoff, half-width). */
function buildKernel(cutoff: number, half: number): Float32Array {
  const n = (half + 1) * TABLE_RES + 2;
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x = i / TABLE_RES; // distance in input samples
    const d = x * cutoff;
    const s = d === 0 ? 1 : Math.sin(Math.PI * d) / (Math.PI * d);
    const w = x > half + 1 ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * x) / (half + 1)) + 0.08 * Math.cos((2 * Math.PI * x) / (half + 1));
    t[i] = cutoff * s * Math.max(0, w);
  }
  return t;
}

const kernels = new Map<string, Float32Array>();
function kernelFor(cutoff: number, half: number): Float32Array {
  const key = `${cutoff}:${half}`;
  let k = kernels.get(key);
  if (!k) kernels.set(key, (k = buildKernel(cutoff, half)));
  return k;
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : Math.round(v);
}

/** Resample a whole buffer. Same rate returns a copy. */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return input.slice();
  const r = new StreamResampler(fromRate, toRate);
  const a = r.push(input);
  const b = r.flush();
  const out = new Int16Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Streaming resampler: push chunks, get the output samples available so far. Keeps the input
 * history the kernel needs, so chunk boundaries leave no clicks. Output length tracks
 * round(inputSamples * toRate / fromRate).
 */
export class StreamResampler {
  private readonly ratio: number; // input samples per output sample
  private readonly cutoff: number; // normalised to the input rate
  private readonly half: number; // kernel half-width in input samples
  private readonly kernel: Float32Array;
  private buf: Float64Array = new Float64Array(0);
  private bufStart = 0; // absolute index of buf[0] in the input stream
  private consumed = 0; // input samples pushed so far
  private nextOut = 0; // index of the next output sample

  constructor(
    readonly fromRate: number,
    readonly toRate: number,
  ) {
    this.ratio = fromRate / toRate;
    this.cutoff = Math.min(1, toRate / fromRate);
    this.half = Math.ceil(HALF_TAPS / this.cutoff);
    this.kernel = kernelFor(this.cutoff, this.half);
  }

  push(chunk: Int16Array): Int16Array {
    if (this.fromRate === this.toRate) return chunk.slice();
    const merged = new Float64Array(this.buf.length + chunk.length);
    merged.set(this.buf, 0);
    for (let i = 0; i < chunk.length; i++) merged[this.buf.length + i] = chunk[i];
    this.buf = merged;
    this.consumed += chunk.length;
    return this.produce(false);
  }

  /** End of stream: emit the tail (treating samples past the end as silence). */
  flush(): Int16Array {
    if (this.fromRate === this.toRate) return new Int16Array(0);
    return this.produce(true);
  }

  private produce(final: boolean): Int16Array {
    const out: number[] = [];
    const total = Math.round((this.consumed * this.toRate) / this.fromRate);
    for (;;) {
      if (final && this.nextOut >= total) break;
      const center = this.nextOut * this.ratio;
      const hi = Math.floor(center) + this.half;
      if (!final && hi >= this.consumed) break;
      const lo = Math.ceil(center) - this.half;
      let acc = 0;
      for (let j = lo; j <= hi; j++) {
        const idx = j - this.bufStart;
        if (idx < 0 || idx >= this.buf.length) continue;
        const pos = Math.abs(center - j) * TABLE_RES;
        const p0 = pos | 0;
        const frac = pos - p0;
        acc += this.buf[idx] * (this.kernel[p0] * (1 - frac) + this.kernel[p0 + 1] * frac);
      }
      out.push(clamp16(acc));
      this.nextOut++;
    }
    // drop history no longer needed by the next output sample
    const keepFrom = Math.ceil(this.nextOut * this.ratio) - this.half - 1;
    const drop = Math.max(0, Math.min(this.buf.length, keepFrom - this.bufStart));
    if (drop > 0) {
      this.buf = this.buf.slice(drop);
      this.bufStart += drop;
    }
    return Int16Array.from(out);
  }
}
