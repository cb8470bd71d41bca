// Endpointing: turns per-window speech probabilities into utterances. Tuned for phone audio:
// speech must last 96 ms to start (a click or a cough on the line does not), an utterance ends
// after 640 ms of silence (callers pause mid-sentence; shorter cuts them off), and utterances
// shorter than 200 ms are dropped as noise. 200 ms of audio before the start is kept so the
// first syllable reaches the ASR.
import { concatPcm } from '../audio/frames';
import { WINDOW_MS } from './types';

export interface EndpointOptions {
  startThreshold?: number;
  endThreshold?: number;
  startMs?: number;
  endSilenceMs?: number;
  minSpeechMs?: number;
  preRollMs?: number;
  maxUtteranceMs?: number;
}

export type EndpointEvent =
  | { type: 'speech_start'; /** stream time (ms) of the first speech window */ atMs: number }
  | { type: 'speech_end'; atMs: number; audio: Int16Array; durationMs: number }
  | { type: 'misfire'; atMs: number };

const WIN_MS = WINDOW_MS; // every detector scores 32 ms windows

export class Endpointer {
  private o: Required<EndpointOptions>;
  private inSpeech = false;
  private run = 0; // consecutive speech windows before start
  private silence = 0; // consecutive quiet windows inside speech
  private speechWindows = 0;
  private pre: Int16Array[] = [];
  private utter: Int16Array[] = [];
  private t = 0; // stream time of the next window (ms)
  private startAt = 0;

  constructor(opts: EndpointOptions = {}) {
    this.o = {
      startThreshold: 0.5,
      endThreshold: 0.35,
      startMs: 96,
      endSilenceMs: 640,
      minSpeechMs: 200,
      preRollMs: 200,
      maxUtteranceMs: 20_000,
      ...opts,
    };
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Feed one scored window; returns the events it triggers. */
  push(window: Int16Array, p: number): EndpointEvent[] {
    const at = this.t;
    this.t += WIN_MS;
    const events: EndpointEvent[] = [];
    if (!this.inSpeech) {
      this.pre.push(window);
      const keep = Math.ceil(this.o.preRollMs / WIN_MS) + Math.ceil(this.o.startMs / WIN_MS);
      if (this.pre.length > keep) this.pre.shift();
      if (p >= this.o.startThreshold) {
        this.run++;
        if (this.run * WIN_MS >= this.o.startMs) {
          this.inSpeech = true;
          this.startAt = at - (this.run - 1) * WIN_MS;
          this.utter = this.pre;
          this.pre = [];
          this.speechWindows = this.run;
          this.silence = 0;
          events.push({ type: 'speech_start', atMs: this.startAt });
        }
      } else {
        this.run = 0;
      }
      return events;
    }
    this.utter.push(window);
    if (p < this.o.endThreshold) this.silence++;
    else {
      this.silence = 0;
      this.speechWindows++;
    }
    const tooLong = at + WIN_MS - this.startAt >= this.o.maxUtteranceMs;
    if (this.silence * WIN_MS >= this.o.endSilenceMs || tooLong) {
      const durationMs = this.speechWindows * WIN_MS;
      const audio = concatPcm(this.utter);
      const endAt = at + WIN_MS - this.silence * WIN_MS;
      this.resetState();
      if (durationMs < this.o.minSpeechMs) events.push({ type: 'misfire', atMs: endAt });
      else events.push({ type: 'speech_end', atMs: endAt, audio, durationMs });
    }
    return events;
  }

  private resetState(): void {
    this.inSpeech = false;
    this.run = 0;
    this.silence = 0;
    this.speechWindows = 0;
    this.utter = [];
    this.pre = [];
  }

  reset(): void {
    this.resetState();
  }
}
