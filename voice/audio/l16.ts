// L16: raw 16-bit signed little-endian PCM (FreeSWITCH mod_audio_stream, the browser softphone).
// Copies into an aligned Int16Array so odd byte offsets in WebSocket buffers are safe.

/** Little-endian bytes → samples (a trailing odd byte is dropped). */
export function l16Decode(buf: Uint8Array): Int16Array {
  const n = buf.length >> 1;
  const out = new Int16Array(n);
  const dv = new DataView(buf.buffer, buf.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = dv.getInt16(i * 2, true);
  return out;
}

/** Samples → little-endian bytes. */
export function l16Encode(pcm: Int16Array): Buffer {
  const out = Buffer.alloc(pcm.length * 2);
  for (let i = 0; i < pcm.length; i++) out.writeInt16LE(pcm[i], i * 2);
  return out;
}
