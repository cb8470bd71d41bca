// The address a rate limit is keyed by. Directly exposed: the socket's remote address. Behind
// reverse proxies (nginx in front of lawline, as most 12348 deployments run): TRUST_PROXY_HOPS=N
// takes the address the outermost of the N trusted proxies saw — the N-th entry from the right
// of X-Forwarded-For — so citizens are not all counted as the proxy's one address. Entries to
// the left of that are written by the client and never trusted. Without the header (a request
// that bypassed the proxy) the socket address is used.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** From the socket address and the request headers; `hops` = trusted proxies in front. */
export function addressOf(socketAddress: string | undefined, headers: IncomingHttpHeaders, hops: number): string {
  const direct = socketAddress ?? 'unknown';
  if (hops <= 0) return direct;
  const raw = headers['x-forwarded-for'];
  const list = (Array.isArray(raw) ? raw.join(',') : raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list.length) return direct;
  // the proxy next to us appended the address it saw last; with N proxies, N entries are theirs
  return list[Math.max(0, list.length - hops)] ?? direct;
}

/** For a Hono request served by @hono/node-server. */
export function clientAddress(c: Context, hops: number): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return addressOf(incoming?.socket?.remoteAddress, incoming?.headers ?? {}, hops);
}

/** For a WebSocket upgrade request. */
export function requestAddress(req: IncomingMessage, hops: number): string {
  return addressOf(req.socket.remoteAddress, req.headers, hops);
}
