// Scripted callers for tests and bench:voice: real WebSocket clients that speak the Twilio Media
// Streams and FreeSWITCH mod_audio_stream protocols at real-time pace (one 20 ms frame every 20 ms,
// line noise between utterances, as a phone line does), press keys, and record what comes back
// with arrival times.
import WebSocket from 'ws';
import { dbfs, FRAME_MS, samplesPerFrame, toFrames } from '../audio/frames';
import { l16Decode, l16Encode } from '../audio/l16';
import { mulawDecode, mulawEncode } from '../audio/mulaw';
import { lineNoise } from './speech';

export interface Received {
  at: number; // performance.now()
  pcm: Int16Array;
}

/** The level (dBFS) above which a caller frame counts as speech onset in measurements. */
export const ONSET_DBFS = -40;

export abstract class ScriptedCaller {
  readonly frames: Received[] = [];
  readonly clears: number[] = [];
  readonly texts: { at: number; msg: any }[] = [];
  closedAt: number | null = null;
  closeCode: number | null = null;
  protected ws!: WebSocket;
  private queue: Int16Array[] = [];
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private noise: Int16Array[];
  private noiseIdx = 0;
  /** performance.now() when the first frame of the last `say` with level ≥ ONSET_DBFS went out. */
  lastOnsetAt: number | null = null;
  private onsetPending = false;
  lastSpeechEndAt: number | null = null;

  constructor(readonly rate: number) {
    this.noise = toFrames(lineNoise(2000, rate, -58), rate);
  }

  protected abstract sendAudio(frame: Int16Array): void;

  protected startPacing(): void {
    this.next = performance.now();
    const tick = () => {
      const now = performance.now();
      // a real line never bursts: if this process stalled, the lost time is lost (no catch-up)
      if (now - this.next > 2 * FRAME_MS) this.next = now;
      while (this.next <= now) {
        if (this.ws.readyState !== WebSocket.OPEN) return;
        const f = this.queue.shift();
        if (f) {
          if (this.onsetPending && dbfs(f) >= ONSET_DBFS) {
            this.lastOnsetAt = performance.now();
            this.onsetPending = false;
          }
          if (this.queue.length === 0) this.lastSpeechEndAt = performance.now();
          this.sendAudio(f);
        } else {
          this.sendAudio(this.noise[this.noiseIdx++ % this.noise.length]);
        }
        this.next += FRAME_MS;
      }
      this.timer = setTimeout(tick, Math.max(0, this.next - performance.now()));
    };
    tick();
  }

  /** Queue speech (at the line rate); resolves when its last frame has been sent. */
  say(pcm: Int16Array): Promise<void> {
    this.onsetPending = true;
    this.lastOnsetAt = null;
    this.queue.push(...toFrames(pcm, this.rate));
    return this.until(() => this.queue.length === 0, 60_000, 'speech sent');
  }

  abstract press(digit: string): void;

  /** Resolve when `pred` holds (polled every 5 ms). */
  async until(pred: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
    const t0 = performance.now();
    while (!pred()) {
      if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /** Wait for the robot to start talking after `since`, then to stop for `quietMs`. */
  async untilRobotDone(since = performance.now(), quietMs = 300, timeoutMs = 60_000): Promise<Received[]> {
    await this.until(() => this.frames.some((f) => f.at >= since), timeoutMs, 'robot audio');
    await this.until(() => performance.now() - (this.frames.at(-1)?.at ?? 0) >= quietMs || this.closedAt !== null, timeoutMs, 'robot silence');
    return this.frames.filter((f) => f.at >= since);
  }

  /** Seconds of robot audio received since `since`. */
  secondsSince(since: number): number {
    return (this.frames.filter((f) => f.at >= since).length * FRAME_MS) / 1000;
  }

  hangup(): void {
    if (this.timer) clearTimeout(this.timer);
    this.ws.close();
  }

  protected wire(): void {
    this.ws.on('close', (code) => {
      this.closedAt = performance.now();
      this.closeCode = code;
      if (this.timer) clearTimeout(this.timer);
    });
  }

  waitClosed(timeoutMs = 60_000): Promise<void> {
    return this.until(() => this.closedAt !== null, timeoutMs, 'hang-up');
  }
}

export class TwilioCaller extends ScriptedCaller {
  readonly streamSid = `MZ${Math.random().toString(16).slice(2).padEnd(32, '0')}`;
  private seq = 1;
  readonly marks: string[] = [];

  constructor(
    private readonly url: string,
    private readonly params: Record<string, string> = {},
    private readonly headers: Record<string, string> = {},
  ) {
    super(8000);
  }

  async connect(): Promise<void> {
    this.ws = new WebSocket(this.url, { headers: this.headers });
    this.wire();
    this.ws.on('message', (raw) => {
      const at = performance.now();
      const msg = JSON.parse(raw.toString());
      if (msg.event === 'media') {
        if (msg.streamSid !== this.streamSid) throw new Error('media for another stream');
        this.frames.push({ at, pcm: mulawDecode(Buffer.from(msg.media.payload, 'base64')) });
      } else if (msg.event === 'clear') this.clears.push(at);
      else if (msg.event === 'mark') this.marks.push(msg.mark.name);
      this.texts.push({ at, msg });
    });
    await new Promise<void>((res, rej) => {
      this.ws.once('open', () => res());
      this.ws.once('error', rej);
    });
    this.json({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.json({
      event: 'start',
      sequenceNumber: String(this.seq++),
      start: {
        accountSid: 'AC00000000000000000000000000000000',
        streamSid: this.streamSid,
        callSid: `CA${this.streamSid.slice(2)}`,
        tracks: ['inbound'],
        customParameters: this.params,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
      streamSid: this.streamSid,
    });
    this.startPacing();
  }

  private chunk = 1;
  private ts = 0;
  protected sendAudio(frame: Int16Array): void {
    if (frame.length !== samplesPerFrame(8000)) throw new Error('twilio frames are 160 samples');
    this.json({
      event: 'media',
      sequenceNumber: String(this.seq++),
      media: { track: 'inbound', chunk: String(this.chunk++), timestamp: String((this.ts += FRAME_MS)), payload: Buffer.from(mulawEncode(frame)).toString('base64') },
      streamSid: this.streamSid,
    });
  }

  press(digit: string): void {
    this.json({ event: 'dtmf', streamSid: this.streamSid, sequenceNumber: String(this.seq++), dtmf: { track: 'inbound_track', digit } });
  }

  stop(): void {
    this.json({ event: 'stop', sequenceNumber: String(this.seq++), streamSid: this.streamSid, stop: { accountSid: 'AC0', callSid: 'CA0' } });
  }

  private json(m: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(m));
  }
}

export class FreeswitchCaller extends ScriptedCaller {
  readonly uuid = `fs-${Math.random().toString(16).slice(2)}`;

  constructor(
    private readonly url: string,
    rate: 8000 | 16000,
    private readonly caller?: string,
  ) {
    super(rate);
  }

  async connect(): Promise<void> {
    this.ws = new WebSocket(`${this.url}${this.url.includes('?') ? '&' : '?'}rate=${this.rate}`);
    this.wire();
    this.ws.on('message', (raw, isBinary) => {
      const at = performance.now();
      if (isBinary) {
        this.frames.push({ at, pcm: l16Decode(raw as Buffer) });
        return;
      }
      const msg = JSON.parse(raw.toString());
      if (msg.type === 'killAudio') this.clears.push(at);
      this.texts.push({ at, msg });
    });
    await new Promise<void>((res, rej) => {
      this.ws.once('open', () => res());
      this.ws.once('error', rej);
    });
    // mod_audio_stream sends the metadata text first, then binary audio
    this.ws.send(JSON.stringify({ uuid: this.uuid, caller: this.caller, sampleRate: this.rate }));
    this.startPacing();
  }

  protected sendAudio(frame: Int16Array): void {
    this.ws.send(l16Encode(frame), { binary: true });
  }

  press(digit: string): void {
    this.ws.send(JSON.stringify({ event: 'dtmf', digit }));
  }
}

/** Level of received robot audio (dBFS), to check it is speech and not silence. */
export function levelOf(frames: Received[]): number {
  const all = new Int16Array(frames.reduce((n, f) => n + f.pcm.length, 0));
  let o = 0;
  for (const f of frames) {
    all.set(f.pcm, o);
    o += f.pcm.length;
  }
  return dbfs(all);
}

export { l16Decode };
