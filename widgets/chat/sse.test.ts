import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, type SseEvent } from './sse';

function parseAll(chunks: string[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

// what POST /api/chat streams (hono streamSSE: `event:` / `data:` lines, blank line between)
const STREAM =
  'event: ready\ndata: {"type":"ready","conversationId":"c_1"}\n\n' +
  'event: answer_delta\ndata: {"type":"answer_delta","text":"根据《劳动合同法》"}\n\n' +
  ': keep-alive\n\n' +
  'event: answer_done\ndata: {"type":"answer_done","messageId":"m1","text":"根据《劳动合同法》第三十条"}\n\n';

describe('SSE parser', () => {
  it('parses named events with JSON data', () => {
    const events = parseAll([STREAM]);
    expect(events.map((e) => e.event)).toEqual(['ready', 'answer_delta', 'answer_done']);
    expect(JSON.parse(events[1].data)).toEqual({ type: 'answer_delta', text: '根据《劳动合同法》' });
  });

  it('gives the same events however the text is split into chunks (\\n, \\r\\n and \\r line ends)', () => {
    const expected = parseAll([STREAM]);
    for (const text of [STREAM, STREAM.replace(/\n/g, '\r\n'), STREAM.replace(/\n/g, '\r')]) {
      for (let i = 0; i <= text.length; i++) expect(parseAll([text.slice(0, i), text.slice(i)])).toEqual(expected);
      expect(parseAll([...text])).toEqual(expected); // one character at a time
    }
  });

  it('follows the EventSource field rules', () => {
    const events = parseAll([
      '\ufeffdata:no space\n\n', // BOM at the start; the space after the colon is optional
      'data: line one\ndata: line two\nid: 7\n\n', // data lines joined with \n
      'event: only-a-name\n\n', // no data: no event
      'retry: 1000\nunknown: x\ndata\n\n', // ignored fields; a bare `data` is an empty line of data
      'data: not finished', // no blank line before the end: dropped
    ]);
    expect(events).toEqual([
      { event: 'message', data: 'no space' },
      { event: 'message', data: 'line one\nline two', id: '7' },
      { event: 'message', data: '', id: '7' },
    ]);
  });

  it('reports every dispatch point with the last event id, also for blocks without data', () => {
    const ids: (string | undefined)[] = [];
    const events: SseEvent[] = [];
    const p = createSseParser((e) => events.push(e), (id) => ids.push(id));
    // GET /api/conversations/:id/events: an opening block that only sets the id, a heartbeat, an event
    p.push('retry: 3000\nid: 4\n: open\n\n: ping\n\nevent: staff_message\ndata: {"type":"staff_message"}\nid: 6\n\n');
    expect(ids).toEqual(['4', '4', '6']);
    expect(events).toEqual([{ event: 'staff_message', data: '{"type":"staff_message"}', id: '6' }]);
  });

  it('reads a fetch body, with multi-byte characters split between network chunks', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 5) c.enqueue(bytes.slice(i, i + 5)); // splits 3-byte characters
        c.close();
      },
    });
    const events: SseEvent[] = [];
    await readSse(body, (e) => events.push(e));
    expect(events).toEqual(parseAll([STREAM]));
    expect(JSON.parse(events[2].data).text).toBe('根据《劳动合同法》第三十条');
  });
});
