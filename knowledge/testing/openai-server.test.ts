import { afterEach, describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { startFakeOpenAI, type FakeOpenAI } from './openai-server';
import { hashEmbedding } from './hash-embedding';
import { readWav, toneWav } from './wav';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (f: FakeOpenAI, extra: Partial<ConstructorParameters<typeof OpenAI>[0]> = {}) =>
  new OpenAI({ baseURL: f.url, apiKey: 'sk-test', maxRetries: 0, ...extra });

describe('fake OpenAI server with the official SDK', () => {
  it('answers chat completions without streaming and records the request', async () => {
    fake = await startFakeOpenAI({ chat: (req) => `答：${req.messages.length}条消息` });
    const r = await client(fake).chat.completions.create({
      model: 'm1',
      messages: [
        { role: 'system', content: '你是法律助手' },
        { role: 'user', content: '老板不发工资怎么办' },
      ],
    });
    expect(r.choices[0].message.content).toBe('答：2条消息');
    expect(r.choices[0].finish_reason).toBe('stop');
    expect(r.object).toBe('chat.completion');
    expect(r.usage?.total_tokens).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].path).toBe('/v1/chat/completions');
    expect(fake.requests[0].body.messages[1].content).toBe('老板不发工资怎么办');
    expect(fake.requests[0].headers.authorization).toBe('Bearer sk-test');
  });

  it('echoes the last user message by default', async () => {
    fake = await startFakeOpenAI();
    const r = await client(fake).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '你好' }] });
    expect(r.choices[0].message.content).toBe('收到：你好');
  });

  it('streams SSE chunks piece by piece, then finish_reason, usage and [DONE]', async () => {
    fake = await startFakeOpenAI({ chat: () => ['根据', '《劳动合同法》', '第三十条'], streamDelayMs: 5 });
    const stream = await client(fake).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: '欠薪' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const finishes: (string | null)[] = [];
    let usage: unknown;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        if (c.delta.content) deltas.push(c.delta.content);
        if (c.finish_reason) finishes.push(c.finish_reason);
      }
    }
    expect(deltas).toEqual(['根据', '《劳动合同法》', '第三十条']);
    expect(finishes).toEqual(['stop']);
    expect(usage).toMatchObject({ completion_tokens: expect.any(Number) });
  });

  it('sends raw SSE lines ending with data: [DONE]', async () => {
    fake = await startFakeOpenAI({ chat: () => ['a', 'b'] });
    const res = await fetch(`${fake.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    expect(events.every((e) => e.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    const first = JSON.parse(events[0].slice(6));
    expect(first.object).toBe('chat.completion.chunk');
    expect(first.choices[0].delta.role).toBe('assistant');
  });

  it('can cut a stream mid-way so clients see a broken connection', async () => {
    fake = await startFakeOpenAI({ chat: () => ({ content: ['一', '二', '三'], abortAfter: 1 }) });
    const stream = await client(fake).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    const got: string[] = [];
    await expect(
      (async () => {
        for await (const c of stream) if (c.choices[0]?.delta.content) got.push(c.choices[0].delta.content);
      })(),
    ).rejects.toThrow();
    expect(got).toEqual(['一']);
  });

  it('returns tool calls when scripted', async () => {
    fake = await startFakeOpenAI({ chat: () => ({ toolCalls: [{ name: 'search', arguments: '{"q":"工资"}' }] }) });
    const r = await client(fake).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(r.choices[0].finish_reason).toBe('tool_calls');
    expect(r.choices[0].message.tool_calls?.[0]).toMatchObject({ type: 'function', function: { name: 'search', arguments: '{"q":"工资"}' } });
  });

  it('serves embeddings as base64 (SDK default) and as floats, deterministic per text', async () => {
    fake = await startFakeOpenAI({ embeddingDim: 8 });
    const c = client(fake);
    const r = await c.embeddings.create({ model: 'e', input: ['劳动报酬', '交通事故'] });
    expect(fake.requests[0].body.encoding_format).toBe('base64');
    expect(r.data).toHaveLength(2);
    expect(r.data[0].embedding).toHaveLength(8);
    const expected = hashEmbedding('劳动报酬', 8);
    r.data[0].embedding.forEach((x, i) => expect(x).toBeCloseTo(expected[i], 6));
    const f = await c.embeddings.create({ model: 'e', input: '劳动报酬', encoding_format: 'float' });
    expect(f.data[0].embedding).toEqual(expected);
    expect(f.data[0].index).toBe(0);
  });

  it('uses a scripted embed function and the requested dimensions', async () => {
    fake = await startFakeOpenAI({ embed: (t) => [t.length, 1, 2] });
    const r = await client(fake).embeddings.create({ model: 'e', input: ['ab', 'abcd'], encoding_format: 'float' });
    expect(r.data.map((d) => d.embedding)).toEqual([
      [2, 1, 2],
      [4, 1, 2],
    ]);
    fake.set({ embed: undefined });
    const d = await client(fake).embeddings.create({ model: 'e', input: 'x', dimensions: 5, encoding_format: 'float' });
    expect(d.data[0].embedding).toHaveLength(5);
  });

  it('transcribes a multipart upload and hands the audio bytes and fields to the handler', async () => {
    const wav = toneWav(0.5, 16_000);
    let seen: { bytes: number; fields: Record<string, string>; filename: string } | undefined;
    fake = await startFakeOpenAI({
      transcribe: (audio, fields, file) => {
        seen = { bytes: audio.length, fields, filename: file.filename };
        return audio.equals(wav) ? '我想咨询工伤赔偿' : '音频不一致';
      },
    });
    const r = await client(fake).audio.transcriptions.create({
      model: 'whisper-1',
      file: await toFile(wav, 'call.wav', { type: 'audio/wav' }),
      language: 'zh',
    });
    expect(r.text).toBe('我想咨询工伤赔偿');
    expect(seen).toEqual({ bytes: wav.length, fields: { model: 'whisper-1', language: 'zh' }, filename: 'call.wav' });
    expect(fake.requests[0].files[0].contentType).toBe('audio/wav');
  });

  it('returns plain text transcriptions when response_format is text', async () => {
    fake = await startFakeOpenAI({ transcribe: () => '你好' });
    const r = await client(fake).audio.transcriptions.create({
      model: 'w',
      file: await toFile(Buffer.from([1, 2, 3]), 'a.wav'),
      response_format: 'text',
    });
    expect(r).toBe('你好');
  });

  it('synthesises speech as a valid 16-bit WAV whose length grows with the input', async () => {
    fake = await startFakeOpenAI();
    const c = client(fake);
    const short = Buffer.from(await (await c.audio.speech.create({ model: 'tts', voice: 'alloy', input: '你好', response_format: 'wav' })).arrayBuffer());
    const long = Buffer.from(
      await (await c.audio.speech.create({ model: 'tts', voice: 'alloy', input: '您好，这里是一二三四八公共法律服务热线', response_format: 'wav' })).arrayBuffer(),
    );
    const a = readWav(short);
    const b = readWav(long);
    expect(a).toMatchObject({ sampleRate: 24_000, channels: 1, bitsPerSample: 16 });
    expect(a.seconds).toBeCloseTo(0.2 + 0.08 * 2, 2);
    expect(b.seconds).toBeGreaterThan(a.seconds);
    expect(Math.max(...new Int16Array(a.data.buffer, a.data.byteOffset, a.data.length / 2))).toBeGreaterThan(5000);
    const pcm = await c.audio.speech.create({ model: 'tts', voice: 'alloy', input: '你好', response_format: 'pcm' });
    expect(pcm.headers.get('content-type')).toBe('audio/pcm');
    expect((await pcm.arrayBuffer()).byteLength).toBe(a.data.length);
  });

  it('lists models', async () => {
    fake = await startFakeOpenAI({ models: ['qwen', 'bge'] });
    const ids: string[] = [];
    for await (const m of client(fake).models.list()) ids.push(m.id);
    expect(ids).toEqual(['qwen', 'bge']);
  });

  it('checks the bearer key when one is set', async () => {
    fake = await startFakeOpenAI({ apiKey: 'right' });
    await expect(client(fake, { apiKey: 'wrong' }).models.list()).rejects.toMatchObject({ status: 401 });
    const ok = await client(fake, { apiKey: 'right' }).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    expect(ok.choices[0].message.content).toBe('收到：x');
  });

  it('injects queued failures that the SDK retries (429 with retry-after, then 500)', async () => {
    fake = await startFakeOpenAI();
    fake.failNext({ status: 429, retryAfterMs: 1, path: '/embeddings' });
    fake.failNext({ status: 500, retryAfterMs: 1, path: '/embeddings' });
    const r = await client(fake, { maxRetries: 2 }).embeddings.create({ model: 'e', input: 'x' });
    expect(r.data).toHaveLength(1);
    expect(fake.of('/embeddings').map((q) => q.status)).toEqual([429, 500, 200]);
  });

  it('surfaces errors in the OpenAI error shape when retries run out', async () => {
    fake = await startFakeOpenAI({ fail: (req) => (req.path.endsWith('/chat/completions') ? { status: 503, message: '过载' } : undefined) });
    const err = await client(fake)
      .chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(503);
    expect(err.message).toContain('过载');
  });

  it('rejects malformed requests with 400', async () => {
    fake = await startFakeOpenAI();
    await expect(client(fake).chat.completions.create({ model: 'm', messages: [] })).rejects.toMatchObject({ status: 400 });
    const res = await fetch(`${fake.url}/embeddings`, { method: 'POST', body: '{oops', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/parse/);
    expect((await fetch(`${fake.url}/nope`)).status).toBe(404);
  });

  it('delays responses so client timeouts can be tested', async () => {
    fake = await startFakeOpenAI({ delayMs: 300 });
    const t0 = Date.now();
    await expect(client(fake, { timeout: 80 }).models.list()).rejects.toThrow(/timed out/i);
    expect(Date.now() - t0).toBeLessThan(280);
  });

  it('streams a transcription as delta events when stream=true', async () => {
    fake = await startFakeOpenAI({ transcribe: () => ['我想', '咨询', '工伤'] });
    const stream = await client(fake).audio.transcriptions.create({
      model: 'gpt-4o-transcribe',
      file: await toFile(toneWav(0.2, 16_000), 'a.wav', { type: 'audio/wav' }),
      stream: true,
    });
    const events: { type: string; delta?: string; text?: string }[] = [];
    for await (const e of stream) events.push(e as never);
    expect(events.filter((e) => e.type === 'transcript.text.delta').map((e) => e.delta)).toEqual(['我想', '咨询', '工伤']);
    expect(events.at(-1)).toMatchObject({ type: 'transcript.text.done', text: '我想咨询工伤' });
  });

  it('sends speech audio in timed chunks, or as SSE deltas with stream_format sse', async () => {
    fake = await startFakeOpenAI({ speechChunkBytes: 1000, streamDelayMs: 15 });
    const res = await fetch(`${fake.url}/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts', voice: 'v', input: '您好', response_format: 'pcm' }),
    });
    const arrivals: number[] = [];
    const parts: Buffer[] = [];
    for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) {
      arrivals.push(Date.now());
      parts.push(Buffer.from(c));
    }
    const pcm = Buffer.concat(parts);
    expect(pcm.length).toBe(Math.round((0.2 + 0.08 * 2) * 24_000) * 2);
    expect(arrivals.length).toBeGreaterThan(3);
    expect(arrivals.at(-1)! - arrivals[0]).toBeGreaterThan(50);

    const sse = await client(fake).audio.speech.create({ model: 'tts', voice: 'v', input: '您好', response_format: 'pcm', stream_format: 'sse' });
    const text = await sse.text();
    const events = text.split('\n\n').filter(Boolean).map((l) => JSON.parse(l.slice(6)));
    expect(events.at(-1).type).toBe('speech.audio.done');
    const audio = Buffer.concat(events.filter((e) => e.type === 'speech.audio.delta').map((e) => Buffer.from(e.audio, 'base64')));
    expect(audio.equals(pcm)).toBe(true);
  });
});
