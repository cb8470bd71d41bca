// Who may open a telephony door. The caller number arrives inside the stream (Twilio custom
// parameters, FreeSWITCH metadata), so an open door would let anyone pose as any caller:
//   Twilio: X-Twilio-Signature = base64(HMAC-SHA1(auth token, the wss:// URL Twilio connected to));
//   FreeSWITCH: a shared secret in the URL (?token=), set in the uuid_audio_stream command.
// Unset tokens leave the door open (development); /healthz says so.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function twilioSignature(authToken: string, url: string): string {
  return createHmac('sha1', authToken).update(url, 'utf8').digest('base64');
}

/** The URL Twilio signed: PUBLIC_URL's origin (as wss://) when configured, else the Host header. */
export function signedUrl(req: IncomingMessage, publicUrl?: string): string {
  const path = req.url ?? '/';
  if (publicUrl) return publicUrl.replace(/\/+$/, '').replace(/^http/, 'ws') + path;
  return `wss://${req.headers.host ?? 'localhost'}${path}`;
}

export function twilioRequestOk(req: IncomingMessage, authToken: string, publicUrl?: string): boolean {
  const sig = req.headers['x-twilio-signature'];
  if (typeof sig !== 'string' || !sig) return false;
  return safeEqual(sig, twilioSignature(authToken, signedUrl(req, publicUrl)));
}

export function streamTokenOk(url: URL, token: string): boolean {
  const given = url.searchParams.get('token');
  return typeof given === 'string' && safeEqual(given, token);
}
