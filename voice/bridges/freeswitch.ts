// FreeSWITCH mod_audio_stream (`uuid_audio_stream <uuid> start ws://…/ws/voice/freeswitch?rate=8000
// mono 8k <metadata>`):
// in:  first text frame = the metadata, JSON {"uuid","caller","sampleRate"} by our dialplan
//      convention (a plain string is taken as the channel uuid); then binary frames of L16 mono PCM
//      at 8 or 16 kHz (the rate from metadata or ?rate=); later text frames are JSON events, DTMF as
//      {"event":"dtmf","digit":"5"} (sent by the dialplan's DTMF hook with `uuid_audio_stream send_text`).
// out: binary L16 frames at the stream rate, 20 ms each, paced in real time (mod_audio_stream
//      ≥1.0.3 raw binary playback); on barge-in a text frame {"type":"killAudio"} so the module
//      (or the ESL glue, with `uuid_break`) drops what it has buffered; {"type":"hangup"} at the end;
//      {"type":"transfer","orderNo"} after a handoff (the glue transfers the channel to the agents).
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { l16Decode, l16Encode } from '../audio/l16';
import { Call, type CallDeps } from '../call';

const Meta = z.object({
  uuid: z.string().max(100).optional(),
  caller: z.string().max(40).optional(),
  sampleRate: z.union([z.literal(8000), z.literal(16000)]).optional(),
});
const Dtmf = z.object({ event: z.literal('dtmf'), digit: z.string().max(1) });

export function freeswitchBridge(deps: CallDeps, onCall?: (c: Call) => void) {
  return (ws: WebSocket, _req: IncomingMessage, url: URL): void => {
    const q = Number(url.searchParams.get('rate') ?? '8000');
    let rate = q === 16000 ? 16000 : 8000;
    let call: Call | null = null;
    const text = (msg: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    const begin = (meta: z.infer<typeof Meta>) => {
      if (meta.sampleRate) rate = meta.sampleRate;
      call = new Call(
        deps,
        {
          protocol: 'freeswitch',
          rate,
          sendFrame: (f) => ws.readyState === ws.OPEN && ws.send(l16Encode(f), { binary: true }),
          clear: () => text({ type: 'killAudio' }),
          hangup: (reason) => {
            text({ type: 'hangup', reason });
            setTimeout(() => ws.close(1000, 'call ended'), 200);
          },
          transfer: (orderNo) => {
            text({ type: 'transfer', orderNo }); // the ESL glue bridges the channel to the agents' queue
            setTimeout(() => ws.close(1000, 'transfer'), 200);
          },
        },
        { externalId: meta.uuid, callerId: meta.caller, inRate: rate },
      );
      onCall?.(call);
      call.start().catch((e) => deps.log.error('call start failed', { error: e }));
    };
    ws.on('message', (raw, isBinary) => {
      const buf = raw as Buffer;
      if (isBinary) {
        if (!call) begin({}); // audio before metadata: start with the URL's rate
        call!.audio(l16Decode(buf));
        return;
      }
      const s = buf.toString('utf8');
      let obj: unknown = null;
      try {
        obj = JSON.parse(s);
      } catch {
        obj = null;
      }
      if (!call) {
        const m = Meta.safeParse(obj ?? {});
        begin(m.success ? m.data : { uuid: s.slice(0, 100) });
        return;
      }
      const d = Dtmf.safeParse(obj);
      if (d.success) call.dtmf(d.data.digit);
    });
    ws.on('close', () => (call as Call | null)?.end('caller_hangup'));
    ws.on('error', () => (call as Call | null)?.end('error'));
  };
}
