// A real HTTP server on 127.0.0.1 that speaks the OpenAI REST protocol well enough for the official
// `openai` SDK, for tests of every engine that talks to an OpenAI-compatible endpoint (LLM answerer,
// embeddings, transcription, speech). Not a mock object: requests travel over TCP and are parsed
// exactly as sent (JSON bodies, multipart/form-data uploads, SSE streams back).
//
//   const fake = await startFakeOpenAI({ apiKey: 'k', chat: (req) => ['你好', '，世界'] });
//   const client = new OpenAI({ baseURL: fake.url, apiKey: 'k' });
//   ... fake.requests (every request, parsed) ... fake.failNext({ status: 429 }) ...
//   await fake.close();
//
// Endpoints: POST /v1/chat/completions (JSON or `stream: true` SSE), POST /v1/embeddings (float or
// base64), POST /v1/audio/transcriptions (multipart), POST /v1/audio/speech (WAV or raw PCM),
// GET /v1/models. Unknown paths get a 404 in the OpenAI error shape.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseMultipart, type MultipartFile } from './multipart';
import { hashEmbedding } from './hash-embedding';
import { toneWav, tonePcm } from './wav';

export interface ChatMessage {
  role: string;
  content: unknown; // string, or an array of content parts
  name?: string;
  tool_call_id?: string;
  tool_calls?: unknown[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  temperature?: number;
  max_tokens?: number;
  tools?: unknown[];
  [k: string]: unknown;
}

/** A scripted chat reply. `content` as an array = the stream pieces (joined for non-stream). */
export interface ChatReply {
  content?: string | string[];
  toolCalls?: { id?: string; name: string; arguments: string }[];
  finishReason?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  /** Stream only: cut the TCP connection after this many content pieces (no finish, no [DONE]). */
  abortAfter?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or for multipart the text fields; undefined when there is no body. */
  body: any;
  /** Multipart uploads (audio/transcriptions). */
  files: MultipartFile[];
  /** HTTP status the fake answered with. */
  status?: number;
  at: number;
}

/** An injected failure. */
export interface Failure {
  status: number; // e.g. 500, 429, 400, 401
  message?: string;
  type?: string; // OpenAI error type, default by status
  code?: string | null;
  retryAfterSeconds?: number; // sets `retry-after` (the SDK honours values > 0)
  retryAfterMs?: number; // sets `retry-after-ms` (the SDK honours it; use 1 for fast retry tests)
  /** Only for requests whose path ends with this (e.g. '/embeddings'); default any path. */
  path?: string;
}

export type Awaitable<T> = T | Promise<T>;

export interface FakeOpenAIOptions {
  /** When set, every request must carry `Authorization: Bearer <apiKey>` (401 otherwise). */
  apiKey?: string;
  /** Model ids listed by GET /v1/models (any model name is accepted by the other endpoints). */
  models?: string[];
  /** Chat handler. A string = the reply; string[] = stream pieces; default echoes the last user text. */
  chat?: (req: ChatRequest) => Awaitable<string | string[] | ChatReply>;
  /** Embedding of one input text; default: `hashEmbedding(text, embeddingDim)` (char n-gram hashing). */
  embed?: (text: string, model: string) => Awaitable<number[]>;
  /** Dimension of the default embedding (a request may ask for other `dimensions`). Default 64. */
  embeddingDim?: number;
  /** Transcription handler; default returns `fields.prompt ?? '测试转写'`. An array = the delta
   *  pieces of a streamed transcription (`stream=true`), joined otherwise. */
  transcribe?: (audio: Buffer, fields: Record<string, string>, file: MultipartFile) => Awaitable<string | string[]>;
  /** Speech handler returning audio bytes; default: a WAV tone, 0.2 s + 0.08 s per character. */
  speak?: (input: string, req: Record<string, any>) => Awaitable<Buffer>;
  /** Sample rate of the default speech audio (OpenAI's PCM is 24 kHz). */
  speechSampleRate?: number;
  /** Send speech audio in chunks of this many bytes, `streamDelayMs` apart (default: one write). */
  speechChunkBytes?: number;
  /** Delay before answering (ms), constant or per request (e.g. to trigger client timeouts). */
  delayMs?: number | ((req: RecordedRequest) => number);
  /** Delay between SSE chunks and speech audio chunks (ms). Default 0. */
  streamDelayMs?: number;
  /** Decide a failure per request (checked after queued failNext failures). */
  fail?: (req: RecordedRequest) => Failure | undefined;
}

export interface FakeOpenAI {
  /** Base URL ending in /v1, e.g. http://127.0.0.1:40123/v1 (pass as `baseURL` to the SDK). */
  url: string;
  /** The origin without /v1, e.g. http://127.0.0.1:40123. */
  origin: string;
  /** Every request received, in order (including those answered with an injected error). */
  requests: RecordedRequest[];
  /** Requests to one endpoint, e.g. `of('/chat/completions')`. */
  of(pathSuffix: string): RecordedRequest[];
  /** Queue `times` (default 1) failures for the next matching requests. */
  failNext(f: Failure & { times?: number }): void;
  /** Change handlers/options while running (merged into the current options). */
  set(opts: Partial<FakeOpenAIOptions>): void;
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  403: 'permission_denied',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  502: 'server_error',
  503: 'server_error',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

function sendError(res: ServerResponse, f: Failure): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (f.retryAfterSeconds !== undefined) headers['retry-after'] = String(f.retryAfterSeconds);
  if (f.retryAfterMs !== undefined) headers['retry-after-ms'] = String(f.retryAfterMs);
  res.writeHead(f.status, headers);
  res.end(
    JSON.stringify({
      error: {
        message: f.message ?? `fake error ${f.status}`,
        type: f.type ?? ERROR_TYPES[f.status] ?? 'api_error',
        param: null,
        code: f.code ?? null,
      },
    }),
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Text of a message's content (string or array of {type:'text', text}). */
export function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as any).text) : '')).join('');
  return '';
}

function defaultChat(req: ChatRequest): string {
  const lastUser = [...req.messages].reverse().find((m) => m.role === 'user');
  return `收到：${messageText(lastUser?.content)}`;
}

function normaliseReply(r: string | string[] | ChatReply): ChatReply {
  if (typeof r === 'string' || Array.isArray(r)) return { content: r };
  return r;
}

/** Rough token count for usage fields (characters for CJK, words otherwise). */
function countTokens(s: string): number {
  const cjk = (s.match(/[\u3400-\u9fff]/g) ?? []).length;
  const words = s.replace(/[\u3400-\u9fff]/g, ' ').split(/\s+/).filter(Boolean).length;
  return cjk + words;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let opts: FakeOpenAIOptions = { ...options };
  const requests: RecordedRequest[] = [];
  const queued: (Failure & { times: number })[] = [];
  const sockets = new Set<Socket>();
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    const raw = await readBody(req);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body: undefined, files: [], at: Date.now() };
    requests.push(rec);
    const ctype = String(req.headers['content-type'] ?? '');
    try {
      if (raw.length && ctype.includes('multipart/form-data')) {
        const mp = parseMultipart(raw, ctype);
        rec.body = mp.fields;
        rec.files = mp.files;
      } else if (raw.length) {
        try {
          rec.body = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new HttpError(400, 'We could not parse the JSON body of your request.');
        }
      }
    } catch (e) {
      return finish(res, rec, e);
    }

    const delay = typeof opts.delayMs === 'function' ? opts.delayMs(rec) : (opts.delayMs ?? 0);
    if (delay > 0) await sleep(delay);
    if (res.destroyed || req.socket.destroyed) return;

    if (opts.apiKey !== undefined) {
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `Bearer ${opts.apiKey}`) {
        rec.status = 401;
        return sendError(res, { status: 401, message: 'Incorrect API key provided.', code: 'invalid_api_key' });
      }
    }
    const qi = queued.findIndex((f) => !f.path || path.endsWith(f.path));
    if (qi >= 0) {
      const f = queued[qi];
      if (--f.times <= 0) queued.splice(qi, 1);
      rec.status = f.status;
      return sendError(res, f);
    }
    const injected = opts.fail?.(rec);
    if (injected) {
      rec.status = injected.status;
      return sendError(res, injected);
    }

    try {
      if (req.method === 'GET' && path === '/v1/models') return models(res, rec);
      if (req.method === 'POST' && path === '/v1/chat/completions') return await chat(req, res, rec);
      if (req.method === 'POST' && path === '/v1/embeddings') return await embeddings(res, rec);
      if (req.method === 'POST' && path === '/v1/audio/transcriptions') return await transcriptions(res, rec);
      if (req.method === 'POST' && path === '/v1/audio/speech') return await speech(res, rec);
      throw new HttpError(404, `Invalid URL (${req.method} ${path})`);
    } catch (e) {
      return finish(res, rec, e);
    }
  }

  function finish(res: ServerResponse, rec: RecordedRequest, e: unknown): void {
    const status = e instanceof HttpError ? e.status : 500;
    rec.status = status;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(res, { status, message: e instanceof Error ? e.message : String(e) });
  }

  function models(res: ServerResponse, rec: RecordedRequest): void {
    const ids = opts.models ?? ['fake-chat', 'fake-embedding', 'fake-whisper', 'fake-tts'];
    rec.status = 200;
    sendJson(res, 200, {
      object: 'list',
      data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'lawline-fake' })),
    });
  }

  async function chat(req: IncomingMessage, res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const body = rec.body as ChatRequest | undefined;
    if (!body || typeof body !== 'object') throw new HttpError(400, 'Missing request body');
    if (typeof body.model !== 'string' || !body.model) throw new HttpError(400, "you must provide a model parameter", 'model');
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      throw new HttpError(400, "'messages' must be a non-empty array", 'messages');
    const reply = normaliseReply(await (opts.chat ?? defaultChat)(body));
    const pieces = reply.content === undefined ? [] : Array.isArray(reply.content) ? reply.content : [reply.content];
    const text = pieces.join('');
    const toolCalls = (reply.toolCalls ?? []).map((t, i) => ({
      id: t.id ?? `call_${++seq}_${i}`,
      type: 'function' as const,
      function: { name: t.name, arguments: t.arguments },
    }));
    const finishReason = reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop');
    const id = `chatcmpl-fake-${++seq}`;
    const created = Math.floor(Date.now() / 1000);
    const promptTokens = body.messages.reduce((n, m) => n + countTokens(messageText(m.content)), 0);
    const usage = { prompt_tokens: promptTokens, completion_tokens: countTokens(text), total_tokens: promptTokens + countTokens(text) };

    if (!body.stream) {
      rec.status = 200;
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: toolCalls.length && !text ? null : text, refusal: null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
      });
    }

    rec.status = 200;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`;
    const streamDelay = opts.streamDelayMs ?? 0;
    const write = async (s: string) => {
      if (res.destroyed) return;
      // Wait until the chunk is handed to the socket so an abort after it still delivers it.
      await new Promise<void>((resolve) => res.write(s, () => resolve()));
      if (streamDelay > 0) await sleep(streamDelay);
    };
    await write(chunk({ role: 'assistant', content: '' }, null));
    for (let i = 0; i < pieces.length; i++) {
      if (reply.abortAfter !== undefined && i >= reply.abortAfter) {
        req.socket.destroy();
        return;
      }
      await write(chunk({ content: pieces[i] }, null));
    }
    if (reply.abortAfter !== undefined) {
      req.socket.destroy();
      return;
    }
    for (let i = 0; i < toolCalls.length; i++) {
      const t = toolCalls[i];
      await write(chunk({ tool_calls: [{ index: i, id: t.id, type: 'function', function: { name: t.function.name, arguments: t.function.arguments } }] }, null));
    }
    await write(chunk({}, finishReason));
    const so = body.stream_options as { include_usage?: boolean } | undefined;
    if (so?.include_usage)
      await write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage })}\n\n`);
    if (!res.destroyed) res.end('data: [DONE]\n\n');
  }

  async function embeddings(res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const body = rec.body as Record<string, any> | undefined;
    if (!body || typeof body.model !== 'string' || !body.model) throw new HttpError(400, 'you must provide a model parameter', 'model');
    const input = body.input;
    let texts: string[];
    if (typeof input === 'string') texts = [input];
    else if (Array.isArray(input) && input.every((x) => typeof x === 'string')) texts = input;
    else throw new HttpError(400, "'input' must be a string or an array of strings (token arrays are not supported by the fake)", 'input');
    if (texts.length === 0) throw new HttpError(400, "'input' must not be empty", 'input');
    if (texts.length > 2048) throw new HttpError(400, "'input' array must have at most 2048 items", 'input');
    if (texts.some((t) => t.length === 0)) throw new HttpError(400, "'input' cannot contain an empty string", 'input');
    const fmt = body.encoding_format ?? 'float';
    if (fmt !== 'float' && fmt !== 'base64') throw new HttpError(400, `invalid encoding_format ${fmt}`, 'encoding_format');
    const dim = typeof body.dimensions === 'number' ? body.dimensions : (opts.embeddingDim ?? 64);
    const data = [];
    let tokens = 0;
    for (let i = 0; i < texts.length; i++) {
      const v = opts.embed ? await opts.embed(texts[i], body.model) : hashEmbedding(texts[i], dim);
      tokens += countTokens(texts[i]);
      const embedding = fmt === 'base64' ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v;
      data.push({ object: 'embedding', index: i, embedding });
    }
    rec.status = 200;
    sendJson(res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  async function transcriptions(res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const fields = (rec.body ?? {}) as Record<string, string>;
    const file = rec.files.find((f) => f.name === 'file');
    if (!file) throw new HttpError(400, "you must provide a 'file' (multipart/form-data)", 'file');
    if (!fields.model) throw new HttpError(400, 'you must provide a model parameter', 'model');
    const got = opts.transcribe ? await opts.transcribe(file.data, fields, file) : (fields.prompt ?? '测试转写');
    const pieces = Array.isArray(got) ? got : [got];
    const text = pieces.join('');
    const fmt = fields.response_format ?? 'json';
    rec.status = 200;
    if (fields.stream === 'true') {
      // Streamed transcription (gpt-4o-transcribe style): delta events, then a done event.
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      for (const delta of pieces) await sse(res, { type: 'transcript.text.delta', delta, logprobs: [] });
      await sse(res, { type: 'transcript.text.done', text, logprobs: [] });
      res.end();
      return;
    }
    if (fmt === 'text' || fmt === 'srt' || fmt === 'vtt') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text);
      return;
    }
    if (fmt === 'verbose_json')
      return sendJson(res, 200, { task: 'transcribe', language: fields.language ?? 'zh', duration: file.data.length / 32000, text, segments: [] });
    sendJson(res, 200, { text });
  }

  async function speech(res: ServerResponse, rec: RecordedRequest): Promise<void> {
    const body = rec.body as Record<string, any> | undefined;
    if (!body || typeof body.model !== 'string' || !body.model) throw new HttpError(400, 'you must provide a model parameter', 'model');
    if (typeof body.input !== 'string' || !body.input) throw new HttpError(400, "'input' must be a non-empty string", 'input');
    if (typeof body.voice !== 'string' || !body.voice) throw new HttpError(400, "'voice' is required", 'voice');
    const fmt: string = body.response_format ?? 'mp3';
    const rate = opts.speechSampleRate ?? 24_000;
    const seconds = 0.2 + 0.08 * [...body.input].length * (1 / (typeof body.speed === 'number' && body.speed > 0 ? body.speed : 1));
    let audio: Buffer;
    let ctype: string;
    if (opts.speak) {
      audio = await opts.speak(body.input, body);
      ctype = fmt === 'pcm' ? 'audio/pcm' : 'audio/wav';
    } else if (fmt === 'pcm') {
      audio = tonePcm(seconds, rate);
      ctype = 'audio/pcm';
    } else {
      // The fake cannot encode mp3/opus/aac/flac: it answers WAV for those too (content-type says so).
      audio = toneWav(seconds, rate);
      ctype = 'audio/wav';
    }
    rec.status = 200;
    const chunk = opts.speechChunkBytes && opts.speechChunkBytes > 0 ? opts.speechChunkBytes : audio.length;
    if (body.stream_format === 'sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      for (let i = 0; i < audio.length; i += chunk)
        await sse(res, { type: 'speech.audio.delta', audio: audio.subarray(i, i + chunk).toString('base64') });
      await sse(res, { type: 'speech.audio.done', usage: { input_tokens: countTokens(body.input), output_tokens: 0, total_tokens: countTokens(body.input) } });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': ctype, 'content-length': String(audio.length) });
    for (let i = 0; i + chunk < audio.length; i += chunk) await send(res, audio.subarray(i, i + chunk));
    res.end(audio.subarray(Math.floor((audio.length - 1) / chunk) * chunk));
  }

  /** Write and wait until handed to the socket, then pause `streamDelayMs`. */
  async function send(res: ServerResponse, data: string | Buffer): Promise<void> {
    if (res.destroyed) return;
    await new Promise<void>((resolve) => res.write(data, () => resolve()));
    if ((opts.streamDelayMs ?? 0) > 0) await sleep(opts.streamDelayMs!);
  }

  function sse(res: ServerResponse, event: unknown): Promise<void> {
    return send(res, `data: ${JSON.stringify(event)}\n\n`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) sendError(res, { status: 500, message: String(e) });
      else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    requests,
    of: (suffix) => requests.filter((r) => r.path.endsWith(suffix)),
    failNext: (f) => queued.push({ ...f, times: f.times ?? 1 }),
    set: (o) => {
      opts = { ...opts, ...o };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
