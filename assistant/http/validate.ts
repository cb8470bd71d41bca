// Request-body parsing shared by every route: size limit, JSON syntax, then a zod schema
// (schemas are `.strict()` so unknown fields are refused with a clear error).
import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../errors';

export const DEFAULT_BODY_LIMIT = 64 * 1024;

export async function readJson<T extends z.ZodTypeAny>(c: Context, schema: T, limit = DEFAULT_BODY_LIMIT): Promise<z.infer<T>> {
  const len = Number(c.req.header('content-length') ?? '0');
  if (len > limit) throw new AppError('too_large', `请求内容过大（上限 ${Math.floor(limit / 1024)} KB）。`);
  const raw = await c.req.text();
  if (Buffer.byteLength(raw) > limit) throw new AppError('too_large', `请求内容过大（上限 ${Math.floor(limit / 1024)} KB）。`);
  let data: unknown;
  try {
    data = raw.length ? JSON.parse(raw) : {};
  } catch {
    throw new AppError('invalid_json');
  }
  return parseWith(schema, data);
}

export function parseWith<T extends z.ZodTypeAny>(schema: T, data: unknown): z.infer<T> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new AppError('unknown_field', `不支持的字段：${(issue as { keys: string[] }).keys.join('、')}。`);
  }
  const where = issue?.path.join('.') || '请求';
  throw new AppError('bad_request', `字段「${where}」不正确：${issue?.message ?? '格式错误'}。`);
}
