import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeOnnxModel, seededFloats, writeOnnxModel } from './onnx-fixture';

describe('hand-encoded ONNX fixtures run in onnxruntime-node', () => {
  it('runs Gather over an embedding table', async () => {
    const table = seededFloats(5 * 3, 42);
    const bytes = encodeOnnxModel({
      inputs: [{ name: 'ids', type: 'int64', shape: ['b', 's'] }],
      outputs: [{ name: 'out', type: 'float', shape: ['b', 's', 3] }],
      initializers: [{ name: 'table', type: 'float', dims: [5, 3], values: table }],
      nodes: [{ op: 'Gather', inputs: ['table', 'ids'], outputs: ['out'], attributes: { axis: { i: 0 } } }],
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['ids']);
    const r = await session.run({ ids: new ort.Tensor('int64', BigInt64Array.from([4n, 0n]), [1, 2]) });
    expect(r.out.dims).toEqual([1, 2, 3]);
    expect(Array.from(r.out.data as Float32Array)).toEqual([...table.slice(12, 15), ...table.slice(0, 3)]);
  });

  it('supports float/int/ints attributes, negative int64 and several nodes (MatMul + Add + Relu + Transpose)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onnx-fixture-'));
    try {
      const path = join(dir, 'sub', 'm.onnx');
      await writeOnnxModel(path, {
        inputs: [{ name: 'x', type: 'float', shape: [1, 2] }],
        outputs: [{ name: 'y', type: 'float', shape: [2, 1] }],
        initializers: [
          { name: 'w', type: 'float', dims: [2, 2], values: [1, 2, 3, 4] },
          { name: 'b', type: 'float', dims: [2], values: [-100, 0.5] },
        ],
        nodes: [
          { op: 'MatMul', inputs: ['x', 'w'], outputs: ['xw'] },
          { op: 'Add', inputs: ['xw', 'b'], outputs: ['z'] },
          { op: 'LeakyRelu', inputs: ['z'], outputs: ['r'], attributes: { alpha: { f: 0.5 } } },
          { op: 'Transpose', inputs: ['r'], outputs: ['y'], attributes: { perm: { ints: [1, 0] } } },
        ],
      });
      const session = await ort.InferenceSession.create(await readFile(path));
      const r = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 1]), [1, 2]) });
      // [1,1]·w = [4, 6]; + b = [-96, 6.5]; leaky relu 0.5 → [-48, 6.5]; transposed → [[-48],[6.5]]
      expect(r.y.dims).toEqual([2, 1]);
      expect(Array.from(r.y.data as Float32Array)).toEqual([-48, 6.5]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects a tensor whose values do not match its dims', () => {
    expect(() =>
      encodeOnnxModel({ inputs: [], outputs: [], nodes: [], initializers: [{ name: 't', type: 'float', dims: [2, 2], values: [1] }] }),
    ).toThrow(/4/);
  });

  it('writes metadata_props that onnxruntime exposes as custom metadata', async () => {
    const bytes = encodeOnnxModel({
      inputs: [{ name: 'x', type: 'float', shape: [1] }],
      outputs: [{ name: 'y', type: 'float', shape: [1] }],
      nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
      metadata: { vocab_size: '8', model_type: 'paraformer' },
    });
    const session = await ort.InferenceSession.create(bytes);
    const r = await session.run({ x: new ort.Tensor('float32', Float32Array.from([2.5]), [1]) });
    expect(Array.from(r.y.data as Float32Array)).toEqual([2.5]);
    // the metadata is in the protobuf as StringStringEntryProto entries (field 14)
    const text = Buffer.from(bytes).toString('latin1');
    expect(text).toContain('vocab_size');
    expect(text).toContain('paraformer');
  });
});
