// A tiny Whisper-shaped model in the transformers.js layout (config, generation config,
// preprocessor, byte-level BPE tokenizer, onnx/encoder_model.onnx and onnx/decoder_model_merged.onnx
// with past key values and use_cache_branch), written with knowledge/testing/onnx-fixture. Its
// decoder ignores the audio: at decoding position k it emits the k-th byte of `text`, then
// <|endoftext|>. It exercises the real loader, feature extractor, encoder-decoder generation loop
// with cache, and tokenizer decoding — not recognition.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOnnxModel } from '../../knowledge/testing/onnx-fixture';

/** GPT-2 byte → printable unicode mapping used by byte-level BPE tokenizers. */
function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const out: string[] = [];
  bs.forEach((b, i) => (out[b] = String.fromCodePoint(cs[i])));
  return out;
}

const SPECIAL = ['<|endoftext|>', '<|startoftranscript|>', '<|zh|>', '<|translate|>', '<|transcribe|>', '<|startoflm|>', '<|startofprev|>', '<|nocaptions|>', '<|notimestamps|>'];
const D = 4; // hidden size
const PROMPT = 4; // <|startoftranscript|> <|zh|> <|transcribe|> <|notimestamps|>

export async function writeTinyWhisper(dir: string, text: string): Promise<void> {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const byteChars = bytesToUnicode();
  const vocab: Record<string, number> = {};
  byteChars.forEach((c, b) => (vocab[c] = b));
  const id = (t: string) => 256 + SPECIAL.indexOf(t);
  SPECIAL.forEach((t) => (vocab[t] = id(t)));
  const V = 256 + SPECIAL.length;
  const EOT = id('<|endoftext|>');

  // decoding positions PROMPT-1 .. : the bytes of the text, then EOT
  const out = [...Buffer.from(text, 'utf8'), EOT];
  const rows = PROMPT + out.length + 4;
  const table = new Float32Array(rows * V);
  for (let pos = 0; pos < rows; pos++) {
    const k = pos - (PROMPT - 1);
    const tok = k >= 0 && k < out.length ? out[k] : EOT;
    table[pos * V + tok] = 10;
  }

  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'whisper', architectures: ['WhisperForConditionalGeneration'], is_encoder_decoder: true,
      d_model: D, encoder_layers: 1, decoder_layers: 1, encoder_attention_heads: 1, decoder_attention_heads: 1,
      num_mel_bins: 80, vocab_size: V, max_source_positions: 1500, max_target_positions: rows,
      decoder_start_token_id: id('<|startoftranscript|>'), eos_token_id: EOT, pad_token_id: EOT, bos_token_id: EOT,
    }),
  );
  writeFileSync(
    join(dir, 'generation_config.json'),
    JSON.stringify({
      decoder_start_token_id: id('<|startoftranscript|>'), eos_token_id: EOT, pad_token_id: EOT, bos_token_id: EOT,
      is_multilingual: true, lang_to_id: { '<|zh|>': id('<|zh|>') }, task_to_id: { transcribe: id('<|transcribe|>'), translate: id('<|translate|>') },
      no_timestamps_token_id: id('<|notimestamps|>'), max_length: rows, suppress_tokens: [], begin_suppress_tokens: [],
    }),
  );
  writeFileSync(
    join(dir, 'preprocessor_config.json'),
    JSON.stringify({
      feature_extractor_type: 'WhisperFeatureExtractor', processor_class: 'WhisperProcessor', feature_size: 80, sampling_rate: 16000,
      hop_length: 160, chunk_length: 30, n_fft: 400, n_samples: 480000, nb_max_frames: 3000, padding_side: 'right', padding_value: 0, return_attention_mask: false,
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
      normalizer: null,
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: false, use_regex: true },
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges: [] },
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'WhisperTokenizer', bos_token: '<|endoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>', pad_token: '<|endoftext|>', model_max_length: 1024, errors: 'replace' }),
  );

  // encoder: input_features [B,80,3000] → last_hidden_state [B,1500,4] (zeros that depend on the input)
  await writeOnnxModel(join(dir, 'onnx', 'encoder_model.onnx'), {
    inputs: [{ name: 'input_features', type: 'float', shape: ['batch', 80, 3000] }],
    outputs: [{ name: 'last_hidden_state', type: 'float', shape: ['batch', 1500, D] }],
    initializers: [
      { name: 'axis1', type: 'int64', dims: [1], values: [1n] },
      { name: 'shape', type: 'int64', dims: [3], values: [0n, 1500n, 2n] },
      { name: 'zero', type: 'float', dims: [], values: [0] },
    ],
    nodes: [
      { op: 'ReduceSum', inputs: ['input_features', 'axis1'], outputs: ['s'], attributes: { keepdims: { i: 0 } } },
      { op: 'Reshape', inputs: ['s', 'shape'], outputs: ['r'] },
      { op: 'Concat', inputs: ['r', 'r'], outputs: ['c'], attributes: { axis: { i: 2 } } },
      { op: 'Mul', inputs: ['c', 'zero'], outputs: ['last_hidden_state'] },
    ],
  });

  // merged decoder: logits for positions past_len .. past_len+seq-1 from the table; presents grow
  const kv = (p: string) => [`${p}.0.decoder.key`, `${p}.0.decoder.value`, `${p}.0.encoder.key`, `${p}.0.encoder.value`];
  const [pdk, pdv, pek, pev] = kv('past_key_values');
  const [odk, odv, oek, oev] = kv('present');
  await writeOnnxModel(join(dir, 'onnx', 'decoder_model_merged.onnx'), {
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'seq'] },
      { name: 'encoder_hidden_states', type: 'float', shape: ['batch', 1500, D] },
      { name: pdk, type: 'float', shape: ['batch', 1, 'past', D] },
      { name: pdv, type: 'float', shape: ['batch', 1, 'past', D] },
      { name: pek, type: 'float', shape: ['batch', 1, 'enc', D] },
      { name: pev, type: 'float', shape: ['batch', 1, 'enc', D] },
      { name: 'use_cache_branch', type: 'bool', shape: [1] },
    ],
    outputs: [
      { name: 'logits', type: 'float', shape: ['batch', 'seq', V] },
      { name: odk, type: 'float', shape: ['batch', 1, 'total', D] },
      { name: odv, type: 'float', shape: ['batch', 1, 'total', D] },
      { name: oek, type: 'float', shape: ['batch', 1, 1500, D] },
      { name: oev, type: 'float', shape: ['batch', 1, 1500, D] },
    ],
    initializers: [
      { name: 'table', type: 'float', dims: [rows, V], values: table },
      { name: 'i2', type: 'int64', dims: [1], values: [2n] },
      { name: 'i1', type: 'int64', dims: [1], values: [1n] },
      { name: 'i3', type: 'int64', dims: [1], values: [3n] },
      { name: 'one', type: 'int64', dims: [], values: [1n] },
      { name: 'ax0', type: 'int64', dims: [1], values: [0n] },
      { name: 'ax13', type: 'int64', dims: [2], values: [1n, 3n] },
      { name: 'zerof', type: 'float', dims: [], values: [0] },
      { name: 'rep', type: 'int64', dims: [4], values: [1n, 1n, 1n, BigInt(D)] },
    ],
    nodes: [
      // P = past length, S = sequence length
      { op: 'Shape', inputs: [pdk], outputs: ['pshape'] },
      { op: 'Gather', inputs: ['pshape', 'i2'], outputs: ['P1'], attributes: { axis: { i: 0 } } },
      { op: 'Shape', inputs: ['input_ids'], outputs: ['ishape'] },
      { op: 'Gather', inputs: ['ishape', 'i1'], outputs: ['S1'], attributes: { axis: { i: 0 } } },
      { op: 'Squeeze', inputs: ['P1', 'ax0'], outputs: ['P'] },
      { op: 'Squeeze', inputs: ['S1', 'ax0'], outputs: ['S'] },
      { op: 'Add', inputs: ['P', 'S'], outputs: ['end'] },
      { op: 'Range', inputs: ['P', 'end', 'one'], outputs: ['pos'] },
      { op: 'Gather', inputs: ['table', 'pos'], outputs: ['lg'], attributes: { axis: { i: 0 } } },
      { op: 'Unsqueeze', inputs: ['lg', 'ax0'], outputs: ['logits'] },
      // new decoder key/value: zeros [B,1,S,D] from input_ids
      { op: 'Cast', inputs: ['input_ids'], outputs: ['idsf'], attributes: { to: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['idsf', 'ax13'], outputs: ['u'] },
      { op: 'Mul', inputs: ['u', 'zerof'], outputs: ['uz'] },
      { op: 'Tile', inputs: ['uz', 'rep'], outputs: ['newkv'] },
      { op: 'Concat', inputs: [pdk, 'newkv'], outputs: [odk], attributes: { axis: { i: 2 } } },
      { op: 'Concat', inputs: [pdv, 'newkv'], outputs: [odv], attributes: { axis: { i: 2 } } },
      // encoder key/value from the encoder states: [B,1500,D] → [B,1,1500,D]
      { op: 'Unsqueeze', inputs: ['encoder_hidden_states', 'i1'], outputs: [oek] },
      { op: 'Unsqueeze', inputs: ['encoder_hidden_states', 'i1'], outputs: [oev] },
    ],
  });
}
