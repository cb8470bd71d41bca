// Text out of non-Markdown files, as lines: plain text (UTF-8, or GB18030 as Chinese Windows
// saves it), HTML (block elements), DOCX (mammoth), PDF (pdfjs-dist legacy build; Chinese needs
// fonts with a ToUnicode map, which every PDF produced by Word/WPS or a browser has; scanned
// PDFs have no text layer and are rejected with a clear reason).
import { extname } from 'node:path';
import { ParseError } from './errors';

export const TEXT_EXTENSIONS = ['.txt', '.text', '.htm', '.html', '.docx', '.pdf'];

export function decodeText(bytes: Buffer): string {
  if (bytes.includes(0)) throw new ParseError('不是文本文件（含有二进制内容）');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    try {
      return new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    } catch {
      throw new ParseError('文本编码无法识别（应为 UTF-8 或 GBK）');
    }
  }
}

const BLOCK = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'br', 'section', 'article', 'blockquote', 'pre', 'td', 'dt', 'dd']);

export async function htmlLines(html: string): Promise<{ title: string | null; lines: string[] }> {
  const { parse } = await import('node-html-parser');
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false } });
  const titleEl = root.querySelector('title') ?? root.querySelector('h1');
  const body = root.querySelector('body') ?? root;
  const lines: string[] = [];
  let buf = '';
  const walk = (n: import('node-html-parser').Node) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 3) buf += c.rawText.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');
      else if (c.nodeType === 1) {
        const tag = (c as import('node-html-parser').HTMLElement).tagName?.toLowerCase() ?? '';
        if (tag === 'title' || tag === 'head') continue;
        const block = BLOCK.has(tag);
        if (block && buf.trim()) {
          lines.push(buf.trim());
          buf = '';
        }
        walk(c);
        if (block && buf.trim()) {
          lines.push(buf.trim());
          buf = '';
        }
      }
    }
  };
  walk(body);
  if (buf.trim()) lines.push(buf.trim());
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)));
  return { title: titleEl ? decode(titleEl.text.trim()) || null : null, lines: lines.map(decode) };
}

export async function docxLines(bytes: Buffer): Promise<string[]> {
  const mammoth = await import('mammoth');
  let r: { value: string };
  try {
    r = await mammoth.extractRawText({ buffer: bytes });
  } catch (e) {
    throw new ParseError(`不是有效的 DOCX 文件（${(e as Error).message.slice(0, 80)}）`);
  }
  return r.value.split(/\r?\n/);
}

export async function pdfLines(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (e) {
    throw new ParseError(`不是有效的 PDF 文件（${(e as Error).message.slice(0, 80)}）`);
  }
  const lines: string[] = [];
  try {
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const tc = await page.getTextContent();
      let line = '';
      let lastY: number | null = null;
      for (const it of tc.items as { str?: string; hasEOL?: boolean; transform?: number[] }[]) {
        if (typeof it.str !== 'string') continue;
        const y = it.transform?.[5] ?? null;
        if (lastY != null && y != null && Math.abs(y - lastY) > 2 && line) {
          lines.push(line);
          line = '';
        }
        line += it.str;
        lastY = y;
        if (it.hasEOL) {
          lines.push(line);
          line = '';
          lastY = null;
        }
      }
      if (line) lines.push(line);
      page.cleanup();
    }
  } finally {
    await doc.destroy();
  }
  const text = lines.join('');
  if (!text.trim()) throw new ParseError('PDF 没有可提取的文字（可能是扫描件，需要先做文字识别）');
  return mergeWrapped(lines.filter((l) => !PAGE_NUMBER.test(l.trim())));
}

/** Page furniture: "- 3 -", "3", "第 3 页", "第3页 共10页", "3/10". */
const PAGE_NUMBER = /^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

/**
 * PDF lines are visual lines: join a line to the previous one unless it starts a new article,
 * heading or item, or the previous one ended a sentence.
 */
export function mergeWrapped(lines: string[]): string[] {
  const out: string[] = [];
  for (const raw of lines) {
    const l = raw.replace(/\s+$/, '');
    if (!l.trim()) {
      out.push('');
      continue;
    }
    const prev = out.length ? out[out.length - 1] : '';
    const startsBlock = /^\s*(第[零〇一二三四五六七八九十百千\d]+[条章节编]|（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|【)/.test(l);
    const prevEnds = !prev || /[。：:；;！？）)】”]$/.test(prev.trim()) || /^第\S+[章节编]/.test(prev.trim());
    if (!startsBlock && !prevEnds) out[out.length - 1] = prev + l.trim();
    else out.push(l.trim());
  }
  return out;
}

/** Lines of a txt/html/docx/pdf file and a title when the format carries one. */
export async function extractLines(bytes: Buffer, name: string): Promise<{ title: string | null; lines: string[] }> {
  const ext = extname(name).toLowerCase();
  if (ext === '.pdf') return { title: null, lines: await pdfLines(bytes) };
  if (ext === '.docx') return { title: null, lines: await docxLines(bytes) };
  if (ext === '.htm' || ext === '.html') return htmlLines(decodeText(bytes));
  if (ext === '.txt' || ext === '.text') return { title: null, lines: decodeText(bytes).split(/\r?\n/) };
  throw new ParseError(`不支持的文件格式: ${ext || '(无扩展名)'}`);
}
