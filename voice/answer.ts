// One spoken turn through the assistant: the caller's recognised text goes to the same dialogue
// engine as chat (ctx.ports.dialogue, channel 'voice'); its streamed answer is cut into sentences
// and rewritten for the ear as it arrives, so the first sentence is synthesised while the model is
// still writing. Without a dialogue engine, the knowledge store answers with the best article.
import type { DialogueEvent, DialoguePort, Turn } from '../assistant/ports';
import type { Knowledge } from '../knowledge/types';
import { speakable } from './speak';

export interface ReplyResult {
  kind: 'answer' | 'clarify' | 'handoff' | 'error';
  /** All spoken text of the reply. */
  text: string;
  orderNo?: string;
  /** ms from the turn's start until the first sentence was ready (the LLM's share of latency). */
  firstSentenceMs: number | null;
}

/** Splits streamed text into complete sentences (also at line breaks: markdown list items). */
export class SentenceStream {
  private buf = '';
  push(delta: string): string[] {
    this.buf += delta;
    const out: string[] = [];
    for (;;) {
      const m = /[。！？!?\n]/.exec(this.buf);
      if (!m) break;
      const s = this.buf.slice(0, m.index + 1);
      this.buf = this.buf.slice(m.index + 1);
      if (s.trim()) out.push(s);
    }
    return out;
  }
  flush(): string[] {
    const s = this.buf;
    this.buf = '';
    return s.trim() ? [s] : [];
  }
}

export interface ReplyOptions {
  dialogue?: DialoguePort;
  knowledge: Knowledge;
  /** Spoken-length budget for one answer (characters). */
  maxChars?: number;
  now?: () => number;
}

/** Run a turn; `onSentence` receives each speakable sentence as soon as it is ready. */
export async function reply(turn: Turn, onSentence: (s: string) => void, o: ReplyOptions): Promise<ReplyResult> {
  const now = o.now ?? (() => performance.now());
  const t0 = now();
  const maxChars = o.maxChars ?? 160;
  let spoken = '';
  let firstSentenceMs: number | null = null;
  let over = false;
  const say = (raw: string) => {
    if (over) return;
    const s = speakable(raw, { maxChars: 1000 });
    if (!s) return;
    if (spoken.length + s.length > maxChars && spoken) {
      over = true;
      return;
    }
    const sentence = /[。！？!?：:，；]$/.test(s) ? s : s + '。';
    spoken += sentence;
    if (firstSentenceMs === null) firstSentenceMs = now() - t0;
    onSentence(sentence);
  };

  if (!o.dialogue) return knowledgeReply(turn.text ?? '', say, () => ({ spoken, firstSentenceMs }), o.knowledge);

  const stream = new SentenceStream();
  let streamed = false;
  let result: ReplyResult | null = null;
  const events: DialogueEvent[] = [];
  await o.dialogue.turn(turn, (e) => {
    events.push(e);
    switch (e.type) {
      case 'answer_delta':
        streamed = true;
        for (const s of stream.push(e.text)) say(s);
        break;
      case 'answer_done':
        if (streamed) for (const s of stream.flush()) say(s);
        else for (const s of new SentenceStream().push(e.text + '\n')) say(s);
        result = { kind: 'answer', text: spoken, firstSentenceMs };
        break;
      case 'clarify': {
        const opts = e.options?.length ? `您可以说：${e.options.slice(0, 3).join('、')}。` : '';
        say(e.text);
        if (opts) say(opts);
        result = { kind: 'clarify', text: spoken, firstSentenceMs };
        break;
      }
      case 'handoff':
        result = { kind: 'handoff', text: e.text, orderNo: e.orderNo, firstSentenceMs: now() - t0 };
        break;
      case 'error':
        result = { kind: 'error', text: e.message, firstSentenceMs };
        break;
      default:
        break; // suggestions and staff messages are for screens
    }
  });
  if (over) {
    const tail = '内容较多，完整解答可以按0转人工服务。';
    spoken += tail;
    onSentence(tail);
  }
  if (result) return { ...(result as ReplyResult), text: (result as ReplyResult).kind === 'answer' ? spoken : (result as ReplyResult).text };
  return { kind: 'error', text: 'no final event', firstSentenceMs };
}

async function knowledgeReply(
  text: string,
  say: (s: string) => void,
  state: () => { spoken: string; firstSentenceMs: number | null },
  knowledge: Knowledge,
): Promise<ReplyResult> {
  const r = await knowledge.search({ text, limit: 3 });
  const top = r.hits[0];
  if (!top || r.confidence < 0.2) {
    say('这个问题我暂时没有找到准确的法律依据，建议您按0转人工服务。');
    return { kind: 'answer', ...textOf(state()) };
  }
  const first = top.text.split(/(?<=[。；])/)[0];
  say(`与您的问题相关的规定是${top.law}${top.article}：${first}`);
  say('以上内容仅供参考，具体情况可以按0转人工服务。');
  return { kind: 'answer', ...textOf(state()) };
}

function textOf(s: { spoken: string; firstSentenceMs: number | null }) {
  return { text: s.spoken, firstSentenceMs: s.firstSentenceMs };
}
