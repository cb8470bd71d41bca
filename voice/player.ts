// Outgoing audio of one call: a queue of utterances, cut into 20 ms frames at the line's rate and
// sent in real time (frame k of a run is due to play at start + k·20 ms and leaves up to LEAD_MS
// before that). Sending at the pace of speech,
// not as fast as the socket allows, is what makes barge-in work: `stop()` drops everything not yet
// sent and asks the far end to flush its buffer (Twilio `clear`), so the caller hears silence at once.
// A frame sent more than 40 ms after its due time counts as late (heard as a gap or a click).
import { FRAME_MS, samplesPerFrame } from './audio/frames';

export const LATE_MS = 40;
/** Frames go out up to 40 ms (two frames) before they are due to play: the far end's jitter
 * buffer then rides out a busy moment of this process. `clear` empties that buffer on barge-in. */
export const LEAD_MS = 40;
const TICK_MS = 10;

/**
 * One timer for every call's outgoing audio: each tick sends the frames that are due on all lines.
 * With a timer per call, 20 calls wake the process 1000 times a second; on a busy machine each
 * wake-up can wait for the CPU, and the waits add up to late frames. A shared 10 ms tick keeps it
 * at 100 wake-ups a second whatever the number of calls, and a frame leaves at most one tick late.
 */
class FrameTicker {
  private waiting = new Map<object, () => void>();
  private timer: NodeJS.Timeout | null = null;

  schedule(key: object, fn: () => void): void {
    this.waiting.set(key, fn);
    if (!this.timer) this.timer = setTimeout(() => this.fire(), TICK_MS);
  }

  cancel(key: object): void {
    this.waiting.delete(key);
  }

  private fire(): void {
    this.timer = null;
    const due = [...this.waiting.values()];
    this.waiting.clear();
    for (const fn of due) fn();
    if (this.waiting.size > 0 && !this.timer) this.timer = setTimeout(() => this.fire(), TICK_MS);
  }
}

const ticker = new FrameTicker();

export interface PlayerSink {
  rate: number;
  sendFrame(frame: Int16Array): void;
  /** Far end: drop audio already buffered (Twilio `clear`, FreeSWITCH break). */
  clear(): void;
  /** Optional marker after an utterance (Twilio `mark`). */
  mark?(name: string): void;
}

interface Item {
  load: () => Promise<Int16Array>;
  audio?: Promise<Int16Array>;
  label: string;
  onStart?: () => void;
}

/** Audio, or a function that makes it: started only when the item is next in line, so a long
 * answer does not start a dozen syntheses at once (the first sentence gets the CPU first). */
export type AudioSource = Int16Array | Promise<Int16Array> | (() => Promise<Int16Array>);

function started(item: Item): Promise<Int16Array> {
  if (!item.audio) {
    item.audio = item.load();
    item.audio.catch(() => {}); // handled where it is awaited
  }
  return item.audio;
}

export interface PlayResult {
  completed: boolean; // false when stopped (barge-in, hang-up)
}

export class Player {
  private queue: Item[] = [];
  private frames: Int16Array[] = [];
  private idx = 0;
  private runStart = 0; // performance.now() of frame 0 of the current run
  private runIdx = 0;
  private waiters: ((r: PlayResult) => void)[] = [];
  private generation = 0;
  private loading = false;
  private closed = false;
  /** Frames sent more than 40 ms late over the call. */
  late = 0;
  sent = 0;
  private onFirstFrame: (() => void) | null = null;

  constructor(
    private readonly sink: PlayerSink,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get playing(): boolean {
    return this.loading || this.frames.length > this.idx || this.queue.length > 0;
  }

  /** Queue audio; resolves when the queue has drained (completed) or playback was stopped. */
  enqueue(audio: AudioSource, label = '', onStart?: () => void): Promise<PlayResult> {
    if (this.closed) return Promise.resolve({ completed: false });
    const load = typeof audio === 'function' ? audio : () => Promise.resolve(audio);
    this.queue.push({ load, label, onStart });
    const done = new Promise<PlayResult>((r) => this.waiters.push(r));
    if (!this.loading && this.frames.length <= this.idx) void this.next();
    else if (this.queue.length === 1) started(this.queue[0]); // prefetch the one after the current
    return done;
  }

  /** Callback once when the next frame goes out (turn-latency measurement). */
  whenFirstFrame(fn: () => void): void {
    this.onFirstFrame = fn;
  }

  /** Stop now: drop queued and unsent audio and tell the far end to flush. */
  stop(): boolean {
    const wasPlaying = this.playing;
    this.generation++;
    this.queue = [];
    this.frames = [];
    this.idx = 0;
    this.loading = false;
    ticker.cancel(this);
    if (wasPlaying) this.sink.clear();
    this.resolveAll(false);
    return wasPlaying;
  }

  close(): void {
    this.stop();
    this.closed = true;
  }

  private resolveAll(completed: boolean): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r({ completed });
  }

  private async next(): Promise<void> {
    const item = this.queue.shift();
    if (!item) {
      this.resolveAll(true);
      return;
    }
    const gen = this.generation;
    this.loading = true;
    const current = started(item);
    if (this.queue[0]) started(this.queue[0]); // prefetch one ahead
    let pcm: Int16Array;
    try {
      pcm = await current;
    } catch {
      pcm = new Int16Array(0); // a failed synthesis is skipped, not fatal
    }
    if (gen !== this.generation || this.closed) return;
    this.loading = false;
    item.onStart?.();
    const n = samplesPerFrame(this.sink.rate);
    this.frames = [];
    for (let i = 0; i < pcm.length; i += n) {
      const f = new Int16Array(n);
      f.set(pcm.subarray(i, Math.min(i + n, pcm.length)));
      this.frames.push(f);
    }
    this.idx = 0;
    const t = this.now();
    // continue the running schedule when this utterance follows the previous one without a gap
    const expected = this.runStart + this.runIdx * FRAME_MS;
    if (this.sent === 0 || t - expected > FRAME_MS) {
      this.runStart = t;
      this.runIdx = 0;
    }
    if (this.frames.length === 0) {
      void this.next();
      return;
    }
    this.tick(gen, item.label);
  }

  private tick(gen: number, label: string): void {
    if (gen !== this.generation || this.closed) return;
    const now = this.now();
    while (this.idx < this.frames.length) {
      const due = this.runStart + this.runIdx * FRAME_MS; // when the frame must start playing
      if (due - LEAD_MS > now) break;
      if (now - due > LATE_MS) this.late++;
      this.sink.sendFrame(this.frames[this.idx++]);
      this.runIdx++;
      this.sent++;
      if (this.onFirstFrame) {
        const fn = this.onFirstFrame;
        this.onFirstFrame = null;
        fn();
      }
    }
    if (this.idx < this.frames.length) {
      ticker.schedule(this, () => this.tick(gen, label));
      return;
    }
    if (label) this.sink.mark?.(label);
    this.frames = [];
    this.idx = 0;
    void this.next();
  }
}
