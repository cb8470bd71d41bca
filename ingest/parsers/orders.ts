// Past work orders (工单) from JSONL, CSV or XLSX. Column/field names are matched in English or
// Chinese (see FIELD_ALIASES); unknown fields are ignored. The JSONL shape of the retrieval eval
// set (id, question, gold_articles, reference_answer, category) imports as it is: gold_articles
// become the cited articles, reference_answer the resolution. A bad record fails the whole file
// with its line/row number, so nothing half-imported remains.
import { parse as parseCsv } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ArticleRef, PastOrder } from '../../knowledge/types';
import { parseCitationList } from './citations';
import { anyDate } from './dates';
import { describeJsonError, ParseError } from './errors';
import { decodeText } from './extract';
import { normalizeArticleNumber } from '../../knowledge/numerals';

type Field = keyof Omit<PastOrder, 'id' | 'source'>;

export const FIELD_ALIASES: Record<Field, string[]> = {
  externalId: ['externalId', 'external_id', 'id', 'order_no', 'orderNo', '工单号', '编号', '工单编号'],
  question: ['question', 'query', 'text', '问题', '咨询内容', '诉求', '来电内容', '咨询问题', '问题描述'],
  summary: ['summary', '摘要', '概要', '工单摘要'],
  category: ['category', 'domain', '类别', '分类', '问题类别', '业务类型'],
  channel: ['channel', '渠道', '来源渠道', '受理渠道'],
  region: ['region', 'area', '地区', '区域', '所属地区', '行政区划'],
  resolution: ['resolution', 'reference_answer', 'answer', '答复', '解答', '处理结果', '答复内容', '办理结果'],
  cited: ['cited', 'gold_articles', 'articles', 'citations', '引用条文', '法律依据', '相关法条', '依据条文'],
  createdAt: ['createdAt', 'created_at', 'date', 'created', '受理时间', '来电时间', '创建时间', '日期'],
  resolvedAt: ['resolvedAt', 'resolved_at', 'closed_at', '办结时间', '结案时间'],
  satisfaction: ['satisfaction', 'rating', '满意度', '评价'],
  synthetic: ['synthetic', '合成', '模拟数据'],
};

const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(FIELD_ALIASES)) for (const n of names) LOOKUP.set(n.toLowerCase(), field as Field);

const SATISFACTION_WORDS: Record<string, number> = { 非常满意: 5, 满意: 4, 基本满意: 3, 一般: 3, 不满意: 2, 非常不满意: 1 };

function citedOf(v: unknown, where: string): ArticleRef[] {
  if (v == null || v === '') return [];
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) {
      try {
        return citedOf(JSON.parse(t), where);
      } catch {
        throw new ParseError(`${where}: 引用条文不是有效的 JSON`);
      }
    }
    return parseCitationList(t);
  }
  if (!Array.isArray(v)) throw new ParseError(`${where}: 引用条文必须是列表或文本`);
  const out: ArticleRef[] = [];
  for (const x of v) {
    if (typeof x === 'string') out.push(...parseCitationList(x));
    else if (x && typeof x === 'object' && typeof x.law === 'string' && typeof x.article === 'string') {
      out.push({ law: x.law.trim(), article: normalizeArticleNumber(`${x.article} `) ?? x.article.trim() });
    } else throw new ParseError(`${where}: 无法识别的引用条文 ${JSON.stringify(x).slice(0, 60)}`);
  }
  return out;
}

function text(v: unknown): string | undefined {
  if (v == null) return undefined;
  if (typeof v === 'object' && !(v instanceof Date)) {
    // exceljs rich text / hyperlink cells
    const o = v as { text?: unknown; richText?: { text: string }[]; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('').trim() || undefined;
    if (o.text != null) return String(o.text).trim() || undefined;
    if (o.result != null) return String(o.result).trim() || undefined;
    return undefined;
  }
  const s = String(v).trim();
  return s ? s : undefined;
}

/** One record (object with any field names) → PastOrder; `where` names it in errors. */
export function toPastOrder(rec: Record<string, unknown>, where: string): PastOrder {
  const f: Partial<Record<Field, unknown>> = {};
  for (const [k, v] of Object.entries(rec)) {
    const field = LOOKUP.get(k.trim().toLowerCase());
    if (field && f[field] === undefined) f[field] = v;
  }
  const question = text(f.question);
  if (!question) throw new ParseError(`${where}: 缺少问题内容（question / 问题 / 咨询内容）`);
  const o: PastOrder = { question, cited: citedOf(f.cited, where) };
  const id = text(f.externalId);
  if (id) o.externalId = id;
  for (const k of ['summary', 'category', 'channel', 'region', 'resolution'] as const) {
    const v = text(f[k]);
    if (v) o[k] = v;
  }
  for (const k of ['createdAt', 'resolvedAt'] as const) {
    if (f[k] == null || f[k] === '') continue;
    const d = anyDate(f[k] instanceof Date ? f[k] : text(f[k]) ?? f[k]);
    if (!d) throw new ParseError(`${where}: 日期无法识别 ${String(f[k]).slice(0, 40)}`);
    o[k] = d;
  }
  if (f.satisfaction != null && f.satisfaction !== '') {
    const raw = text(f.satisfaction) ?? '';
    const n = SATISFACTION_WORDS[raw] ?? Number(raw);
    if (!Number.isFinite(n) || n < 1 || n > 5) throw new ParseError(`${where}: 满意度应为 1-5 或 满意/不满意，实际为 ${raw.slice(0, 20)}`);
    o.satisfaction = n;
  }
  const syn = f.synthetic;
  if (syn === true || syn === 1 || (typeof syn === 'string' && /^(true|1|是|yes)$/i.test(syn.trim()))) o.synthetic = true;
  return o;
}

/** JSON.parse, tolerating the bare NaN / Infinity that Python's json.dumps writes (dev.jsonl has them). */
export function parseJsonLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    const fixed = line.replace(/([:,[]\s*)(?:NaN|-?Infinity)(?=\s*[,}\]])/g, '$1null');
    if (fixed === line) throw e;
    return JSON.parse(fixed);
  }
}

export function parseOrdersJsonl(content: string): PastOrder[] {
  const out: PastOrder[] = [];
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let rec: unknown;
    try {
      rec = parseJsonLine(line);
    } catch (e) {
      throw new ParseError(`第 ${i + 1} 行不是有效的 JSON（${describeJsonError(e)}）`);
    }
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) throw new ParseError(`第 ${i + 1} 行应为 JSON 对象`);
    const o = toPastOrder(rec as Record<string, unknown>, `第 ${i + 1} 行`);
    o.externalId ??= `#${i + 1}`;
    out.push(o);
  });
  return out;
}

export function parseOrdersCsv(content: string): PastOrder[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(content.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (e) {
    throw new ParseError(`CSV 格式错误: ${(e as Error).message.slice(0, 100)}`);
  }
  return rows.map((r, i) => {
    const o = toPastOrder(r, `第 ${i + 2} 行`);
    o.externalId ??= `#${i + 2}`;
    return o;
  });
}

export async function parseOrdersXlsx(bytes: Buffer): Promise<PastOrder[]> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new ParseError(`不是有效的 XLSX 文件（${(e as Error).message.slice(0, 60)}）`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ParseError('XLSX 文件中没有工作表');
  const header: string[] = [];
  ws.getRow(1).eachCell((c, col) => {
    header[col] = text(c.value) ?? '';
  });
  if (!header.some((h) => h && LOOKUP.get(h.toLowerCase()) === 'question')) {
    throw new ParseError('XLSX 第一行应为表头，且包含“问题”或 question 列');
  }
  const out: PastOrder[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const rec: Record<string, unknown> = {};
    let any = false;
    row.eachCell((c, col) => {
      if (header[col] && c.value != null && c.value !== '') {
        rec[header[col]] = c.value;
        any = true;
      }
    });
    if (!any) continue;
    const o = toPastOrder(rec, `第 ${r} 行`);
    o.externalId ??= `#${r}`;
    out.push(o);
  }
  return out;
}

export const ORDER_EXTENSIONS = ['.jsonl', '.ndjson', '.csv', '.xlsx'];

/** Parse past work orders from bytes, by file extension. */
export async function parseOrdersBytes(bytes: Buffer, name: string): Promise<PastOrder[]> {
  const ext = extname(name).toLowerCase();
  if (ext === '.xlsx') return parseOrdersXlsx(bytes);
  // Excel on Chinese Windows saves CSV as GBK: decodeText falls back to GB18030.
  const content = decodeText(bytes);
  if (ext === '.csv') return parseOrdersCsv(content);
  if (ext === '.jsonl' || ext === '.ndjson') return parseOrdersJsonl(content);
  throw new ParseError(`不支持的工单文件格式: ${ext || '(无扩展名)'}（支持 .jsonl .csv .xlsx）`);
}

/**
 * Past work orders of a file (JSONL, CSV, XLSX), e.g. ../shared/evals/dev.jsonl for k-fold evals.
 * Pure: reads the file, writes nothing. Throws ParseError on a bad record.
 */
export async function parseWorkOrders(path: string): Promise<PastOrder[]> {
  return parseOrdersBytes(await readFile(path), path);
}
