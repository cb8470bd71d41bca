// Energy-based speech detector: the fallback when Silero cannot load. Tracks the noise floor
// (slow to rise, fast to fall) and scores a window by its level above the floor, with a
// minimum absolute level so line hiss on a quiet call is not speech. Phone speech sits around
// -30..-15 dBFS; μ-law idle noise around -60..-50 dBFS.
import { dbfs } from '../audio/frames';
import type { SpeechDetector, VadEngine } from './types';

export interface EnergyOptions {
  /** dB above the noise floor that counts as certain speech. */
  snrDb?: number;
  /** Absolute level below which nothing is speech. */
  minDbfs?: number;
}

export function energyDetector(opts: EnergyOptions = {}): SpeechDetector {
  const snr = opts.snrDb ?? 12;
  const minDb = opts.minDbfs ?? -45;
  let floor = -60;
  return {
    async score(window: Int16Array): Promise<number> {
      const level = dbfs(window);
      // floor follows quiet windows quickly, loud ones very slowly (speech must not lift it)
      floor = level < floor ? 0.7 * floor + 0.3 * level : Math.min(floor + 0.05, level);
      if (level < minDb) return 0;
      const above = level - Math.max(floor, -70);
      return Math.max(0, Math.min(1, above / snr));
    },
    reset() {
      floor = -60;
    },
  };
}

export function energyEngine(note?: string, opts: EnergyOptions = {}): VadEngine {
  return { name: 'energy', note, create: () => energyDetector(opts), close: async () => {} };
}
