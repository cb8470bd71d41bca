// Tiny ONNX models for tests, written without the Python `onnx` package: the ModelProto protobuf
// is hand-encoded here (wire format: varints and length-delimited fields, onnx.proto3 field
// numbers). Enough to build small graphs of standard operators (Gather, MatMul, Add, Reshape, ...)
// that onnxruntime-node (and so transformers.js or sherpa-onnx loaders) can run.
//
//   const bytes = encodeOnnxModel({
//     inputs: [{ name: 'input_ids', type: 'int64', shape: ['batch', 'seq'] }],
//     outputs: [{ name: 'last_hidden_state', type: 'float', shape: ['batch', 'seq', 4] }],
//     initializers: [{ name: 'table', type: 'float', dims: [10, 4], values: [...] }],
//     nodes: [{ op: 'Gather', inputs: ['table', 'input_ids'], outputs: ['last_hidden_state'], attributes: { axis: { i: 0 } } }],
//   });
//   await writeOnnxModel('/tmp/m/onnx/model.onnx', graph);
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type OnnxDataType = 'float' | 'uint8' | 'int8' | 'int32' | 'int64' | 'bool' | 'double';

const DATA_TYPE: Record<OnnxDataType, number> = { float: 1, uint8: 2, int8: 3, int32: 6, int64: 7, bool: 9, double: 11 };

export interface OnnxTensor {
  name?: string;
  type: OnnxDataType;
  dims: number[];
  values: ArrayLike<number> | ArrayLike<bigint>;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxDataType;
  /** Numbers are fixed sizes, strings are symbolic (dynamic) dimensions. */
  shape: (number | string)[];
}

export type OnnxAttribute =
  | { i: number }
  | { f: number }
  | { s: string }
  | { ints: number[] }
  | { floats: number[] }
  | { t: OnnxTensor };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, OnnxAttribute>;
}

export interface OnnxGraph {
  name?: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers?: (OnnxTensor & { name: string })[];
  /** Default opset 13 (ai.onnx). */
  opset?: number;
  /** Extra operator sets, e.g. [{ domain: 'com.microsoft', version: 1 }]. */
  opsets?: { domain: string; version: number }[];
  /** ModelProto metadata_props (sherpa-onnx and others read model settings from these). */
  metadata?: Record<string, string>;
  /** Default IR version 8. */
  irVersion?: number;
}

// ---- protobuf wire encoding -------------------------------------------------------------------

class Writer {
  private parts: Uint8Array[] = [];
  private len = 0;

  private push(b: Uint8Array): void {
    this.parts.push(b);
    this.len += b.length;
  }

  varint(v: number | bigint): this {
    let n = BigInt.asUintN(64, BigInt(v));
    const out: number[] = [];
    do {
      let byte = Number(n & 0x7fn);
      n >>= 7n;
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    this.push(Uint8Array.from(out));
    return this;
  }

  tag(field: number, wire: 0 | 1 | 2 | 5): this {
    return this.varint((field << 3) | wire);
  }

  /** A varint field (int32, int64, enum). */
  int(field: number, v: number | bigint): this {
    return this.tag(field, 0).varint(v);
  }

  bytes(field: number, b: Uint8Array): this {
    this.tag(field, 2).varint(b.length);
    this.push(b);
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }

  float(field: number, v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.tag(field, 5);
    this.push(b);
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.len);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

// ---- ONNX messages (field numbers from onnx/onnx.proto3) --------------------------------------

function rawData(t: OnnxTensor): Uint8Array {
  const n = t.values.length;
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (n !== expected) throw new Error(`tensor ${t.name ?? ''}: ${n} values for dims [${t.dims}] (expected ${expected})`);
  const v = t.values as ArrayLike<number | bigint>;
  switch (t.type) {
    case 'float':
      return new Uint8Array(Float32Array.from(v as ArrayLike<number>).buffer);
    case 'double':
      return new Uint8Array(Float64Array.from(v as ArrayLike<number>).buffer);
    case 'int32':
      return new Uint8Array(Int32Array.from(v as ArrayLike<number>).buffer);
    case 'int64':
      return new Uint8Array(BigInt64Array.from(Array.from(v, (x) => BigInt(x))).buffer);
    case 'int8':
      return new Uint8Array(Int8Array.from(v as ArrayLike<number>).buffer);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(v as ArrayLike<number>);
  }
}

function tensorProto(t: OnnxTensor): Writer {
  const w = new Writer();
  for (const d of t.dims) w.int(1, d); // dims (repeated int64, unpacked is valid)
  w.int(2, DATA_TYPE[t.type]); // data_type
  if (t.name) w.string(8, t.name); // name
  w.bytes(9, rawData(t)); // raw_data (little-endian)
  return w;
}

function valueInfo(v: OnnxValueInfo): Writer {
  const shape = new Writer();
  for (const d of v.shape) {
    const dim = new Writer();
    if (typeof d === 'number') dim.int(1, d); // dim_value
    else dim.string(2, d); // dim_param
    shape.message(1, dim);
  }
  const tensorType = new Writer().int(1, DATA_TYPE[v.type]).message(2, shape); // elem_type, shape
  const typeProto = new Writer().message(1, tensorType); // TypeProto.tensor_type
  return new Writer().string(1, v.name).message(2, typeProto);
}

function attribute(name: string, a: OnnxAttribute): Writer {
  const w = new Writer().string(1, name);
  if ('i' in a) return w.int(3, a.i).int(20, 2); // INT
  if ('f' in a) return w.float(2, a.f).int(20, 1); // FLOAT
  if ('s' in a) return w.string(4, a.s).int(20, 3); // STRING
  if ('t' in a) return w.message(5, tensorProto(a.t)).int(20, 4); // TENSOR
  if ('floats' in a) {
    for (const f of a.floats) w.float(7, f);
    return w.int(20, 6); // FLOATS
  }
  for (const i of a.ints) w.int(8, i);
  return w.int(20, 7); // INTS
}

function nodeProto(n: OnnxNode, i: number): Writer {
  const w = new Writer();
  for (const x of n.inputs) w.string(1, x);
  for (const x of n.outputs) w.string(2, x);
  w.string(3, n.name ?? `${n.op}_${i}`);
  w.string(4, n.op);
  for (const [k, a] of Object.entries(n.attributes ?? {})) w.message(5, attribute(k, a));
  if (n.domain) w.string(7, n.domain);
  return w;
}

/** Encode a graph as ONNX ModelProto bytes. */
export function encodeOnnxModel(g: OnnxGraph): Uint8Array {
  const graph = new Writer();
  g.nodes.forEach((n, i) => graph.message(1, nodeProto(n, i)));
  graph.string(2, g.name ?? 'fixture');
  for (const t of g.initializers ?? []) graph.message(5, tensorProto(t));
  for (const v of g.inputs) graph.message(11, valueInfo(v));
  for (const v of g.outputs) graph.message(12, valueInfo(v));

  const model = new Writer();
  model.int(1, g.irVersion ?? 8); // ir_version
  model.string(2, 'lawline-onnx-fixture'); // producer_name
  model.string(3, '1'); // producer_version
  model.message(7, graph); // graph
  model.message(8, new Writer().string(1, '').int(2, g.opset ?? 13)); // opset_import
  for (const o of g.opsets ?? []) model.message(8, new Writer().string(1, o.domain).int(2, o.version));
  for (const [k, v] of Object.entries(g.metadata ?? {})) model.message(14, new Writer().string(1, k).string(2, v)); // metadata_props
  return model.finish();
}

/** Encode and write a model file (creating parent directories). */
export async function writeOnnxModel(path: string, g: OnnxGraph): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodeOnnxModel(g));
}

/** Deterministic pseudo-random floats in [-1, 1) (mulberry32), for fixture weights. */
export function seededFloats(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}
