// WAV (RIFF) read/write for 16-bit PCM mono, plus reading 8-bit, μ-law, float and stereo files
// that TTS engines and operators may hand us (downmixed to mono 16-bit).
import { mulawDecode } from './mulaw';

export interface Pcm {
  samples: Int16Array;
  sampleRate: number;
}

export function writeWav(samples: Int16Array, sampleRate: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

export class WavError extends Error {}

/** Parse a WAV file. Streams written by tools that do not know the length (0 or 0xFFFFFFFF) are read to the end. */
export function readWav(buf: Buffer): Pcm {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new WavError('not a RIFF/WAVE file');
  }
  let off = 12;
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: Buffer | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > buf.length)) size = buf.length - body;
    if (id === 'fmt ') {
      format = buf.readUInt16LE(body);
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
      if (format === 0xfffe && size >= 26) format = buf.readUInt16LE(body + 24); // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      data = buf.subarray(body, body + size);
      break;
    }
    off = body + size + (size & 1);
  }
  if (!data || !sampleRate || !channels) throw new WavError('missing fmt or data chunk');
  let mono: Int16Array;
  const frames = Math.floor(data.length / ((bits / 8) * channels));
  const get = (i: number, c: number): number => {
    const k = i * channels + c;
    if (format === 1 && bits === 16) return data!.readInt16LE(k * 2);
    if (format === 1 && bits === 8) return (data![k] - 128) << 8;
    if (format === 1 && bits === 24) return data!.readIntLE(k * 3, 3) >> 8;
    if (format === 1 && bits === 32) return data!.readInt32LE(k * 4) >> 16;
    if (format === 3 && bits === 32) return Math.max(-32768, Math.min(32767, Math.round(data!.readFloatLE(k * 4) * 32767)));
    throw new WavError(`unsupported WAV encoding: format ${format}, ${bits} bits`);
  };
  if (format === 7 && bits === 8) {
    const u = mulawDecode(data);
    mono = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++) s += u[i * channels + c];
      mono[i] = Math.round(s / channels);
    }
  } else {
    mono = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++) s += get(i, c);
      mono[i] = Math.round(s / channels);
    }
  }
  return { samples: mono, sampleRate };
}
