// A small `text/event-stream` parser (the WHATWG EventSource rules) for fetch() bodies: the
// HTTP fallback posts the question to POST /api/chat and reads the answer as it streams, and
// follows GET /api/conversations/:id/events for staff replies (events.ts). EventSource itself
// cannot POST, and fetch keeps the transport injectable in tests, hence this.

export interface SseEvent {
  event: string; // 'message' when the stream names none
  data: string; // data lines joined with '\n'
  id?: string;
}

export interface SseParser {
  /** Feed decoded text; chunks may split lines (and \r\n) anywhere. */
  push(text: string): void;
  /** The stream ended: an event without its closing blank line is dropped, as EventSource does. */
  end(): void;
}

/**
 * `onDispatch` is called at every blank line (where EventSource dispatches) with the last event id
 * so far, even for a block without data — e.g. a block that only sets the id, or a `: ping`.
 */
export function createSseParser(onEvent: (e: SseEvent) => void, onDispatch?: (lastEventId: string | undefined) => void): SseParser {
  let buf = '';
  let first = true;
  let afterCr = false; // the previous chunk ended in \r: a leading \n belongs to it
  let event = '';
  let data: string[] = [];
  let id: string | undefined;

  const line = (l: string) => {
    if (l === '') {
      onDispatch?.(id);
      if (data.length) onEvent({ event: event || 'message', data: data.join('\n'), ...(id !== undefined ? { id } : {}) });
      event = '';
      data = [];
      return;
    }
    if (l.charCodeAt(0) === 58) return; // ':' comment (keep-alive)
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    // 'retry' and unknown fields are ignored
  };

  return {
    push(text) {
      if (first && text) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (afterCr && text.charCodeAt(0) === 10) text = text.slice(1);
      afterCr = false;
      buf += text;
      let start = 0;
      for (let i = 0; i < buf.length; i++) {
        const c = buf.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        line(buf.slice(start, i));
        if (c === 13) {
          if (i + 1 === buf.length) afterCr = true;
          else if (buf.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
      buf = buf.slice(start);
    },
    end() {
      buf = '';
      data = [];
      event = '';
    },
  };
}

/** Read a fetch() body as server-sent events until it ends (or the signal aborts). */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const parser = createSseParser(onEvent);
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    parser.end();
  } finally {
    reader.releaseLock();
  }
}
