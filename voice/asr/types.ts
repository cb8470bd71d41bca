// Transcriber: one utterance of 16 kHz mono PCM → Simplified Chinese text.

export const ASR_RATE = 16_000;

export interface Transcript {
  text: string;
  /** Wall time the engine took (ms). */
  ms: number;
}

export interface Transcriber {
  name: 'whisper' | 'sherpa' | 'openai';
  transcribe(pcm16k: Int16Array, signal?: AbortSignal): Promise<Transcript>;
  close?(): Promise<void>;
}

export class AsrError extends Error {}

export function toFloat32(pcm: Int16Array): Float32Array {
  const out = new Float32Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) out[i] = pcm[i] / 32768;
  return out;
}
