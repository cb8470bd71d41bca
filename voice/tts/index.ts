// Pick the TTS engine from config: espeak (default) | text2wav | openai | none.
import type { Config } from '../../assistant/config';
import { checkEspeak, espeakSynthesizer } from './espeak';
import { openaiSynthesizer } from './openai';
import { text2wavSynthesizer } from './text2wav';
import { TtsError, type Synthesizer } from './types';

export interface TtsChoice {
  synth: Synthesizer | null;
  /** Human-readable status for /healthz. */
  status: string;
  /** Serializable description of the engine, to build the same one in a worker thread. */
  spec: SynthSpec | null;
}

export type SynthSpec =
  | { provider: 'espeak' | 'text2wav'; voice: string }
  | { provider: 'openai'; baseURL: string; apiKey?: string; model?: string; voice?: string };

export function synthesizerFromSpec(spec: SynthSpec): Synthesizer {
  switch (spec.provider) {
    case 'espeak':
      return espeakSynthesizer({ voice: spec.voice });
    case 'text2wav':
      return text2wavSynthesizer({ voice: spec.voice });
    case 'openai':
      return openaiSynthesizer(spec);
  }
}

export function createSynthesizer(config: Config): TtsChoice {
  const voice = config.TTS_VOICE;
  switch (config.TTS_PROVIDER) {
    case 'none':
      return { synth: null, status: 'off: TTS_PROVIDER=none', spec: null };
    case 'text2wav': {
      const spec = { provider: 'text2wav' as const, voice: voice ?? 'cmn-latn-pinyin' };
      return { synth: synthesizerFromSpec(spec), status: 'live: text2wav (wasm espeak-ng)', spec };
    }
    case 'openai': {
      const baseURL = config.TTS_BASE_URL ?? config.OPENAI_BASE_URL;
      if (!baseURL) return { synth: null, status: 'off: TTS_PROVIDER=openai needs TTS_BASE_URL or OPENAI_BASE_URL', spec: null };
      const spec = { provider: 'openai' as const, baseURL, apiKey: config.TTS_API_KEY ?? config.OPENAI_API_KEY, model: config.TTS_MODEL, voice };
      return { synth: synthesizerFromSpec(spec), status: `live: openai-compatible ${config.TTS_MODEL ?? 'tts-1'}`, spec };
    }
    case 'espeak':
    default:
      try {
        const version = checkEspeak({ voice: voice ?? 'cmn-latn-pinyin' });
        const spec = { provider: 'espeak' as const, voice: voice ?? 'cmn-latn-pinyin' };
        return { synth: synthesizerFromSpec(spec), status: `live: ${version}`, spec };
      } catch (e) {
        // the wasm build ships inside the npm package: the robot keeps its voice without the OS package
        const why = e instanceof TtsError ? e.message : String(e);
        const spec = { provider: 'text2wav' as const, voice: voice ?? 'cmn-latn-pinyin' };
        return { synth: synthesizerFromSpec(spec), status: `live: text2wav fallback (${why})`, spec };
      }
  }
}

export type { Synthesizer } from './types';
export { SpeechCache } from './cache';
