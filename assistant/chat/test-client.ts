// Test support: a real WebSocket client for /ws/chat that records every server frame and waits
// for the next frame matching a predicate. Used by the chat tests and the chat benchmark.
import WebSocket from 'ws';

export type Frame = Record<string, any> & { type: string };

export class ChatClient {
  readonly frames: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; from: number; resolve: (f: Frame) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];
  private cursor = 0;
  closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as Frame;
      this.frames.push(f);
      for (const w of [...this.waiters]) {
        if (this.frames.length - 1 >= w.from && w.pred(f)) {
          clearTimeout(w.timer);
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(f);
        }
      }
    });
    this.closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
  }

  static open(url: string, opts: WebSocket.ClientOptions = {}): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, opts);
      const c = new ChatClient(ws);
      ws.once('open', () => resolve(c));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after the last one returned by next) matching pred. */
  next(pred: string | ((f: Frame) => boolean), timeoutMs = 20_000): Promise<Frame> {
    const p = typeof pred === 'string' ? (f: Frame) => f.type === pred : pred;
    for (let i = this.cursor; i < this.frames.length; i++) {
      if (p(this.frames[i])) {
        this.cursor = i + 1;
        return Promise.resolve(this.frames[i]);
      }
    }
    return new Promise((resolve, reject) => {
      const w = {
        pred: p,
        from: this.cursor,
        resolve: (f: Frame) => {
          this.cursor = this.frames.indexOf(f) + 1;
          resolve(f);
        },
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          reject(new Error(`timeout waiting for frame; got ${JSON.stringify(this.frames.slice(this.cursor).map((f) => f.type))}`));
        }, timeoutMs),
      };
      this.waiters.push(w);
    });
  }

  /** Send a message and wait for the frame that ends the turn (answer_done, clarify, handoff or error). */
  async ask(text: string): Promise<Frame> {
    this.send({ type: 'message', text });
    return this.next((f) => ['answer_done', 'clarify', 'handoff', 'error'].includes(f.type));
  }

  close(): void {
    this.ws.close();
  }
}
