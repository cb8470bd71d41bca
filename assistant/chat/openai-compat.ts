// POST /v1/chat/completions: the assistant behind the OpenAI chat-completions protocol, so existing
// clients and 12345/12348 platforms can call it. Stream (SSE chunks, then `data: [DONE]`) and
// non-stream. The last user message is the question; `X-Conversation-Id` (16–64 of A-Z a-z 0-9 _ -)
// keeps a multi-turn conversation; otherwise each request is a new conversation seeded with the
// earlier user/assistant messages the client sent (the last six), so follow-ups keep their context. The answer's
// checked citations, triage and handoff travel in the extra field `lawline` of the response (and
// of the last stream chunk). Errors use the OpenAI error shape. Unknown OpenAI request fields
// (temperature, top_p, ...) are accepted and ignored, as OpenAI clients send them routinely.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { stream as honoStream } from 'hono/streaming';
import { z } from 'zod';
import type { AppContext } from '../context';
import { AppError, toAppError } from '../errors';
import { RateLimiter } from '../http/rate-limit';
import { DEFAULT_BODY_LIMIT } from '../http/validate';
import type { DialogueEvent } from '../ports';
import type { Dialogue } from '../dialogue/dialogue';
import { clientAddress } from '../http/client-address';
import { finalOf } from './routes';
import { ConversationId } from './frames';

const Content = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() }).passthrough()).transform((parts) => parts.map((p) => p.text ?? '').join('')),
]);

export const CompletionBody = z
  .object({
    model: z.string().max(100).optional(),
    messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']), content: Content.nullable().optional() }).passthrough()).min(1).max(100),
    stream: z.boolean().optional(),
    user: z.string().max(200).optional(),
  })
  .passthrough();

function oaError(c: Context, e: unknown) {
  const err = toAppError(e);
  const type = err.status === 401 ? 'authentication_error' : err.status === 429 ? 'rate_limit_error' : err.status >= 500 ? 'server_error' : 'invalid_request_error';
  return c.json({ error: { message: err.userMessage, type, code: err.code, param: null } }, err.status as 400);
}

export function openaiRoutes(ctx: AppContext, dialogue: Dialogue): Hono {
  const app = new Hono();
  const cfg = ctx.config;
  const limiter = new RateLimiter(cfg.CHAT_RATE_PER_MINUTE);
  const keys = (cfg.CHAT_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  const model = cfg.llmEnabled ? `lawline-${cfg.LLM_MODEL}` : 'lawline-rules';

  app.post('/v1/chat/completions', async (c) => {
    try {
      if (keys.length) {
        const auth = c.req.header('authorization') ?? '';
        if (!auth.startsWith('Bearer ') || !keys.includes(auth.slice(7).trim())) throw new AppError('unauthorized', 'API 密钥无效。');
      }
      if (!limiter.take(clientAddress(c, ctx.config.TRUST_PROXY_HOPS))) throw new AppError('rate_limited');
      const raw = await c.req.text();
      if (Buffer.byteLength(raw) > DEFAULT_BODY_LIMIT) throw new AppError('too_large', `请求内容过大（上限 ${DEFAULT_BODY_LIMIT / 1024} KB）。`);
      let data: unknown;
      try {
        data = JSON.parse(raw);
      } catch {
        throw new AppError('invalid_json');
      }
      const parsed = CompletionBody.safeParse(data);
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new AppError('bad_request', `字段「${i?.path.join('.') || '请求'}」不正确：${i?.message ?? '格式错误'}。`);
      }
      const body = parsed.data;
      const question = [...body.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      if (!question.trim()) throw new AppError('bad_request', '没有找到用户的问题（messages 中需要至少一条 role 为 user 的消息）。');
      if ([...question].length > cfg.CHAT_MAX_MESSAGE_CHARS) throw new AppError('too_large', `消息过长，请控制在 ${cfg.CHAT_MAX_MESSAGE_CHARS} 字以内。`);
      const header = c.req.header('x-conversation-id');
      const conversationId = header ? ConversationId.safeParse(header).data : undefined;
      if (header && !conversationId) throw new AppError('bad_request', '会话编号格式不正确（16–64 位字母、数字、下划线或连字符）。');
      const { conversation, history } = await dialogue.open({ conversationId, channel: 'api' });
      const id = conversation.id;
      // a stateless client sends the earlier turns along: a new conversation starts from them
      if (!history.length) {
        const lastUser = body.messages.map((m) => m.role).lastIndexOf('user');
        const earlier = body.messages
          .slice(0, lastUser)
          .filter((m) => (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string' && m.content.trim())
          .slice(-6)
          .map((m) => ({ role: m.role === 'user' ? ('citizen' as const) : ('assistant' as const), text: m.content as string }));
        dialogue.seed(id, earlier);
      }
      const completionId = `chatcmpl-${randomUUID().replace(/-/g, '')}`;
      const created = Math.floor(ctx.clock.now().getTime() / 1000);
      const extra = (f: Record<string, unknown>) => ({
        conversationId: id,
        messageId: f.messageId ?? null,
        type: f.type,
        citations: f.citations ?? [],
        triage: f.triage ?? null,
        mode: f.mode ?? null,
        confidence: f.confidence ?? null,
        suggestions: f.suggestions ?? [],
        ...(f.type === 'clarify' ? { options: f.options ?? [] } : {}),
        handoff: f.type === 'handoff' ? { orderNo: f.orderNo, text: f.text } : (f.handoff ?? null),
        ...(f.error ? { error: f.error } : {}),
      });
      const contentOf = (f: Record<string, unknown>) => {
        const base = String(f.text ?? '');
        const handoff = f.handoff as { text?: string } | undefined;
        return handoff?.text ? `${base}\n\n${handoff.text}` : base;
      };

      if (body.stream) {
        c.header('Content-Type', 'text/event-stream; charset=utf-8');
        c.header('Cache-Control', 'no-cache');
        return honoStream(c, async (s) => {
          const chunk = (delta: Record<string, unknown>, finish: string | null, more: Record<string, unknown> = {}) =>
            s.write(`data: ${JSON.stringify({ id: completionId, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...more })}\n\n`);
          let chain = chunk({ role: 'assistant', content: '' }, null);
          const events: DialogueEvent[] = [];
          let streamed = false;
          await dialogue.turn({ conversationId: id, channel: 'api', text: question }, (e) => {
            events.push(e);
            if (e.type === 'answer_delta') {
              streamed = true;
              chain = chain.then(() => chunk({ content: e.text }, null));
            }
          });
          await chain;
          let final: Record<string, unknown>;
          try {
            final = finalOf(events, id);
          } catch (e) {
            const err = toAppError(e);
            final = { type: 'error', text: err.userMessage, error: { code: err.code, message: err.userMessage } };
          }
          // text that was not streamed as deltas (clarify, handoff, notices) goes out in one piece
          const rest = streamed ? (final.handoff ? `\n\n${(final.handoff as { text: string }).text}` : '') : contentOf(final);
          if (rest) await chunk({ content: rest }, null);
          await chunk({}, 'stop', { lawline: extra(final) });
          await s.write('data: [DONE]\n\n');
        });
      }

      const events: DialogueEvent[] = [];
      await dialogue.turn({ conversationId: id, channel: 'api', text: question }, (e) => events.push(e));
      const final = finalOf(events, id);
      return c.json({
        id: completionId,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: contentOf(final) }, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
        lawline: extra(final),
      });
    } catch (e) {
      return oaError(c, e);
    }
  });
  return app;
}
