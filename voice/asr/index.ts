// Pick the ASR engine from config: none (default here: no Mandarin model on the machine) |
// whisper (transformers.js dir) | sherpa (sherpa-onnx dir) | openai (/v1/audio/transcriptions).
import type { Config } from '../../assistant/config';
import { openaiTranscriber } from './openai';
import { loadSherpa } from './sherpa';
import { AsrError, type Transcriber } from './types';
import { loadWhisper } from './whisper';

export interface AsrChoice {
  transcriber: Transcriber | null;
  status: string;
}

/** Legal vocabulary that helps a general ASR model with hotline calls. */
export const LEGAL_PROMPT = '12348 公共法律服务热线 劳动合同 工资 仲裁 法律援助 离婚 抚养 交通事故 借款 工单';

export async function createTranscriber(config: Config): Promise<AsrChoice> {
  try {
    switch (config.ASR_PROVIDER) {
      case 'none':
        return { transcriber: null, status: 'off: ASR_PROVIDER=none (按键菜单模式)' };
      case 'openai': {
        const baseURL = config.ASR_BASE_URL ?? config.OPENAI_BASE_URL;
        if (!baseURL) return { transcriber: null, status: 'off: ASR_PROVIDER=openai needs ASR_BASE_URL or OPENAI_BASE_URL' };
        const t = openaiTranscriber({ baseURL, apiKey: config.ASR_API_KEY ?? config.OPENAI_API_KEY, model: config.ASR_MODEL, prompt: LEGAL_PROMPT });
        return { transcriber: t, status: `live: openai-compatible ${config.ASR_MODEL ?? 'whisper-1'}` };
      }
      case 'whisper':
      case 'sherpa': {
        if (!config.ASR_MODEL_DIR) return { transcriber: null, status: `off: ASR_PROVIDER=${config.ASR_PROVIDER} needs ASR_MODEL_DIR` };
        const t = config.ASR_PROVIDER === 'whisper' ? await loadWhisper(config.ASR_MODEL_DIR) : await loadSherpa(config.ASR_MODEL_DIR);
        return { transcriber: t, status: `live: ${config.ASR_PROVIDER} ${config.ASR_MODEL_DIR}` };
      }
    }
  } catch (e) {
    return { transcriber: null, status: `off: ${e instanceof AsrError ? e.message : String(e)}` };
  }
}

export type { Transcriber, Transcript } from './types';
export { ASR_RATE } from './types';
