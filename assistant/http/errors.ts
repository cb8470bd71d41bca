// One error path for every route: typed AppErrors become `{error:{code,message}}` with their
// status; anything else is logged and answered with a generic Chinese message.
import type { Context } from 'hono';
import type { Logger } from '../log';
import { AppError, toAppError } from '../errors';

export function errorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    const e = toAppError(err);
    if (e.code === 'internal') log.error('unhandled route error', { path: c.req.path, err });
    return c.json({ error: e.toJSON() }, e.status as 400);
  };
}

export function notFound(c: Context) {
  return c.json({ error: new AppError('not_found', '请求的地址不存在。').toJSON() }, 404);
}
