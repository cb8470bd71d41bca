// Compact inverted index: a vocabulary (term → id) and, per field, postings in CSR form
// (offsets[term]..offsets[term+1] index into docs[] / tfs[]), plus per-document field lengths.
// Typed arrays only, so an index of ~65k articles is a few tens of MB, serialises to one blob
// and loads without re-tokenising anything.

export interface FieldPostings {
  offsets: Uint32Array; // length nTerms + 1
  docs: Uint32Array; // document index per posting, ascending within a term
  tfs: Uint16Array; // term frequency per posting (saturates at 65535)
  lengths: Float32Array; // field length per document (terms)
  avgLength: number;
}

export interface InvertedIndex {
  terms: string[]; // id → term
  termIds: Map<string, number>;
  nDocs: number;
  fields: FieldPostings[];
}

/** Accumulates documents (each a list of term lists, one per field) and freezes to CSR. */
export class IndexBuilder {
  private termIds = new Map<string, number>();
  private terms: string[] = [];
  private perField: { doc: number[]; term: number[]; tf: number[]; lengths: number[] }[];
  private n = 0;

  constructor(private readonly nFields: number) {
    this.perField = Array.from({ length: nFields }, () => ({ doc: [], term: [], tf: [], lengths: [] }));
  }

  private id(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.termIds.set(term, id);
    }
    return id;
  }

  /** Add one document; returns its index. */
  add(fields: string[][]): number {
    if (fields.length !== this.nFields) throw new Error(`expected ${this.nFields} fields, got ${fields.length}`);
    const doc = this.n++;
    for (let f = 0; f < this.nFields; f++) {
      const counts = new Map<number, number>();
      for (const t of fields[f]) {
        const id = this.id(t);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const pf = this.perField[f];
      for (const [term, tf] of counts) {
        pf.doc.push(doc);
        pf.term.push(term);
        pf.tf.push(Math.min(tf, 65535));
      }
      pf.lengths.push(fields[f].length);
    }
    return doc;
  }

  build(): InvertedIndex {
    const nTerms = this.terms.length;
    const fields: FieldPostings[] = this.perField.map((pf) => {
      const offsets = new Uint32Array(nTerms + 1);
      for (const t of pf.term) offsets[t + 1]++;
      for (let i = 0; i < nTerms; i++) offsets[i + 1] += offsets[i];
      const fill = offsets.slice(0, nTerms);
      const docs = new Uint32Array(pf.doc.length);
      const tfs = new Uint16Array(pf.doc.length);
      // postings were appended in document order, so each term's list stays ascending
      for (let i = 0; i < pf.doc.length; i++) {
        const at = fill[pf.term[i]]++;
        docs[at] = pf.doc[i];
        tfs[at] = pf.tf[i];
      }
      const lengths = Float32Array.from(pf.lengths);
      let sum = 0;
      for (const l of pf.lengths) sum += l;
      return { offsets, docs, tfs, lengths, avgLength: pf.lengths.length ? sum / pf.lengths.length : 0 };
    });
    return { terms: this.terms, termIds: this.termIds, nDocs: this.n, fields };
  }
}

/** Document frequency of a term id in one field. */
export function docFreq(field: FieldPostings, termId: number): number {
  return field.offsets[termId + 1] - field.offsets[termId];
}

// ---- serialisation: one Buffer, little-endian, 8-byte aligned sections ----

const MAGIC = 0x4c4c4958; // 'LLIX'
const VERSION = 1;

function align8(n: number): number {
  return (n + 7) & ~7;
}

export function serializeIndex(ix: InvertedIndex): Buffer {
  const vocab = Buffer.from(ix.terms.join('\n'), 'utf8');
  const parts: ArrayBufferView[] = [];
  const header: number[] = [MAGIC, VERSION, ix.nDocs, ix.terms.length, ix.fields.length, vocab.length];
  for (const f of ix.fields) header.push(f.docs.length);
  const head = new Uint32Array(header);
  parts.push(head, vocab);
  for (const f of ix.fields) parts.push(f.offsets, f.docs, f.tfs, f.lengths, new Float64Array([f.avgLength]));
  let size = 0;
  for (const p of parts) size = align8(size + p.byteLength);
  const out = Buffer.alloc(size);
  let at = 0;
  for (const p of parts) {
    Buffer.from(p.buffer, p.byteOffset, p.byteLength).copy(out, at);
    at = align8(at + p.byteLength);
  }
  return out;
}

export function deserializeIndex(buf: Buffer): InvertedIndex {
  // copy into a fresh aligned ArrayBuffer so typed-array views are valid
  const ab = new ArrayBuffer(buf.byteLength);
  new Uint8Array(ab).set(buf);
  const u32 = new Uint32Array(ab, 0, 6);
  if (u32[0] !== MAGIC || u32[1] !== VERSION) throw new Error('search index blob: bad magic or version');
  const [, , nDocs, nTerms, nFields, vocabLen] = u32;
  const postCounts = new Uint32Array(ab, 24, nFields);
  let at = align8(24 + nFields * 4);
  const terms = vocabLen ? new TextDecoder().decode(new Uint8Array(ab, at, vocabLen)).split('\n') : [];
  if (terms.length !== nTerms) throw new Error('search index blob: vocabulary size mismatch');
  at = align8(at + vocabLen);
  const fields: FieldPostings[] = [];
  for (let f = 0; f < nFields; f++) {
    const n = postCounts[f];
    const offsets = new Uint32Array(ab, at, nTerms + 1);
    at = align8(at + offsets.byteLength);
    const docs = new Uint32Array(ab, at, n);
    at = align8(at + docs.byteLength);
    const tfs = new Uint16Array(ab, at, n);
    at = align8(at + tfs.byteLength);
    const lengths = new Float32Array(ab, at, nDocs);
    at = align8(at + lengths.byteLength);
    const avgLength = new Float64Array(ab, at, 1)[0];
    at = align8(at + 8);
    fields.push({ offsets, docs, tfs, lengths, avgLength });
  }
  const termIds = new Map<string, number>();
  terms.forEach((t, i) => termIds.set(t, i));
  return { terms, termIds, nDocs, fields };
}
