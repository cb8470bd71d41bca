// Streamed LLM text passes through the citation checker before any of it is emitted: deltas are
// buffered per sentence, and a sentence is released only after its article mentions are verified.
// A mention never spans a sentence end (。！？；\n), so nothing unchecked can slip through; a
// sentence resting on an article that does not check out is dropped whole.
import type { Citation } from '../ports';
import { checkText, type CitationKnowledge, type RemovedCitation } from './citations';
import type { Logger } from '../log';

const BOUNDARY = /[。！？!?；;\n]/g;

export class StreamGuard {
  private buf = '';
  private out = '';
  readonly mentioned: Citation[] = [];
  readonly removed: RemovedCitation[] = [];
  /** Sentences dropped because they rested on an article that does not check out. */
  dropped = 0;

  constructor(
    private k: CitationKnowledge,
    private emit: (text: string) => void,
    private opts: { log?: Logger; producer?: string; maxBuffer?: number } = {},
  ) {}

  /** Feed a delta; emits every completed sentence after checking it. */
  push(delta: string): void {
    this.buf += delta;
    let last = -1;
    for (const m of this.buf.matchAll(BOUNDARY)) last = m.index!;
    // a run-on without sentence ends: release at a comma, or keep only a tail that could hold a mention
    const max = this.opts.maxBuffer ?? 200;
    if (last < 0 && this.buf.length > max) {
      for (const m of this.buf.matchAll(/[，,]/g)) last = m.index!;
      if (last < 0 && this.buf.length > 2 * max) last = this.buf.length - 61;
    }
    if (last < 0) return;
    const ready = this.buf.slice(0, last + 1);
    this.buf = this.buf.slice(last + 1);
    this.release(ready);
  }

  /** Flush what is left (end of stream). Returns the whole checked text. */
  end(): string {
    if (this.buf) this.release(this.buf);
    this.buf = '';
    return this.out;
  }

  get text(): string {
    return this.out;
  }

  private release(chunk: string) {
    const r = checkText(this.k, chunk, { ...this.opts, drop: true });
    this.mentioned.push(...r.mentioned);
    this.removed.push(...r.removed);
    this.dropped += r.dropped;
    if (r.text) {
      this.out += r.text;
      this.emit(r.text);
    }
  }
}
