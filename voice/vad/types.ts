// A speech detector scores fixed 32 ms windows with a speech probability (0..1), at 8 kHz (phone
// lines: no resampling) or 16 kHz. One detector per call: it keeps the model's recurrent state.

export type VadRate = 8000 | 16000;
export const VAD_RATE: VadRate = 16_000;
export const VAD_WINDOW = 512; // 32 ms at 16 kHz (Silero v5's window)
export const WINDOW_MS = 32;

/** Samples per 32 ms window at `rate` (256 at 8 kHz, 512 at 16 kHz). */
export function vadWindow(rate: VadRate): number {
  return (rate * WINDOW_MS) / 1000;
}

/** The rate the VAD runs at for a line: 8 kHz lines natively, anything else at 16 kHz. */
export function vadRateFor(lineRate: number): VadRate {
  return lineRate === 8000 ? 8000 : 16000;
}

export interface SpeechDetector {
  /** Probability that this 32 ms window holds speech. Calls must not overlap. */
  score(window: Int16Array): Promise<number>;
  reset(): void;
}

export interface VadEngine {
  name: 'silero' | 'energy';
  /** Why this engine was chosen (e.g. the Silero load error when falling back). */
  note?: string;
  create(rate?: VadRate): SpeechDetector;
  close(): Promise<void>;
}
