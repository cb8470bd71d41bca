// The /voice-demo softphone: microphone → 16 kHz L16 frames → /ws/voice/browser; the robot's
// 16 kHz L16 frames are scheduled gap-free on an AudioContext; `clear` (barge-in) stops them at
// once. Keypad (and keyboard 0-9 * #) send DTMF. Works without a microphone as a key-menu phone.
// Page markup: voice/page.ts.

const RATE = 16000;
const FRAME = 320; // 20 ms at 16 kHz

// AudioWorklet that forwards microphone blocks to the page (inline: no extra file to serve)
const WORKLET = `
class Tap extends AudioWorkletProcessor {
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) this.port.postMessage(ch.slice(0));
    return true;
  }
}
registerProcessor('lawline-tap', Tap);
`;

interface Ui {
  call: HTMLButtonElement;
  status: HTMLElement;
  captions: HTMLElement;
  keys: HTMLButtonElement[];
}

function ui(): Ui {
  return {
    call: document.getElementById('call') as HTMLButtonElement,
    status: document.getElementById('status') as HTMLElement,
    captions: document.getElementById('captions') as HTMLElement,
    keys: Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-key]')),
  };
}

/** Float samples at the context rate → Int16 at 16 kHz (linear interpolation; the context is
 * usually already 16 kHz when the browser honours the requested rate). */
function toL16(input: Float32Array, fromRate: number): Int16Array {
  const ratio = fromRate / RATE;
  const n = Math.floor(input.length / ratio);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const x = i * ratio;
    const i0 = Math.floor(x);
    const f = x - i0;
    const s = input[i0] * (1 - f) + (input[Math.min(i0 + 1, input.length - 1)] ?? 0) * f;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(s * 32767)));
  }
  return out;
}

class Softphone {
  private ws: WebSocket | null = null;
  private ctx: AudioContext | null = null;
  private stream: MediaStream | null = null;
  private pending: number[] = [];
  private playAt = 0;
  private sources = new Set<AudioBufferSourceNode>();
  private active = false;

  constructor(private readonly el: Ui) {
    el.call.addEventListener('click', () => (this.active ? this.hangup() : void this.dial()));
    for (const b of el.keys) b.addEventListener('click', () => this.key(b.dataset.key!));
    document.addEventListener('keydown', (e) => {
      if (this.active && /^[0-9*#]$/.test(e.key) && !(e.target instanceof HTMLInputElement)) this.key(e.key);
    });
  }

  private setStatus(text: string): void {
    this.el.status.textContent = text;
  }

  private caption(role: 'robot' | 'caller', text: string): void {
    const p = document.createElement('p');
    p.className = role;
    p.textContent = text;
    this.el.captions.appendChild(p);
    this.el.captions.scrollTop = this.el.captions.scrollHeight;
  }

  private async dial(): Promise<void> {
    this.active = true;
    this.el.call.textContent = '挂断';
    this.el.call.classList.add('active');
    this.el.captions.textContent = '';
    this.setStatus('正在接通…');
    this.ctx = new AudioContext({ sampleRate: RATE });
    await this.ctx.resume();
    this.playAt = 0;
    let mic = true;
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 } });
    } catch {
      mic = false; // keys still work: the robot's key menu
    }
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws/voice/browser`);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = async () => {
      ws.send(JSON.stringify({ type: 'start' }));
      for (const b of this.el.keys) b.disabled = false;
      this.setStatus(mic ? '通话中：可以直接说话，也可以按键。' : '通话中（未获得麦克风权限，请使用按键）。');
      if (mic && this.stream && this.ctx) await this.capture(this.stream, this.ctx);
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return this.play(new Int16Array(ev.data as ArrayBuffer));
      const msg = JSON.parse(ev.data) as { type: string; role?: 'robot' | 'caller'; text?: string; reason?: string };
      if (msg.type === 'clear') this.stopPlayback();
      else if (msg.type === 'caption' && msg.text) this.caption(msg.role ?? 'robot', msg.text);
      else if (msg.type === 'hangup') this.setStatus('通话已结束。');
    };
    ws.onclose = () => this.teardown();
    ws.onerror = () => this.setStatus('连接失败，请稍后再试，或直接拨打 12348。');
  }

  private async capture(stream: MediaStream, ctx: AudioContext): Promise<void> {
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
    await ctx.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const src = ctx.createMediaStreamSource(stream);
    const tap = new AudioWorkletNode(ctx, 'lawline-tap');
    tap.port.onmessage = (e: MessageEvent<Float32Array>) => {
      const pcm = toL16(e.data, ctx.sampleRate);
      for (const s of pcm) this.pending.push(s);
      while (this.pending.length >= FRAME) {
        const frame = Int16Array.from(this.pending.splice(0, FRAME));
        if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(frame.buffer);
      }
    };
    src.connect(tap);
  }

  private play(pcm: Int16Array): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const buf = ctx.createBuffer(1, pcm.length, RATE);
    const ch = buf.getChannelData(0);
    for (let i = 0; i < pcm.length; i++) ch[i] = pcm[i] / 32768;
    const node = ctx.createBufferSource();
    node.buffer = buf;
    node.connect(ctx.destination);
    // 60 ms of jitter buffer when (re)starting; frames then follow back to back
    if (this.playAt < ctx.currentTime) this.playAt = ctx.currentTime + 0.06;
    node.start(this.playAt);
    this.playAt += buf.duration;
    this.sources.add(node);
    node.onended = () => this.sources.delete(node);
  }

  private stopPlayback(): void {
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        // already stopped
      }
    }
    this.sources.clear();
    this.playAt = 0;
  }

  private key(k: string): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(JSON.stringify({ type: 'dtmf', digit: k }));
    this.caption('caller', `按键 ${k === '*' ? '星号' : k === '#' ? '井号' : k}`);
  }

  private hangup(): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'hangup' }));
    this.ws?.close();
    this.teardown();
  }

  private teardown(): void {
    if (!this.active) return;
    this.active = false;
    this.stopPlayback();
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    void this.ctx?.close();
    this.ctx = null;
    this.ws = null;
    this.pending = [];
    for (const b of this.el.keys) b.disabled = true;
    this.el.call.textContent = '拨打';
    this.el.call.classList.remove('active');
    if (!this.el.status.textContent?.includes('结束')) this.setStatus('通话已结束。');
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => new Softphone(ui()));
else new Softphone(ui());
