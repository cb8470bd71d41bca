// The browser softphone (/voice-demo): microphone audio as binary L16 frames at 16 kHz, and JSON
// text frames {type:'start'} · {type:'dtmf', digit} · {type:'hangup'}. Back: binary L16 at 16 kHz,
// paced in real time, and JSON {type:'clear'} (barge-in: drop queued audio), {type:'caption',
// role, text} (what the robot says and what was heard, shown on the page for the hard of hearing),
// {type:'hangup', reason}.
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { l16Decode, l16Encode } from '../audio/l16';
import { Call, type CallDeps } from '../call';

export const BROWSER_RATE = 16000;

const Msg = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#]$/) }),
  z.object({ type: z.literal('hangup') }),
]);

export function browserBridge(deps: CallDeps, onCall?: (c: Call) => void) {
  return (ws: WebSocket): void => {
    let call: Call | null = null;
    const text = (msg: object) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg));
    ws.on('message', (raw, isBinary) => {
      if (isBinary) {
        call?.audio(l16Decode(raw as Buffer));
        return;
      }
      let obj: unknown;
      try {
        obj = JSON.parse(raw.toString());
      } catch {
        return text({ type: 'error', code: 'invalid_json', message: '消息格式不正确。' });
      }
      const m = Msg.safeParse(obj);
      if (!m.success) return text({ type: 'error', code: 'unknown_type', message: '不支持的消息类型。' });
      if (m.data.type === 'start' && !call) {
        call = new Call(
          deps,
          {
            protocol: 'browser',
            rate: BROWSER_RATE,
            sendFrame: (f) => ws.readyState === ws.OPEN && ws.send(l16Encode(f), { binary: true }),
            clear: () => text({ type: 'clear' }),
            hangup: (reason) => {
              text({ type: 'hangup', reason });
              setTimeout(() => ws.close(1000, 'call ended'), 200);
            },
            caption: (role, t) => text({ type: 'caption', role, text: t }),
          },
          { inRate: BROWSER_RATE },
        );
        onCall?.(call);
        call.start().catch((e) => deps.log.error('call start failed', { error: e }));
      } else if (m.data.type === 'dtmf') call?.dtmf(m.data.digit);
      else if (m.data.type === 'hangup') {
        call?.end('caller_hangup');
        ws.close(1000, 'bye');
      }
    });
    ws.on('close', () => call?.end('caller_hangup'));
  };
}
