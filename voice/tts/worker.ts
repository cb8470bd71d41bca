// Runs inside the TTS worker thread (see threaded.ts): synthesises with the engine described by
// workerData and resamples to the requested line rate, off the event loop that paces call audio.
import { parentPort, workerData } from 'node:worker_threads';
import { resample } from '../audio/resample';
import { synthesizerFromSpec, type SynthSpec } from './index';

const synth = synthesizerFromSpec(workerData as SynthSpec);

parentPort!.on('message', async (m: { id: number; text: string; rate: number }) => {
  try {
    const pcm = await synth.synthesize(m.text);
    const out = resample(pcm.samples, pcm.sampleRate, m.rate);
    parentPort!.postMessage({ id: m.id, pcm: out }, [out.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort!.postMessage({ ready: true });
