// The article keyword index: every unit of the store (articles, case sections, FAQ entries)
// segmented into two fields, body (the text) and head (law title, 编 part, chapter path), as
// word + bigram terms. Built once per store fingerprint and persisted in search_artifacts, so a
// restart loads typed arrays instead of re-segmenting ~65k articles.
import type Database from 'better-sqlite3';
import { iterateUnits, parsePath, storeFingerprint } from './store-read';
import { deserializeIndex, IndexBuilder, serializeIndex, type InvertedIndex } from './postings';
import { segment } from './segment';
import { loadArtifact, saveArtifact } from './artifacts';

export const FIELD_BODY = 0;
export const FIELD_HEAD = 1;
const FORMAT = 1;

export interface ArticleIndex {
  ix: InvertedIndex;
  /** Document index → unit id (ascending). */
  unitIds: Int32Array;
  fingerprint: string;
}

/** The head field's text: what a citizen types when naming the law or the chapter. */
export function headText(title: string, part: string | null, path: string[], number: string | null, kind: string): string {
  const bits = [title];
  if (part) bits.push(part);
  bits.push(...path);
  if (kind === 'case' || kind === 'faq') if (number) bits.push(number);
  return bits.join(' ');
}

export function buildArticleIndex(db: Database.Database): ArticleIndex {
  const fingerprint = storeFingerprint(db);
  const b = new IndexBuilder(2);
  const ids: number[] = [];
  for (const r of iterateUnits(db)) {
    const body = segment(r.text);
    const head = segment(headText(r.title, r.part, parsePath(r.path), r.number, r.kind));
    b.add([body.words.concat(body.bigrams), head.words.concat(head.bigrams)]);
    ids.push(r.id);
  }
  return { ix: b.build(), unitIds: Int32Array.from(ids), fingerprint };
}

function encode(a: ArticleIndex): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(a.unitIds.length, 0);
  const ids = Buffer.from(a.unitIds.buffer, a.unitIds.byteOffset, a.unitIds.byteLength);
  const pad = Buffer.alloc((8 - (ids.length % 8)) % 8);
  return Buffer.concat([head, ids, pad, serializeIndex(a.ix)]);
}

function decode(buf: Buffer, fingerprint: string): ArticleIndex {
  const n = buf.readUInt32LE(0);
  const idBytes = n * 4;
  const unitIds = new Int32Array(n);
  for (let i = 0; i < n; i++) unitIds[i] = buf.readInt32LE(8 + i * 4);
  const at = 8 + idBytes + ((8 - (idBytes % 8)) % 8);
  return { ix: deserializeIndex(buf.subarray(at)), unitIds, fingerprint };
}

/** Load the persisted index when it matches the store, else build and persist it. */
export function loadOrBuildArticleIndex(db: Database.Database): { index: ArticleIndex; rebuilt: boolean } {
  const fingerprint = storeFingerprint(db);
  const saved = loadArtifact(db, 'articles', fingerprint, FORMAT);
  if (saved) {
    try {
      return { index: decode(saved, fingerprint), rebuilt: false };
    } catch {
      /* corrupt or old layout: rebuild below */
    }
  }
  const index = buildArticleIndex(db);
  saveArtifact(db, 'articles', index.fingerprint, FORMAT, encode(index));
  return { index, rebuilt: true };
}
