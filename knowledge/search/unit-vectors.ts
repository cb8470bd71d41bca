// Stage 4 input: every unit placed in the corpus's own word space (word-vectors.ts). A unit's
// vector is the IDF-weighted centroid of the distinct words of its text and head; a question's
// is the same over its words. Their cosine is one reranker feature (`word_vec`): it rewards an
// article written in the question's field even when it shares none of its words. It is not a
// recall stage and not a neural embedding; the vector stage (vector.ts) is for real models.
// The same artefact keeps each unit's word list and each word's nearest words (word-neighbours.ts)
// for the soft match (soft-match.ts). Built with the keyword index's fingerprint and persisted in
// search_artifacts.
import type Database from 'better-sqlite3';
import { loadArtifact, saveArtifact } from './artifacts';
import { headText } from './article-index';
import { iterateUnits, parsePath, storeFingerprint } from './store-read';
import { segmentPrecise } from './segment';
import { trainWordVectors, type WordVectorOptions } from './word-vectors';
import { buildWordNeighbours, type WordNeighbours } from './word-neighbours';

const FORMAT = 2;
const KEY = 'word-vectors';
/** Quantisation of unit-length components to int8. */
const Q = 127;

export interface UnitVectors {
  fingerprint: string;
  dim: number;
  /** Word → row of `words` and of `idf`. */
  ids: Map<string, number>;
  vocab: string[];
  idf: Float32Array;
  /** vocab × dim, int8 (component × 127). */
  words: Int8Array;
  /** units × dim in document-index order, int8 (component × 127), unit length before rounding. */
  units: Int8Array;
  nUnits: number;
  /** Each unit's distinct vocabulary words: `unitWords[unitWordStart[u] .. unitWordStart[u + 1])`. */
  unitWordStart: Uint32Array;
  unitWords: Uint16Array;
  /** Each word's nearest words (soft-match.ts). */
  neighbours: WordNeighbours;
}

function quantize(v: Float64Array | Float32Array, out: Int8Array, at: number): void {
  let norm = 0;
  for (let c = 0; c < v.length; c++) norm += v[c] * v[c];
  const inv = norm > 0 ? Q / Math.sqrt(norm) : 0;
  for (let c = 0; c < v.length; c++) out[at + c] = Math.round(v[c] * inv);
}

/** Build from the store's units (the same order as the keyword index's document indexes). */
export function buildUnitVectors(db: Database.Database, options: Partial<WordVectorOptions> = {}): UnitVectors {
  const fingerprint = storeFingerprint(db);
  const bodies: string[][] = [];
  const heads: string[][] = [];
  for (const r of iterateUnits(db)) {
    bodies.push(segmentPrecise(r.text));
    heads.push(segmentPrecise(headText(r.title, r.part, parsePath(r.path), r.number, r.kind)));
  }
  const wv = trainWordVectors(bodies, options);
  const { dim, vocab, ids } = wv;
  if (vocab.length > 0xffff) throw new Error('word vectors: vocabulary too large for 16-bit word lists');
  const words = new Int8Array(vocab.length * dim);
  for (let w = 0; w < vocab.length; w++) quantize(wv.vectors.subarray(w * dim, (w + 1) * dim), words, w * dim);
  // distinct vocabulary words per unit, document frequencies, IDF
  const unitWords: Int32Array[] = [];
  const df = new Float64Array(vocab.length);
  for (let u = 0; u < bodies.length; u++) {
    const set = new Set<number>();
    for (const w of bodies[u]) {
      const id = ids.get(w);
      if (id !== undefined) set.add(id);
    }
    for (const w of heads[u]) {
      const id = ids.get(w);
      if (id !== undefined) set.add(id);
    }
    const arr = Int32Array.from(set);
    for (const id of arr) df[id]++;
    unitWords.push(arr);
  }
  const idf = new Float32Array(vocab.length);
  for (let w = 0; w < vocab.length; w++) idf[w] = Math.log((bodies.length + 1) / (df[w] + 1)) + 0.5;
  const unitWordStart = new Uint32Array(bodies.length + 1);
  for (let u = 0; u < unitWords.length; u++) unitWordStart[u + 1] = unitWordStart[u] + unitWords[u].length;
  const flatWords = new Uint16Array(unitWordStart[bodies.length]);
  for (let u = 0; u < unitWords.length; u++) flatWords.set(unitWords[u], unitWordStart[u]);
  const units = new Int8Array(bodies.length * dim);
  const acc = new Float64Array(dim);
  for (let u = 0; u < unitWords.length; u++) {
    acc.fill(0);
    for (const id of unitWords[u]) {
      const o = id * dim;
      const wgt = idf[id] / Q;
      for (let c = 0; c < dim; c++) acc[c] += wgt * words[o + c];
    }
    quantize(acc, units, u * dim);
  }
  const neighbours = buildWordNeighbours(words, vocab.length, dim);
  return { fingerprint, dim, ids, vocab, idf, words, units, nUnits: bodies.length, unitWordStart, unitWords: flatWords, neighbours };
}

/** The distinct vocabulary ids of a question's words, in the order they first occur. */
export function questionWords(uv: UnitVectors, text: string): number[] {
  const seen = new Set<number>();
  for (const w of segmentPrecise(text)) {
    const id = uv.ids.get(w);
    if (id !== undefined) seen.add(id);
  }
  return [...seen];
}

/** The IDF-weighted centroid (unit length) of distinct word ids, or null for none. */
export function centroidOf(uv: UnitVectors, words: readonly number[]): Float32Array | null {
  if (!words.length) return null;
  const v = new Float32Array(uv.dim);
  for (const id of words) {
    const o = id * uv.dim;
    const wgt = uv.idf[id];
    for (let c = 0; c < uv.dim; c++) v[c] += wgt * uv.words[o + c];
  }
  let norm = 0;
  for (let c = 0; c < uv.dim; c++) norm += v[c] * v[c];
  if (!(norm > 0)) return null;
  const inv = 1 / Math.sqrt(norm);
  for (let c = 0; c < uv.dim; c++) v[c] *= inv;
  return v;
}

/** Cosine of a question vector and a unit (document index). */
export function unitCosine(uv: UnitVectors, q: Float32Array, doc: number): number {
  const o = doc * uv.dim;
  let dot = 0;
  for (let c = 0; c < uv.dim; c++) dot += q[c] * uv.units[o + c];
  return dot / Q;
}

function encode(uv: UnitVectors): Buffer {
  const head = Buffer.from(
    JSON.stringify({ dim: uv.dim, nUnits: uv.nUnits, vocab: uv.vocab, unitWordCount: uv.unitWords.length, k: uv.neighbours.k }),
    'utf8',
  );
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length, 0);
  const pad = Buffer.alloc((4 - ((4 + head.length) % 4)) % 4);
  return Buffer.concat([
    len,
    head,
    pad,
    Buffer.from(uv.idf.buffer, uv.idf.byteOffset, uv.idf.byteLength),
    Buffer.from(uv.words.buffer, uv.words.byteOffset, uv.words.byteLength),
    Buffer.from(uv.units.buffer, uv.units.byteOffset, uv.units.byteLength),
    Buffer.from(uv.neighbours.ids.buffer, uv.neighbours.ids.byteOffset, uv.neighbours.ids.byteLength),
    Buffer.from(uv.unitWordStart.buffer, uv.unitWordStart.byteOffset, uv.unitWordStart.byteLength),
    Buffer.from(uv.neighbours.sims.buffer, uv.neighbours.sims.byteOffset, uv.neighbours.sims.byteLength),
    Buffer.from(uv.unitWords.buffer, uv.unitWords.byteOffset, uv.unitWords.byteLength),
  ]);
}

function decode(buf: Buffer, fingerprint: string): UnitVectors {
  const hl = buf.readUInt32LE(0);
  const { dim, nUnits, vocab, unitWordCount, k } = JSON.parse(buf.subarray(4, 4 + hl).toString('utf8')) as {
    dim: number;
    nUnits: number;
    vocab: string[];
    unitWordCount: number;
    k: number;
  };
  if (!(dim > 0) || !(nUnits >= 0) || !Array.isArray(vocab) || !(unitWordCount >= 0) || !(k >= 0)) {
    throw new Error('word vectors: bad artefact header');
  }
  let at = 4 + hl + ((4 - ((4 + hl) % 4)) % 4);
  const V = vocab.length;
  const size = V * 4 + V * dim + nUnits * dim + V * k * 4 + (nUnits + 1) * 4 + V * k + unitWordCount * 2;
  if (buf.length !== at + size) throw new Error('word vectors: artefact size mismatch');
  const copy = (bytes: number) => {
    const b = new Uint8Array(bytes);
    b.set(buf.subarray(at, at + bytes));
    at += bytes;
    return b.buffer;
  };
  const idf = new Float32Array(copy(V * 4));
  const words = new Int8Array(copy(V * dim));
  const units = new Int8Array(copy(nUnits * dim));
  const nIds = new Int32Array(copy(V * k * 4));
  const unitWordStart = new Uint32Array(copy((nUnits + 1) * 4));
  const nSims = new Int8Array(copy(V * k));
  const unitWords = new Uint16Array(copy(unitWordCount * 2));
  if (unitWordStart[nUnits] !== unitWordCount) throw new Error('word vectors: bad unit word lists');
  return {
    fingerprint,
    dim,
    ids: new Map(vocab.map((w, i) => [w, i])),
    vocab,
    idf,
    words,
    units,
    nUnits,
    unitWordStart,
    unitWords,
    neighbours: { k, ids: nIds, sims: nSims },
  };
}

/** Load the persisted vectors when they match the store, else train and persist them. */
export function loadOrBuildUnitVectors(db: Database.Database): { vectors: UnitVectors; rebuilt: boolean } {
  const fingerprint = storeFingerprint(db);
  const saved = loadArtifact(db, KEY, fingerprint, FORMAT);
  if (saved) {
    try {
      return { vectors: decode(saved, fingerprint), rebuilt: false };
    } catch {
      /* corrupt or old layout: rebuild below */
    }
  }
  const vectors = buildUnitVectors(db);
  saveArtifact(db, KEY, fingerprint, FORMAT, encode(vectors));
  return { vectors, rebuilt: true };
}
