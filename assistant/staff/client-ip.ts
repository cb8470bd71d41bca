// The client address a rate limit is keyed by: the socket's remote address (no proxy headers are
// trusted; put the limit on the proxy, or extend this, when running behind one).
import type { Context } from 'hono';

export function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
