// OpenAI-compatible speech endpoint (POST /v1/audio/speech) via the openai SDK, asking for WAV.
// Works with OpenAI and self-hosted servers speaking the same protocol (e.g. a CosyVoice gateway).
import OpenAI from 'openai';
import { readWav } from '../audio/wav';
import { TtsError, type Synthesizer } from './types';

export interface OpenAITtsOptions {
  baseURL: string;
  apiKey?: string;
  model?: string;
  voice?: string;
  timeoutMs?: number;
}

export function openaiSynthesizer(o: OpenAITtsOptions): Synthesizer {
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey ?? 'none', timeout: o.timeoutMs ?? 15_000, maxRetries: 1 });
  return {
    name: 'openai',
    async synthesize(text, signal) {
      try {
        const res = await client.audio.speech.create(
          { model: o.model ?? 'tts-1', voice: (o.voice ?? 'alloy') as 'alloy', input: text, response_format: 'wav' },
          { signal },
        );
        return readWav(Buffer.from(await res.arrayBuffer()));
      } catch (e) {
        throw new TtsError(`speech endpoint failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
