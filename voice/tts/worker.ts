// Runs in the TTS helper (see threaded.ts) — a child process, or a worker thread as a fallback:
// synthesises with the engine described by the spec and resamples to the requested line rate, off
// the event loop that paces call audio.
import { parentPort, workerData } from 'node:worker_threads';
import { resample } from '../audio/resample';
import { synthesizerFromSpec, type SynthSpec } from './index';

type Request = { id: number; text: string; rate: number };
type Reply = { id: number; pcm?: Int16Array; error?: string } | { ready: true };

const inThread = parentPort !== null;
const spec = (inThread ? workerData : JSON.parse(process.argv[2])) as SynthSpec;
const send = (m: Reply, transfer?: ArrayBuffer[]) => (inThread ? parentPort!.postMessage(m, transfer ?? []) : process.send!(m));
const synth = synthesizerFromSpec(spec);

const onRequest = async (m: Request) => {
  try {
    const pcm = await synth.synthesize(m.text);
    const out = resample(pcm.samples, pcm.sampleRate, m.rate);
    send({ id: m.id, pcm: out }, [out.buffer as ArrayBuffer]);
  } catch (e) {
    send({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
};
if (inThread) parentPort!.on('message', onRequest);
else {
  process.on('message', (m) => void onRequest(m as Request));
  process.on('disconnect', () => process.exit(0)); // the server is gone
}
send({ ready: true });
