// Whisper through transformers.js from a local model directory (an ONNX export in the Xenova /
// onnx-community layout: config.json, preprocessor_config.json, tokenizer.json, onnx/encoder_model*.onnx,
// onnx/decoder_model_merged*.onnx). Remote downloads are disabled: a missing file is an error at
// start-up, never a fetch.
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ASR_RATE, AsrError, toFloat32, type Transcriber } from './types';

const REQUIRED = ['config.json', 'preprocessor_config.json', 'tokenizer.json'];

/** Check the directory layout; returns the dtype suffix found for the ONNX files ('' | '_quantized' | ...). */
export function checkWhisperDir(dir: string): { dtype: 'fp32' | 'q8' | 'fp16' | 'int8' | 'uint8' | 'q4' } {
  if (!existsSync(dir)) throw new AsrError(`ASR_MODEL_DIR ${dir} does not exist`);
  const missing = REQUIRED.filter((f) => !existsSync(join(dir, f)));
  if (missing.length) throw new AsrError(`ASR_MODEL_DIR ${dir} is not a transformers.js Whisper export: missing ${missing.join(', ')}`);
  const onnx = existsSync(join(dir, 'onnx')) ? readdirSync(join(dir, 'onnx')) : [];
  const variants: [string, 'fp32' | 'q8' | 'fp16' | 'int8' | 'uint8' | 'q4'][] = [
    ['', 'fp32'],
    ['_quantized', 'q8'],
    ['_fp16', 'fp16'],
    ['_int8', 'int8'],
    ['_uint8', 'uint8'],
    ['_q4', 'q4'],
  ];
  for (const [suffix, dtype] of variants) {
    if (onnx.includes(`encoder_model${suffix}.onnx`) && onnx.includes(`decoder_model_merged${suffix}.onnx`)) return { dtype };
  }
  throw new AsrError(`ASR_MODEL_DIR ${dir}/onnx needs encoder_model.onnx and decoder_model_merged.onnx (or a quantized pair)`);
}

export async function loadWhisper(dir: string, opts: { language?: string } = {}): Promise<Transcriber> {
  const abs = resolve(dir);
  const { dtype } = checkWhisperDir(abs);
  const tf = await import('@huggingface/transformers');
  tf.env.allowRemoteModels = false;
  tf.env.allowLocalModels = true;
  tf.env.localModelPath = dirname(abs) + '/';
  let asr: (audio: Float32Array, o: Record<string, unknown>) => Promise<unknown>;
  try {
    asr = (await tf.pipeline('automatic-speech-recognition', basename(abs), { dtype, local_files_only: true, device: 'cpu' })) as never;
  } catch (e) {
    throw new AsrError(`cannot load Whisper from ${abs}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    name: 'whisper',
    async transcribe(pcm) {
      const t0 = performance.now();
      const out = (await asr(toFloat32(pcm), { language: opts.language ?? 'chinese', task: 'transcribe', sampling_rate: ASR_RATE })) as
        | { text: string }
        | { text: string }[];
      const text = Array.isArray(out) ? out.map((o) => o.text).join('') : out.text;
      return { text: text.trim(), ms: performance.now() - t0 };
    },
  };
}
