// One phone call, independent of the telephony protocol: a bridge feeds it caller audio (PCM at
// the line rate) and key presses, and gives it a line to send 20 ms frames, `clear` and hang-up.
//
//   caller audio → resample 16 kHz → VAD windows → endpointer ─┬─ speech start while playing → barge-in (clear)
//                                                              └─ utterance → ASR → dialogue → speak → TTS → player
//   keys: 0 human (work order + number read back) · * repeat · # work-order progress (number#, then
//         last four digits) · 1-8 topics · 9 menu
//   timers: silence → reprompt (twice) → polite hang-up · maximum call length → polite hang-up
//
// Without an ASR engine the call is a key menu: speech is still detected (so the robot stops
// talking when the caller talks) and answered with "speech recognition unavailable, use keys".
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../assistant/clock';
import type { Config } from '../assistant/config';
import type { EventBus } from '../assistant/events';
import type { Logger } from '../assistant/log';
import type { Ports } from '../assistant/ports';
import type { Knowledge } from '../knowledge/types';
import { Chunker } from './audio/frames';
import { StreamResampler } from './audio/resample';
import { writeWav } from './audio/wav';
import { reply } from './answer';
import { ASR_RATE } from './asr';
import type { VoiceEngines } from './engines';
import type { Menu } from './menu';
import { Player, type PlayerSink } from './player';
import { menuPrompt, orderRepeat, P, progressText } from './prompts';
import { displayText, leadPieces, sentences, spellDigits, speakable } from './speak';
import type { CallStore } from './store';
import { Endpointer, type EndpointEvent } from './vad/endpointer';
import { resample } from './audio/resample';
import { vadRateFor, vadWindow, type SpeechDetector, type VadRate } from './vad/types';

export type Protocol = 'twilio' | 'freeswitch' | 'browser';

export interface CallLine extends PlayerSink {
  protocol: Protocol;
  /** Close the call from our side (after the goodbye has played). */
  hangup(reason: string): void;
  /** Text of what is said, for lines with a screen (the browser softphone). */
  caption?(role: 'robot' | 'caller', text: string): void;
  /** Hand the caller to the human agents' queue (telephony lines); the robot leaves the call. */
  transfer?(orderNo: string): void;
}

export interface CallTiming {
  /** Silence after a prompt before the robot reprompts (ms). */
  silenceMs: number;
  /** Reprompts before the polite hang-up. */
  maxReprompts: number;
  maxCallMs: number;
  /** Time allowed between key presses while entering a number (ms). */
  digitTimeoutMs: number;
}

export const DEFAULT_TIMING: Omit<CallTiming, 'maxCallMs'> = { silenceMs: 8000, maxReprompts: 2, digitTimeoutMs: 10_000 };

export interface CallDeps {
  config: Config;
  log: Logger;
  clock: Clock;
  bus: EventBus;
  knowledge: Knowledge;
  ports: Ports;
  engines: VoiceEngines;
  store: CallStore;
  menu: Menu;
  timing: CallTiming;
}

export interface CallStart {
  externalId?: string;
  callerId?: string;
  /** Sample rate of the caller audio the bridge will push. */
  inRate: number;
}

type Mode = 'menu' | 'order' | 'last4' | 'busy' | 'ended';

/** Per-turn latency parts (ms), stored as a turn_timing event (bench:voice reads them). */
export interface TurnTiming {
  endpointToFirstFrameMs: number;
  asrMs: number;
  llmMs: number;
  pipelineMs: number; // endpointToFirstFrame − asr − llm: our own overhead (TTS, resampling, queueing)
}

function maskPhone(p: string): string {
  const d = p.replace(/\D/g, '');
  return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
}

export class Call {
  readonly id = randomUUID();
  readonly conversationId = `voice-${this.id}`;
  readonly player: Player;
  private mode: Mode = 'menu';
  private readonly detector: SpeechDetector;
  private readonly endpointer = new Endpointer();
  private readonly vadRate: VadRate;
  private readonly chunker: Chunker;
  private readonly toVad: StreamResampler;
  private vadChain: Promise<void> = Promise.resolve();
  private last: string[] = []; // what * repeats
  private digits = '';
  private orderNo = '';
  private silenceTimer: NodeJS.Timeout | null = null;
  private maxTimer: NodeJS.Timeout | null = null;
  private reprompts = 0;
  private turnSeq = 0;
  private turns = 0;
  private citizenId: string | null = null;
  private callerId: string | undefined;
  private recording: { stream: WriteStream; path: string; bytes: number } | null = null;
  private readonly startedAt: Date;
  private readonly log: Logger;
  private endedResolve!: () => void;
  readonly ended = new Promise<void>((r) => (this.endedResolve = r));

  constructor(
    private readonly deps: CallDeps,
    private readonly line: CallLine,
    private readonly info: CallStart,
  ) {
    this.player = new Player(line);
    this.vadRate = vadRateFor(info.inRate);
    this.chunker = new Chunker(vadWindow(this.vadRate));
    this.detector = deps.engines.vad.create(this.vadRate);
    this.toVad = new StreamResampler(info.inRate, this.vadRate);
    this.startedAt = deps.clock.now();
    this.callerId = info.callerId;
    this.log = deps.log.child({ call: this.id, protocol: line.protocol });
  }

  get speechMode(): boolean {
    return this.deps.engines.asr !== null;
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  private event(kind: Parameters<CallStore['event']>[2], role: 'caller' | 'robot' | 'system', text?: string | null, data?: Record<string, unknown>) {
    if (text && (kind === 'prompt' || kind === 'answer' || kind === 'progress')) this.line.caption?.('robot', displayText(text));
    if (text && kind === 'transcript') this.line.caption?.('caller', text);
    try {
      this.deps.store.event(this.id, this.nowIso(), kind, role, text, data);
    } catch (e) {
      this.log.error('voice event not stored', { kind, error: e });
    }
  }

  async start(): Promise<void> {
    const { store, engines, config } = this.deps;
    let recordingPath: string | null = null;
    if (config.VOICE_RECORD_AUDIO) {
      const dir = join(config.DATA_DIR, 'voice-recordings');
      mkdirSync(dir, { recursive: true });
      recordingPath = join(dir, `${this.id}.pcm.raw`);
      this.recording = { stream: createWriteStream(recordingPath), path: recordingPath, bytes: 0 };
    }
    store.create({
      id: this.id,
      protocol: this.line.protocol,
      externalId: this.info.externalId,
      callerMasked: this.callerId ? maskPhone(this.callerId) : null,
      conversationId: this.conversationId,
      mode: this.speechMode ? 'speech' : 'dtmf',
      engines: { vad: engines.status.vad, asr: engines.status.asr, tts: engines.status.tts },
      startedAt: this.startedAt.toISOString(),
      recordingPath,
    });
    this.event('start', 'system', null, { protocol: this.line.protocol, inRate: this.info.inRate, outRate: this.line.rate });
    this.identify();
    this.maxTimer = setTimeout(() => void this.finish('max_duration', P.goodbyeMaxDuration), this.deps.timing.maxCallMs);
    this.maxTimer.unref?.();
    if (this.speechMode) await this.say([P.greetingSpeech], 'prompt');
    else await this.say([P.greetingDtmf, menuPrompt(this.deps.menu)], 'prompt');
  }

  private identify(): void {
    const citizens = this.deps.ports.citizens;
    if (!this.callerId || !citizens) return;
    try {
      const ref = citizens.identify({ phone: this.callerId });
      if (!ref) return;
      this.citizenId = ref.citizenId;
      this.deps.store.update(this.id, { citizenId: ref.citizenId, callerMasked: ref.masked });
      citizens
        .contactStarted({ citizenId: ref.citizenId, channel: 'voice', conversationId: this.conversationId })
        .catch((e) => this.log.warn('contactStarted failed', { error: e }));
    } catch (e) {
      this.log.warn('caller identification failed', { error: e });
    }
  }

  // ---- speaking -------------------------------------------------------------------------------

  /** Speak texts (sentence by sentence: the first plays while the next is synthesised). */
  private say(texts: string[], kind: 'prompt' | 'answer' | 'progress', opts: { remember?: boolean; tail?: string } = {}): Promise<boolean> {
    if (this.mode === 'ended') return Promise.resolve(false);
    this.clearSilence();
    const spoken = texts.filter(Boolean);
    for (const t of spoken) this.event(kind, 'robot', t);
    if (opts.tail) {
      this.event('prompt', 'robot', opts.tail);
      spoken.push(opts.tail);
    }
    if (opts.remember !== false) this.last = spoken;
    const tts = this.deps.engines.tts;
    if (!tts) {
      this.armSilence();
      return Promise.resolve(true);
    }
    let done: Promise<{ completed: boolean }> = Promise.resolve({ completed: true });
    for (const t of spoken) for (const s of sentences(t)) done = this.player.enqueue(() => tts.audio(s, this.line.rate), kind);
    return done.then((r) => {
      if (r.completed) this.armSilence();
      return r.completed;
    });
  }

  /** Queue one sentence of a streamed answer; the turn's first sentence starts with a short piece. */
  private sayOne(sentence: string, first = false): void {
    const tts = this.deps.engines.tts;
    if (!tts) return;
    for (const piece of first ? leadPieces(sentence) : sentences(sentence)) {
      void this.player.enqueue(() => tts.audio(piece, this.line.rate), 'answer').then((r) => r.completed && !this.player.playing && this.armSilence());
    }
  }

  private armSilence(): void {
    this.clearSilence();
    if (this.mode === 'ended' || this.mode === 'busy' || this.player.playing) return;
    const ms = this.mode === 'order' || this.mode === 'last4' ? this.deps.timing.digitTimeoutMs : this.deps.timing.silenceMs;
    this.silenceTimer = setTimeout(() => void this.onSilence(), ms);
  }

  private clearSilence(): void {
    if (this.silenceTimer) clearTimeout(this.silenceTimer);
    this.silenceTimer = null;
  }

  private async onSilence(): Promise<void> {
    if (this.mode === 'ended' || this.player.playing) return;
    if (this.mode === 'order' || this.mode === 'last4') {
      this.mode = 'menu';
      this.digits = '';
    }
    if (this.reprompts >= this.deps.timing.maxReprompts) {
      await this.finish('silence', P.goodbyeSilence);
      return;
    }
    this.reprompts++;
    this.event('reprompt', 'system', null, { n: this.reprompts });
    const again = this.speechMode ? [P.reprompt, P.speechHint] : [P.reprompt, menuPrompt(this.deps.menu)];
    await this.say(again, 'prompt');
  }

  // ---- caller audio ---------------------------------------------------------------------------

  /** Caller audio at the line's input rate (any chunk size). */
  audio(pcm: Int16Array): void {
    if (this.mode === 'ended') return;
    const pcmV = this.info.inRate === this.vadRate ? pcm : this.toVad.push(pcm);
    if (this.recording) {
      const b = Buffer.from(pcmV.buffer, pcmV.byteOffset, pcmV.byteLength);
      this.recording.stream.write(Buffer.from(b));
      this.recording.bytes += b.length;
    }
    const windows = this.chunker.push(pcmV);
    if (windows.length === 0) return;
    this.vadChain = this.vadChain.then(async () => {
      for (const w of windows) {
        if (this.mode === 'ended') return;
        const p = await this.detector.score(w);
        for (const e of this.endpointer.push(w, p)) this.onEndpoint(e);
      }
    }).catch((e) => this.log.error('vad failed', { error: e }));
  }

  private onEndpoint(e: EndpointEvent): void {
    if (e.type === 'speech_start') {
      this.clearSilence();
      this.reprompts = 0;
      if (this.player.stop()) this.event('barge_in', 'caller', null, { atMs: Math.round(e.atMs) });
      return;
    }
    if (e.type === 'misfire') {
      this.armSilence();
      return;
    }
    void this.onUtterance(e.audio, e.durationMs);
  }

  private async onUtterance(audioV: Int16Array, durationMs: number): Promise<void> {
    if (this.mode === 'ended') return;
    const endpointAt = performance.now();
    const asr = this.deps.engines.asr;
    if (!asr) {
      this.event('speech', 'caller', null, { durationMs });
      if (this.mode === 'menu') await this.say([P.speechWithoutAsr, menuPrompt(this.deps.menu)], 'prompt');
      else this.armSilence();
      return;
    }
    if (this.mode === 'order' || this.mode === 'last4') return; // entering digits: speech ignored
    const seq = ++this.turnSeq;
    this.mode = 'busy';
    this.clearSilence();
    let text = '';
    let asrMs = 0;
    try {
      const r = await asr.transcribe(this.vadRate === ASR_RATE ? audioV : resample(audioV, this.vadRate, ASR_RATE));
      text = r.text;
      asrMs = r.ms;
    } catch (e) {
      this.log.warn('asr failed', { error: e });
    }
    if (seq !== this.turnSeq || this.isEnded()) return;
    if (!text) {
      this.mode = 'menu';
      await this.say([P.notHeard], 'prompt');
      return;
    }
    this.event('transcript', 'caller', text, { asrMs: Math.round(asrMs), durationMs });
    this.turns++;
    this.deps.store.update(this.id, { turns: this.turns });
    await this.dialogueTurn(text, seq, endpointAt, asrMs);
  }

  private async dialogueTurn(text: string, seq: number, endpointAt: number, asrMs: number): Promise<void> {
    const spoken: string[] = [];
    let firstFrameAt: number | null = null;
    this.player.whenFirstFrame(() => (firstFrameAt = performance.now()));
    let result;
    try {
      result = await reply(
        { conversationId: this.conversationId, channel: 'voice', text, citizen: this.callerId ? { phone: this.callerId } : undefined },
        (s) => {
          if (seq !== this.turnSeq || this.isEnded()) return;
          spoken.push(s);
          this.sayOne(s, spoken.length === 1);
        },
        { dialogue: this.deps.ports.dialogue, knowledge: this.deps.knowledge },
      );
    } catch (e) {
      this.log.error('dialogue failed', { error: e });
      result = { kind: 'error' as const, text: String(e), firstSentenceMs: null };
    }
    if (seq !== this.turnSeq || this.isEnded()) return;
    this.mode = 'menu';
    if (result.kind === 'handoff' && result.orderNo) {
      await this.announceHandoff(result.orderNo, result.text);
      return;
    }
    if (result.kind === 'error') {
      this.event('error', 'system', null, { where: 'dialogue', message: result.text.slice(0, 200) });
      await this.say([P.dialogueError], 'prompt');
      return;
    }
    this.event('answer', 'robot', spoken.join(''), { kind: result.kind });
    this.last = spoken;
    this.sayOne(P.afterAnswerSpeech);
    // store the latency split once the first frame went out
    const recordTiming = () => {
      if (firstFrameAt === null) return;
      const total = firstFrameAt - endpointAt;
      const llmMs = result.firstSentenceMs ?? 0;
      const t: TurnTiming = {
        endpointToFirstFrameMs: Math.round(total),
        asrMs: Math.round(asrMs),
        llmMs: Math.round(llmMs),
        pipelineMs: Math.round(total - asrMs - llmMs),
      };
      this.event('turn_timing', 'system', null, t as unknown as Record<string, unknown>);
    };
    if (firstFrameAt !== null) recordTiming();
    else this.player.whenFirstFrame(() => ((firstFrameAt = performance.now()), recordTiming()));
  }

  private isEnded(): boolean {
    return this.mode === 'ended';
  }

  // ---- keys -----------------------------------------------------------------------------------

  dtmf(key: string): void {
    if (this.mode === 'ended' || !/^[0-9*#A-D]$/.test(key)) return;
    this.clearSilence();
    this.reprompts = 0;
    if (this.player.stop()) this.event('barge_in', 'caller', null, { dtmf: true });
    void this.onKey(key);
  }

  private async onKey(key: string): Promise<void> {
    if (this.mode === 'order') return this.orderKey(key);
    if (this.mode === 'last4') return this.last4Key(key);
    if (this.mode === 'busy') {
      // a key during a turn: the caller wants control back
      if (key !== '0' && key !== '*') return;
      this.turnSeq++;
      this.mode = 'menu';
    }
    const topic = this.deps.menu.byKey(key);
    if (key === '0') {
      this.event('dtmf', 'caller', '按键0：转人工服务');
      return this.handoff('citizen');
    }
    if (key === '*') {
      this.event('dtmf', 'caller', '按键*：重听');
      await this.say(this.last.length ? this.last : [menuPrompt(this.deps.menu)], 'prompt', { remember: false });
      return;
    }
    if (key === '#') {
      this.event('dtmf', 'caller', '按键#：查询工单进度');
      this.mode = 'order';
      this.digits = '';
      await this.say([P.orderPrompt], 'prompt');
      return;
    }
    if (key === '9') {
      this.event('dtmf', 'caller', '按键9：常见问题菜单');
      await this.say([menuPrompt(this.deps.menu)], 'prompt');
      return;
    }
    if (topic) {
      this.event('dtmf', 'caller', `按键${key}：${topic.title}`);
      this.deps.bus.emit('conversation.citizen_message', { conversationId: this.conversationId, text: `电话按键咨询：${topic.title}`, at: this.nowIso() });
      await this.say([topic.answer], 'answer', { tail: P.afterAnswer });
      return;
    }
    this.event('dtmf', 'caller', `按键${key}：无效`);
    await this.say([P.invalidKey, this.speechMode ? P.speechHint : menuPrompt(this.deps.menu)], 'prompt');
  }

  private async orderKey(key: string): Promise<void> {
    if (key === '*') {
      this.mode = 'menu';
      this.digits = '';
      this.event('dtmf', 'caller', '取消查询');
      await this.say([this.speechMode ? P.speechHint : menuPrompt(this.deps.menu)], 'prompt');
      return;
    }
    if (key === '#') {
      if (!this.digits) {
        await this.say([P.orderPrompt], 'prompt');
        return;
      }
      this.orderNo = this.digits;
      this.digits = '';
      this.mode = 'last4';
      this.event('dtmf', 'caller', `输入工单号码：${this.orderNo}`);
      await this.say([P.last4Prompt], 'prompt');
      return;
    }
    if (/\d/.test(key) && this.digits.length < 32) this.digits += key;
    this.armSilence();
  }

  private async last4Key(key: string): Promise<void> {
    if (key === '*') {
      this.mode = 'menu';
      this.digits = '';
      await this.say([this.speechMode ? P.speechHint : menuPrompt(this.deps.menu)], 'prompt');
      return;
    }
    if (/\d/.test(key)) this.digits += key;
    if (this.digits.length < 4) {
      this.armSilence();
      return;
    }
    const last4 = this.digits.slice(0, 4);
    this.digits = '';
    this.mode = 'menu';
    this.event('dtmf', 'caller', '输入手机号码后四位：****');
    const orders = this.deps.ports.orders;
    if (!orders) {
      await this.say([P.progressUnavailable], 'progress');
      return;
    }
    let view = null;
    try {
      view = findProgress(orders.progress.bind(orders), this.orderNo, last4);
    } catch (e) {
      this.log.warn('progress lookup failed', { error: e });
      await this.say([P.progressUnavailable], 'progress');
      return;
    }
    this.event('progress', 'system', null, { found: Boolean(view), orderNo: view?.orderNo ?? this.orderNo });
    await this.say([view ? progressText(view) : P.orderNotFound], 'progress', { tail: P.afterAnswer });
  }

  // ---- handoff --------------------------------------------------------------------------------

  private async handoff(reason: 'citizen' | 'emergency' | 'complaint' | 'low_confidence'): Promise<void> {
    const orders = this.deps.ports.orders;
    this.mode = 'busy';
    if (!orders) {
      this.mode = 'menu';
      await this.say([P.handoffUnavailable], 'prompt');
      return;
    }
    void this.say([P.transferring], 'prompt', { remember: false });
    try {
      const transcript = this.deps.store.transcript(this.id);
      const firstAsk = transcript.find((t) => t.role === 'citizen')?.at ?? this.startedAt.toISOString();
      const res = await orders.handoff({
        conversationId: this.conversationId,
        channel: 'voice',
        reason,
        transcript,
        citizen: this.callerId ? { phone: this.callerId } : undefined,
        articles: [],
        waitingSince: firstAsk,
      });
      if (this.isEnded()) return;
      await this.announceHandoff(res.orderNo, res.message);
    } catch (e) {
      this.log.error('handoff failed', { error: e });
      this.event('error', 'system', null, { where: 'handoff' });
      this.mode = 'menu';
      await this.say([P.handoffUnavailable], 'prompt');
    }
  }

  private async announceHandoff(orderNo: string, message: string): Promise<void> {
    this.deps.store.update(this.id, { orderNo });
    this.event('handoff', 'system', null, { orderNo });
    const spokenMsg = speakable(message.split(orderNo).join(spellDigits(orderNo)), { maxChars: 200 });
    this.mode = 'menu';
    const heard = await this.say([spokenMsg], 'answer', { tail: orderRepeat(orderNo, message.includes(orderNo)) });
    // the caller heard the number without interrupting: hand them to the agents' queue
    if (heard && this.line.transfer && !this.isEnded()) {
      this.line.transfer(orderNo);
      this.end('transferred');
    }
  }

  // ---- ending ---------------------------------------------------------------------------------

  /** Say goodbye, then hang up. */
  async finish(reason: string, goodbye: string): Promise<void> {
    if (this.mode === 'ended') return;
    this.player.stop();
    this.turnSeq++;
    this.mode = 'busy';
    this.clearSilence();
    await this.say([goodbye], 'prompt', { remember: false });
    this.line.hangup(reason);
    this.end(reason);
  }

  /** The line is gone (caller hung up, socket closed) or we hung up. */
  end(reason: string): void {
    if (this.mode === 'ended') return;
    this.mode = 'ended';
    this.turnSeq++;
    this.clearSilence();
    if (this.maxTimer) clearTimeout(this.maxTimer);
    this.player.close();
    this.event('end', 'system', null, { reason });
    this.deps.store.end(this.id, this.nowIso(), reason, { late: this.player.late, sent: this.player.sent });
    if (this.recording) {
      const { stream, path, bytes } = this.recording;
      stream.end(() => {
        // prepend a WAV header now that the length is known
        import('node:fs').then(({ readFileSync, writeFileSync, rmSync }) => {
          try {
            const raw = readFileSync(path);
            const wavPath = path.replace(/\.pcm\.raw$/, '.wav');
            const pcm = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + (bytes & ~1)));
            writeFileSync(wavPath, writeWav(pcm, this.vadRate));
            rmSync(path);
            this.deps.store.setRecording(this.id, wavPath);
          } catch (e) {
            this.log.warn('recording not finalised', { error: e });
          }
        });
      });
    }
    this.endedResolve();
  }
}

/** Order numbers are printed `12348-YYYYMMDD-NNNNNN`; a phone keypad has no dash, so the digits
 * are put back into that shape (with or without the leading 12348). One lookup only: the orders
 * module locks a number after repeated failed checks. */
export function keyedOrderNo(digits: string): string {
  if (/^12348\d{14}$/.test(digits)) return `12348-${digits.slice(5, 13)}-${digits.slice(13)}`;
  if (/^\d{14}$/.test(digits)) return `12348-${digits.slice(0, 8)}-${digits.slice(8)}`;
  return digits;
}

export function findProgress<T>(progress: (orderNo: string, last4: string) => T | null, digits: string, last4: string): T | null {
  return progress(keyedOrderNo(digits), last4);
}
