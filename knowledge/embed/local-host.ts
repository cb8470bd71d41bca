// Source of the child process that runs a transformers.js feature-extraction pipeline.
// Why a process: onnxruntime runs inference synchronously on the calling thread, so embedding in
// the server's main thread would stall chat streams and 20 ms voice frames for the length of every
// batch; and onnxruntime-node's native binding loads in only one thread per process ("Module did
// not self-register" in a second worker thread), so a worker thread would break as soon as another
// part of the server (e.g. a Whisper loader) uses onnxruntime. A child process is isolated from
// both, and a crash of the model cannot take the server down. Plain CommonJS run with `node -e`.
//
// IPC (advanced serialization, typed arrays travel as they are):
//   {id, type:'init'} → {id, maxTokens} | {id, error}
//   {id, type:'embed', texts, pooling} → {id, dims, data: Float32Array} | {id, error}
export const LOCAL_EMBED_HOST = `
const { dir, dtype, threads, modulePath } = JSON.parse(process.env.LAWLINE_EMBED_HOST);
process.on('disconnect', () => process.exit(0)); // the parent is gone
let extractor;
const ready = (async () => {
  const { env, pipeline } = require(modulePath);
  env.allowRemoteModels = false; // never download at run time
  env.allowLocalModels = true;
  env.localModelPath = require('node:path').dirname(dir) + '/';
  // An absolute path is not a hub id: transformers.js reads it as is.
  extractor = await pipeline('feature-extraction', dir, {
    dtype, device: 'cpu', local_files_only: true,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
  });
  // Exports without model_max_length in tokenizer_config.json would not truncate, and a text
  // longer than the position table then fails the whole batch: cap at max_position_embeddings.
  const tok = extractor.tokenizer;
  const maxPos = extractor.model && extractor.model.config && extractor.model.config.max_position_embeddings;
  if (maxPos > 0 && (!tok.model_max_length || tok.model_max_length > maxPos)) tok.model_max_length = maxPos;
  return tok.model_max_length || null;
})();
ready.catch(() => {});
process.on('message', async (m) => {
  try {
    if (m.type === 'init') return process.send({ id: m.id, maxTokens: await ready });
    await ready;
    const t = await extractor(m.texts, { pooling: m.pooling, normalize: true });
    process.send({ id: m.id, dims: t.dims, data: Float32Array.from(t.data) });
  } catch (e) {
    process.send({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;
