// WAV (RIFF, 16-bit PCM, mono) helpers for tests: a tone generator and a header reader.

/** Raw 16-bit little-endian mono PCM of a 440 Hz tone at 30% amplitude. */
export function tonePcm(seconds: number, sampleRate = 24_000, freq = 440): Buffer {
  const n = Math.max(1, Math.round(seconds * sampleRate));
  const pcm = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    pcm.writeInt16LE(Math.round(Math.sin((2 * Math.PI * freq * i) / sampleRate) * 0.3 * 32767), i * 2);
  }
  return pcm;
}

/** Wrap 16-bit mono PCM into a WAV file. */
export function pcmToWav(pcm: Buffer, sampleRate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28); // byte rate
  h.writeUInt16LE(2, 32); // block align
  h.writeUInt16LE(16, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

export function toneWav(seconds: number, sampleRate = 24_000, freq = 440): Buffer {
  return pcmToWav(tonePcm(seconds, sampleRate, freq), sampleRate);
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** The PCM bytes of the data chunk. */
  data: Buffer;
  seconds: number;
}

/** Parse a PCM WAV file (walks the chunks, so extra chunks such as LIST are fine). */
export function readWav(buf: Buffer): WavInfo {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a RIFF/WAVE file');
  let pos = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | undefined;
  while (pos + 8 <= buf.length) {
    const id = buf.toString('ascii', pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = buf.subarray(pos + 8, pos + 8 + size);
    if (id === 'fmt ') {
      if (body.readUInt16LE(0) !== 1) throw new Error('WAV is not PCM');
      fmt = { channels: body.readUInt16LE(2), sampleRate: body.readUInt32LE(4), bits: body.readUInt16LE(14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data chunk before fmt chunk');
      const bytesPerSec = fmt.sampleRate * fmt.channels * (fmt.bits / 8);
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: fmt.bits, data: Buffer.from(body), seconds: body.length / bytesPerSec };
    }
    pos += 8 + size + (size & 1);
  }
  throw new Error('WAV without data chunk');
}
