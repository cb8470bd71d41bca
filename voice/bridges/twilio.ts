// Twilio Media Streams (bidirectional, <Connect><Stream url="wss://…/ws/voice/twilio">):
// in:  JSON text frames `connected`, `start` (streamSid, callSid, customParameters, mediaFormat),
//      `media` (base64 8 kHz μ-law, 20 ms), `dtmf` (digit), `mark` (our marks played), `stop`.
// out: `media` (base64 μ-law, one 20 ms frame per message, paced in real time), `mark` after each
//      utterance, `clear` on barge-in (Twilio drops the audio it has buffered).
// Handoff: after the work-order number is read, the stream is closed and Twilio continues with the
// TwiML after <Connect> — put the agents' queue there (<Enqueue> or <Dial>).
// The caller's number is not part of the stream: pass it from TwiML as
// <Parameter name="caller" value="{{From}}"/>; it is used to identify the citizen and never logged.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { mulawDecode, mulawEncode } from '../audio/mulaw';
import { Call, type CallDeps } from '../call';

const Start = z.object({
  event: z.literal('start'),
  streamSid: z.string().optional(),
  start: z.object({
    streamSid: z.string(),
    callSid: z.string().optional(),
    customParameters: z.record(z.string()).optional(),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number().optional() }).optional(),
  }),
});
const MAX_PAYLOAD = 4096; // base64 of up to ~150 ms of μ-law
const Dtmf = z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().max(1) }) });

export function twilioBridge(deps: CallDeps, onCall?: (c: Call) => void) {
  return (ws: WebSocket): void => {
    let call: Call | null = null;
    let streamSid = '';
    const send = (msg: object) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    ws.on('message', (raw, isBinary) => {
      if (isBinary) return;
      let msg: { event?: string };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return; // Twilio only sends JSON; ignore noise
      }
      switch (msg.event) {
        case 'connected':
          return;
        case 'start': {
          const s = Start.safeParse(msg);
          if (!s.success || call) return;
          const fmt = s.data.start.mediaFormat;
          if (fmt && (fmt.encoding !== 'audio/x-mulaw' || fmt.sampleRate !== 8000)) {
            deps.log.warn('twilio media format not supported', { encoding: fmt.encoding, rate: fmt.sampleRate });
            ws.close(1003, 'unsupported media format');
            return;
          }
          streamSid = s.data.start.streamSid;
          const p = s.data.start.customParameters ?? {};
          call = new Call(
            deps,
            {
              protocol: 'twilio',
              rate: 8000,
              sendFrame: (f) => send({ event: 'media', streamSid, media: { payload: Buffer.from(mulawEncode(f)).toString('base64') } }),
              clear: () => send({ event: 'clear', streamSid }),
              mark: (name) => send({ event: 'mark', streamSid, mark: { name } }),
              hangup: () => setTimeout(() => ws.close(1000, 'call ended'), 200),
              // closing the stream lets Twilio run the TwiML after <Connect> (e.g. <Enqueue>agents</Enqueue>)
              transfer: () => setTimeout(() => ws.close(1000, 'transfer'), 200),
            },
            { externalId: s.data.start.callSid ?? streamSid, callerId: p.caller ?? p.from ?? p.From, inRate: 8000 },
          );
          onCall?.(call);
          call.start().catch((e) => deps.log.error('call start failed', { error: e }));
          return;
        }
        case 'media': {
          // hot path (50 messages a second per call): a direct shape check instead of a schema parse
          const media = (msg as { media?: { payload?: unknown; track?: unknown } }).media;
          if (!call || typeof media?.payload !== 'string' || media.payload.length > MAX_PAYLOAD) return;
          if (media.track !== undefined && media.track !== 'inbound') return;
          call.audio(mulawDecode(Buffer.from(media.payload, 'base64')));
          return;
        }
        case 'dtmf': {
          const d = Dtmf.safeParse(msg);
          if (d.success && call) call.dtmf(d.data.dtmf.digit);
          return;
        }
        case 'mark':
          return;
        case 'stop':
          call?.end('caller_hangup');
          return;
        default:
          return;
      }
    });
    ws.on('close', () => call?.end('caller_hangup'));
    ws.on('error', () => call?.end('error'));
  };
}
