// A tiny BERT-shaped embedding model directory for loader tests, in the layout transformers.js
// (and sentence-transformers exports) use:
//   config.json, tokenizer.json (WordPiece, BertNormalizer splitting CJK characters),
//   tokenizer_config.json, onnx/model.onnx, optionally 1_Pooling/config.json.
// The ONNX graph, with BERT's three inputs: last_hidden_state = (Gather(table, input_ids) +
// Gather(type_table, token_type_ids)) * attention_mask (broadcast over the hidden dim; type 0 is a
// zero row), so every token has a fixed vector and mean pooling gives the average of a text's
// token vectors: texts sharing characters are closer. Nothing is downloaded.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { seededFloats, writeOnnxModel } from './onnx-fixture';

export const TINY_SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

export interface TinyBertOptions {
  /** Tokens after the 5 special ones; default: common characters of labour / family questions. */
  tokens?: string[];
  hidden?: number; // default 8
  seed?: number;
  /** Write 1_Pooling/config.json with this mode (sentence-transformers layout). */
  pooling?: 'mean' | 'cls';
  /** Write config_sentence_transformers.json with prompts.query. */
  queryPrompt?: string;
  /** File name under onnx/ (default model.onnx; e.g. model_quantized.onnx). */
  onnxFile?: string;
  /** config.json max_position_embeddings (default 64). */
  maxPositions?: number;
  /** tokenizer_config.json model_max_length (default 64; null = leave it out, as some exports do). */
  modelMaxLength?: number | null;
}

export const TINY_TOKENS = [...'老板不发工资欠薪劳动合同解除离婚抚养费交通事故赔偿借款还钱怎么办法律援助'];

export async function writeTinyBertModel(dir: string, o: TinyBertOptions = {}): Promise<{ vocab: string[]; hidden: number; table: Float32Array }> {
  const vocab = [...TINY_SPECIAL, ...new Set(o.tokens ?? TINY_TOKENS)];
  const hidden = o.hidden ?? 8;
  const table = seededFloats(vocab.length * hidden, o.seed ?? 7);
  for (let j = 0; j < hidden; j++) table[j] = 0; // [PAD] is a zero vector
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: hidden,
      num_attention_heads: 1,
      num_hidden_layers: 1,
      intermediate_size: hidden,
      max_position_embeddings: o.maxPositions ?? 64,
      vocab_size: vocab.length,
      type_vocab_size: 1,
      pad_token_id: 0,
    }),
  );
  const special = (tok: string) => ({ id: vocab.indexOf(tok), content: tok, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  await writeFile(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: TINY_SPECIAL.map(special),
      normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [vocab.indexOf('[CLS]')], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [vocab.indexOf('[SEP]')], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    }),
  );
  await writeFile(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      ...(o.modelMaxLength === null ? {} : { model_max_length: o.modelMaxLength ?? 64 }),
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
      tokenize_chinese_chars: true,
    }),
  );
  if (o.pooling) {
    await mkdir(join(dir, '1_Pooling'), { recursive: true });
    await writeFile(
      join(dir, '1_Pooling', 'config.json'),
      JSON.stringify({ word_embedding_dimension: hidden, pooling_mode_cls_token: o.pooling === 'cls', pooling_mode_mean_tokens: o.pooling === 'mean' }),
    );
  }
  if (o.queryPrompt !== undefined) {
    await writeFile(join(dir, 'config_sentence_transformers.json'), JSON.stringify({ prompts: { query: o.queryPrompt, document: '' }, default_prompt_name: null }));
  }
  await writeOnnxModel(join(dir, 'onnx', o.onnxFile ?? 'model.onnx'), {
    name: 'tiny_bert',
    inputs: [
      { name: 'input_ids', type: 'int64', shape: ['batch', 'seq'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch', 'seq'] },
      { name: 'token_type_ids', type: 'int64', shape: ['batch', 'seq'] },
    ],
    outputs: [{ name: 'last_hidden_state', type: 'float', shape: ['batch', 'seq', hidden] }],
    initializers: [
      { name: 'table', type: 'float', dims: [vocab.length, hidden], values: table },
      { name: 'axes', type: 'int64', dims: [1], values: [2] },
      // token type embeddings as in BERT; type 0 is a zero row so outputs stay easy to predict
      { name: 'type_table', type: 'float', dims: [2, hidden], values: [...new Array(hidden).fill(0), ...seededFloats(hidden, 99)] },
    ],
    nodes: [
      { op: 'Gather', inputs: ['table', 'input_ids'], outputs: ['word'], attributes: { axis: { i: 0 } } },
      { op: 'Gather', inputs: ['type_table', 'token_type_ids'], outputs: ['type'], attributes: { axis: { i: 0 } } },
      { op: 'Add', inputs: ['word', 'type'], outputs: ['tok'] },
      { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attributes: { to: { i: 1 } } },
      { op: 'Unsqueeze', inputs: ['mask_f', 'axes'], outputs: ['mask3'] },
      { op: 'Mul', inputs: ['tok', 'mask3'], outputs: ['last_hidden_state'] },
    ],
  });
  return { vocab, hidden, table };
}
