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
}

export function createSynthesizer(config: Config): TtsChoice {
  const voice = config.TTS_VOICE;
  switch (config.TTS_PROVIDER) {
    case 'none':
      return { synth: null, status: 'off: TTS_PROVIDER=none' };
    case 'text2wav':
      return { synth: text2wavSynthesizer({ voice: voice ?? 'cmn-latn-pinyin' }), status: 'live: text2wav (wasm espeak-ng)' };
    case 'openai': {
      const baseURL = config.TTS_BASE_URL ?? config.OPENAI_BASE_URL;
      if (!baseURL) return { synth: null, status: 'off: TTS_PROVIDER=openai needs TTS_BASE_URL or OPENAI_BASE_URL' };
      return {
        synth: openaiSynthesizer({ baseURL, apiKey: config.TTS_API_KEY ?? config.OPENAI_API_KEY, model: config.TTS_MODEL, voice }),
        status: `live: openai-compatible ${config.TTS_MODEL ?? 'tts-1'}`,
      };
    }
    case 'espeak':
    default:
      try {
        const version = checkEspeak({ voice: voice ?? 'cmn-latn-pinyin' });
        return { synth: espeakSynthesizer({ voice: voice ?? 'cmn-latn-pinyin' }), status: `live: ${version}` };
      } catch (e) {
        // the wasm build ships inside the npm package: the robot keeps its voice without the OS package
        const why = e instanceof TtsError ? e.message : String(e);
        return { synth: text2wavSynthesizer({ voice: voice ?? 'cmn-latn-pinyin' }), status: `live: text2wav fallback (${why})` };
      }
  }
}

export type { Synthesizer } from './types';
export { SpeechCache } from './cache';
