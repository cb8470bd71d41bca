// Synthesized audio at a line's output rate, cached by (rate, text). The fixed prompts (greeting,
// menu, reprompts, topic answers) are the same for every caller, so after the first call they cost
// nothing; answers from the dialogue are cached too and evicted oldest-first.
import { resample } from '../audio/resample';
import type { Render } from './threaded';
import type { Synthesizer } from './types';

/** Synthesis + resampling on the calling thread (tests, tools; the server uses worker threads). */
export function inlineRender(synth: Synthesizer): Render {
  return (text, rate) => synth.synthesize(text).then((pcm) => resample(pcm.samples, pcm.sampleRate, rate));
}

export class SpeechCache {
  private entries = new Map<string, Promise<Int16Array>>();
  private readonly render: Render;
  constructor(
    synth: Synthesizer | Render,
    private readonly maxEntries = 500,
  ) {
    this.render = typeof synth === 'function' ? synth : inlineRender(synth);
  }

  /** PCM of `text` at `rate`; concurrent requests for the same text share one synthesis. */
  audio(text: string, rate: number): Promise<Int16Array> {
    const key = `${rate}:${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // refresh recency
      this.entries.set(key, hit);
      return hit;
    }
    const p = this.render(text, rate);
    p.catch(() => this.entries.delete(key));
    this.entries.set(key, p);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return p;
  }

  has(text: string, rate: number): boolean {
    return this.entries.has(`${rate}:${text}`);
  }
}
