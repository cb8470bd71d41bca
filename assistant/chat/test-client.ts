// Test support: a real WebSocket client for /ws/chat that records every server frame and waits
// for the next frame matching a predicate (used by the chat tests and the chat benchmark), and a
// client of the conversation event stream (GET /api/conversations/:id/events).
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

/** A conversation on /ws/chat with one legal question, handed to a person with a phone number (for the callback). */
export async function handedOffChat(wsUrl: string, phone: string, question = '公司拖欠我三个月工资怎么办？'): Promise<{ chat: ChatClient; conversationId: string; orderNo: string }> {
  const chat = await ChatClient.open(`${wsUrl}/ws/chat`);
  chat.send({ type: 'hello' });
  const ready = await chat.next('ready');
  await chat.ask(question);
  chat.send({ type: 'handoff_request', phone });
  const h = await chat.next('handoff');
  return { chat, conversationId: ready.conversationId as string, orderNo: h.orderNo as string };
}

export interface SseBlock {
  event?: string;
  id?: string;
  data?: any;
  comments: string[];
}

/** An open server-sent event stream (GET …/events), read block by block (blank-line separated), as the raw text came. */
export class EventStreamClient {
  readonly blocks: SseBlock[] = [];
  private waiters: (() => void)[] = [];
  private constructor(
    readonly res: Response,
    private ctrl: AbortController,
  ) {
    void this.read();
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
    const ctrl = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
    return new EventStreamClient(res, ctrl);
  }

  private async read() {
    const reader = this.res.body!.getReader();
    const dec = new TextDecoder();
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const raw = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const b: SseBlock = { comments: [] };
          const data: string[] = [];
          for (const l of raw.split('\n')) {
            if (l.startsWith(':')) b.comments.push(l.slice(1).trim());
            else if (l.startsWith('event: ')) b.event = l.slice(7);
            else if (l.startsWith('id: ')) b.id = l.slice(4);
            else if (l.startsWith('data: ')) data.push(l.slice(6));
          }
          if (data.length) b.data = JSON.parse(data.join('\n'));
          this.blocks.push(b);
          for (const w of this.waiters.splice(0)) w();
        }
      }
    } catch {
      /* aborted */
    }
  }

  get events(): SseBlock[] {
    return this.blocks.filter((b) => b.data);
  }

  /** Wait until `pred` holds for the blocks so far. */
  async until(pred: (s: EventStreamClient) => boolean, ms = 5_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred(this)) {
      if (Date.now() > deadline) throw new Error(`timed out; blocks: ${JSON.stringify(this.blocks)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  close() {
    this.ctrl.abort();
  }
}
