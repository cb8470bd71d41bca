// A speech detector scores fixed windows of 16 kHz audio with a speech probability (0..1).
// One detector per call: it keeps the model's recurrent state for that call's stream.

export const VAD_RATE = 16_000;
export const VAD_WINDOW = 512; // 32 ms at 16 kHz (Silero v5's window)

export interface SpeechDetector {
  /** Probability that this 512-sample window (16 kHz) holds speech. Calls must not overlap. */
  score(window: Int16Array): Promise<number>;
  reset(): void;
}

export interface VadEngine {
  name: 'silero' | 'energy';
  /** Why this engine was chosen (e.g. the Silero load error when falling back). */
  note?: string;
  create(): SpeechDetector;
  close(): Promise<void>;
}
