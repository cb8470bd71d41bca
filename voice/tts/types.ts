// Synthesizer: text (Simplified Chinese, already rewritten for speech) → PCM at the engine's rate.
import type { Pcm } from '../audio/wav';

export interface Synthesizer {
  name: 'espeak' | 'text2wav' | 'openai' | 'none';
  synthesize(text: string, signal?: AbortSignal): Promise<Pcm>;
  close?(): Promise<void>;
}

export class TtsError extends Error {}
