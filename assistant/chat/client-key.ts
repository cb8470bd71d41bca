// The key a REST client is rate limited by: its socket address (a proxy in front should be given
// its own limiter; X-Forwarded-For is not trusted by default).
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientKey(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
