// bench:voice caller side, run as a separate, lower-priority process (the telephony network is
// not part of the system under test): N concurrent Twilio callers at real-time pace, each asking
// `turns` questions and barging in on the previous answer. Input: argv[2] JSON; output: one JSON
// line on stdout.
import { TwilioCaller } from './caller';
import { espeakSpeech } from './speech';

interface Input {
  url: string;
  calls: number;
  turns: number;
}

const QUESTIONS = [
  'gong1 si1 tuo1 qian4 wo3 gong1 zi1 zen3 me5 ban4',
  'wo3 bei4 ci2 tui4 le5 you3 mei2 you3 bu3 chang2',
  'li2 hun1 hai2 zi5 gui1 shei2',
  'jiao1 tong1 shi4 gu4 zen3 me5 pei2 chang2',
  'jie4 qian2 bu4 huan2 zen3 me5 ban4',
];

async function one(input: Input, i: number): Promise<number[]> {
  const caller = new TwilioCaller(`${input.url}/ws/voice/twilio`, { caller: `1380000${String(1000 + i)}` });
  await caller.connect();
  const bargeIns: number[] = [];
  await new Promise((r) => setTimeout(r, Math.random() * 2000));
  await caller.until(() => caller.frames.length >= 25, 30_000, 'greeting');
  for (let t = 0; t < input.turns; t++) {
    const speech = espeakSpeech(QUESTIONS[(i + t) % QUESTIONS.length], 8000);
    const clearsBefore = caller.clears.length;
    await caller.say(speech);
    if (caller.clears.length > clearsBefore && caller.lastOnsetAt) bargeIns.push(caller.clears[clearsBefore] - caller.lastOnsetAt);
    const after = performance.now();
    await caller.until(() => caller.frames.some((f) => f.at > after), 30_000, 'answer');
    await new Promise((r) => setTimeout(r, 1500));
  }
  await new Promise((r) => setTimeout(r, 500));
  caller.hangup();
  return bargeIns;
}

const input = JSON.parse(process.argv[2]) as Input;
for (const q of QUESTIONS) espeakSpeech(q, 8000); // synthesise before dialling
const results = await Promise.all(Array.from({ length: input.calls }, (_, i) => one(input, i)));
process.stdout.write(JSON.stringify({ bargeIns: results.flat() }) + '\n');
process.exit(0);
