// OpenAI-compatible transcription endpoint (POST /v1/audio/transcriptions, multipart WAV upload)
// via the openai SDK: OpenAI itself, or a self-hosted server (faster-whisper, FunASR gateways...).
import OpenAI, { toFile } from 'openai';
import { writeWav } from '../audio/wav';
import { ASR_RATE, AsrError, type Transcriber } from './types';

export interface OpenAIAsrOptions {
  baseURL: string;
  apiKey?: string;
  model?: string;
  timeoutMs?: number;
  /** Domain words that bias recognition (legal terms). */
  prompt?: string;
}

export function openaiTranscriber(o: OpenAIAsrOptions): Transcriber {
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey ?? 'none', timeout: o.timeoutMs ?? 15_000, maxRetries: 1 });
  return {
    name: 'openai',
    async transcribe(pcm, signal) {
      const t0 = performance.now();
      try {
        const file = await toFile(writeWav(pcm, ASR_RATE), 'utterance.wav', { type: 'audio/wav' });
        const res = await client.audio.transcriptions.create(
          { file, model: o.model ?? 'whisper-1', language: 'zh', response_format: 'json', ...(o.prompt ? { prompt: o.prompt } : {}) },
          { signal },
        );
        return { text: (res.text ?? '').trim(), ms: performance.now() - t0 };
      } catch (e) {
        throw new AsrError(`transcription endpoint failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
