// One file → what it holds (documents and/or past orders), choosing the parser by extension,
// front matter `kind`, the corpus folder (宪法 … 案例, 其他 by db.sqlite3 level), --kind, and
// finally by sniffing the text (第X条 lines → statute; 基本案情/裁判结果 → case; else guide).
import { extname } from 'node:path';
import type { NewDocument } from '../knowledge/store/writes';
import type { DocKind, PastOrder } from '../knowledge/types';
import { parseCaseMarkdown, parseCaseText } from './parsers/cases';
import { ParseError } from './parsers/errors';
import { extractLines, TEXT_EXTENSIONS, decodeText } from './parsers/extract';
import { parseFaqJson, parseFaqMarkdown } from './parsers/faq';
import { splitFrontMatter } from './parsers/frontmatter';
import { fileNameVersion, kindFromFolders, LEVEL_KINDS, parseLawRefBook } from './parsers/lawrefbook';
import { findLawRefBookDb } from './parsers/lawrefbook-db';
import { ARTICLE_START } from '../knowledge/numerals';
import { ORDER_EXTENSIONS, parseOrdersBytes } from './parsers/orders';
import { parseStatuteLines } from './parsers/statute-text';

export type FileFormat = 'statute' | 'case' | 'orders' | 'faq';

export interface FileInput {
  /** Path on disk. */
  abs: string;
  /** Path key stored as the documents' source (see ingest/README.md). */
  key: string;
  bytes: Buffer;
  /** --kind: forces the kind of documents in text/Markdown files. */
  kind?: DocKind;
}

export interface ParsedFile {
  format: FileFormat;
  documents: NewDocument[];
  orders: PastOrder[];
}

export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.json', ...ORDER_EXTENSIONS, ...TEXT_EXTENSIONS];

const STATUTE: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local'];
const CASE_WORDS = /^(?:#+\s*|【)?(基本案情|简要案情|案情简介|裁判结果|裁判要旨|判决结果|典型意义)/m;

function sniff(text: string): 'statute' | 'case' | 'faq' {
  const lines = text.split(/\r?\n/);
  if (lines.filter((l) => ARTICLE_START.test(l.trim())).length >= 2) return 'statute';
  if (CASE_WORDS.test(text)) return 'case';
  return 'faq';
}

function caseCategory(abs: string): string | null {
  const parts = abs.split(/[\\/]/);
  const i = parts.lastIndexOf('案例');
  return i >= 0 && i + 2 < parts.length ? parts[i + 1] : null;
}

/** Zero bytes, or a few bytes of whitespace (a BOM and newlines): nothing any parser could read. */
function isBlank(bytes: Buffer): boolean {
  return bytes.length < 1024 && !bytes.toString('utf8').replace(/^\uFEFF/, '').trim();
}

export async function parseFile(f: FileInput): Promise<ParsedFile> {
  const ext = extname(f.abs).toLowerCase();
  if (isBlank(f.bytes)) throw new ParseError('文件是空的');
  if (ORDER_EXTENSIONS.includes(ext)) {
    const orders = await parseOrdersBytes(f.bytes, f.abs);
    if (!orders.length) throw new ParseError('文件中没有工单记录');
    return { format: 'orders', documents: [], orders };
  }
  if (ext === '.json') {
    return { format: 'faq', documents: [parseFaqJson(decodeText(f.bytes), { source: f.key, file: f.abs })], orders: [] };
  }
  if (ext === '.md' || ext === '.markdown') {
    const text = decodeText(f.bytes);
    const fmKind = splitFrontMatter(text).data.kind;
    let kind: DocKind | null = f.kind ?? (typeof fmKind === 'string' ? (fmKind as DocKind) : null) ?? kindFromFolders(f.abs);
    const db = findLawRefBookDb(f.abs);
    if (!kind && db) {
      const { name, date } = fileNameVersion(f.abs);
      const row = db.lookup(name, date);
      if (row) kind = LEVEL_KINDS[row.level] ?? null;
    }
    const shape = kind ? null : sniff(text);
    if (kind === 'case' || shape === 'case') {
      return { format: 'case', documents: parseCaseMarkdown(text, { source: f.key, file: f.abs, category: caseCategory(f.abs) }), orders: [] };
    }
    if (kind === 'order') throw new ParseError('工单请使用 .jsonl / .csv / .xlsx 文件');
    if (kind === 'faq' || shape === 'faq') return { format: 'faq', documents: [parseFaqMarkdown(text, { source: f.key })], orders: [] };
    // a statute: the parser validates a front-matter kind and falls back to folder/db/law itself
    const doc = parseLawRefBook(text, { source: f.key, file: f.abs, db, kind: f.kind });
    return { format: 'statute', documents: [doc], orders: [] };
  }
  if (TEXT_EXTENSIONS.includes(ext)) {
    const { title, lines } = await extractLines(f.bytes, f.abs);
    const kind = f.kind ?? null;
    const s = kind ? null : sniff(lines.join('\n'));
    if (kind === 'case' || s === 'case') {
      const withTitle = title ? [title, ...lines.filter((l) => l.trim() !== title)] : lines;
      return { format: 'case', documents: parseCaseText(withTitle, { source: f.key, file: f.abs }), orders: [] };
    }
    if (kind === 'faq' || s === 'faq') {
      if (!kind) throw new ParseError('没有找到“第X条”条文，也不像案例；如是办事指南请加 --kind faq');
      const md = [`# ${title ?? lines.find((l) => l.trim()) ?? ''}`, ...lines].join('\n');
      return { format: 'faq', documents: [parseFaqMarkdown(md, { source: f.key })], orders: [] };
    }
    if (kind && !STATUTE.includes(kind)) throw new ParseError(`--kind ${kind} 不适用于此文件`);
    return { format: 'statute', documents: [parseStatuteLines(lines, { source: f.key, file: f.abs, kind: kind ?? undefined, titleHint: title })], orders: [] };
  }
  throw new ParseError(`不支持的文件格式: ${ext || '(无扩展名)'}（支持 ${SUPPORTED_EXTENSIONS.join(' ')}）`);
}
