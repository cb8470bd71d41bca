// Article splitting shared by every statute format: a stream of headings and text lines becomes
// units. An article starts at a line beginning 第X条 (or 第X条之Y) followed by a space; the lines
// that follow (款, and 项 such as （一）…) belong to it until the next article or heading.
// Text before the first article (序言, a judicial interpretation's preamble) becomes a unit
// without a number. A document without any article (amendment decisions, guides) is split
// into its numbered items (一、二、…) or, failing that, its heading sections.
import type { NewUnit } from '../../knowledge/store/writes';
import { ARTICLE_START, normalizeArticleNumber } from '../../knowledge/numerals';

export type Line = { heading: true; level: number; text: string } | { heading?: false; text: string };

/** Collapse runs of spaces (ASCII, ideographic, nbsp) to one ASCII space and trim. */
export function cleanSpaces(s: string): string {
  return s.replace(/[\s\u3000\u00a0]+/g, ' ').trim();
}

const ITEM = /^[一二三四五六七八九十百]+、/;
/** Units longer than this (characters) are split at paragraph boundaries when there is no article. */
const MAX_FREE_UNIT = 1500;

export interface SplitOptions {
  /** Path elements put before every heading path (the 民法典 part). */
  prefix?: string[];
}

export function splitArticles(lines: Line[], opts: SplitOptions = {}): NewUnit[] {
  const prefix = opts.prefix ?? [];
  const hasArticles = lines.some((l) => !l.heading && ARTICLE_START.test(l.text.trim()));
  const units: NewUnit[] = [];
  const stack: { level: number; text: string }[] = [];
  const path = () => [...prefix, ...stack.map((s) => s.text)];
  let cur: { number: string | null; path: string[]; lines: string[] } | null = null;

  const flush = () => {
    if (cur && cur.lines.length) {
      if (cur.number || hasArticles) units.push({ number: cur.number, path: cur.path, text: cur.lines.join('\n') });
      else for (const text of chunk(cur.lines)) units.push({ number: null, path: cur.path, text });
    }
    cur = null;
  };

  for (const l of lines) {
    if (l.heading) {
      flush();
      while (stack.length && stack[stack.length - 1].level >= l.level) stack.pop();
      const t = cleanSpaces(l.text);
      if (t) stack.push({ level: l.level, text: t });
      continue;
    }
    const text = l.text.trim();
    if (!text) continue;
    if (hasArticles) {
      const m = ARTICLE_START.exec(text);
      const number = m ? normalizeArticleNumber(m[0]) : null;
      if (m && number) {
        flush();
        const body = text.slice(m[0].length).replace(/^[\s\u3000]+/, '');
        cur = { number, path: path(), lines: body ? [body] : [] };
        continue;
      }
    } else if (ITEM.test(text) && cur && cur.lines.length) {
      flush();
    }
    if (!cur) cur = { number: null, path: path(), lines: [] };
    cur.lines.push(text);
  }
  flush();
  return units;
}

function chunk(lines: string[]): string[] {
  const out: string[] = [];
  let buf: string[] = [];
  let size = 0;
  for (const l of lines) {
    if (size && size + l.length > MAX_FREE_UNIT) {
      out.push(buf.join('\n'));
      buf = [];
      size = 0;
    }
    buf.push(l);
    size += l.length;
  }
  if (buf.length) out.push(buf.join('\n'));
  return out;
}

/** Headings of plain-text statutes: 第一编 / 第二分编 / 第三章 / 第一节 lines (short, no punctuation). */
const TEXT_HEADING = /^第[零〇一二三四五六七八九十百\d]+(编|分编|章|节)(?:[\s\u3000]+\S.*)?$/;
const HEADING_LEVEL: Record<string, number> = { 编: 1, 分编: 2, 章: 3, 节: 4 };

export function textHeadingLevel(line: string): number | null {
  const t = line.trim();
  if (t.length > 40 || /[。；：，]$/.test(t)) return null;
  const m = TEXT_HEADING.exec(t);
  return m ? HEADING_LEVEL[m[1]] : null;
}

/** Word documents space out short headings (第一章　总　　则): join spaced-out CJK characters. */
export function cleanHeading(text: string): string {
  const t = cleanSpaces(text);
  const m = /^(第\S+?(?:编|分编|章|节))\s*(.*)$/.exec(t);
  if (!m) return t;
  const title = m[2].replace(/(?<=[\u4e00-\u9fa5]) (?=[\u4e00-\u9fa5])/g, '');
  return title ? `${m[1]} ${title}` : m[1];
}

/** Plain lines (from txt/html/docx/pdf) → heading/text lines by the 编/章/节 patterns. */
export function classifyTextLines(raw: string[]): Line[] {
  return raw.map((text) => {
    const level = textHeadingLevel(text);
    return level ? { heading: true as const, level, text: cleanHeading(text) } : { text };
  });
}
