// Article citations inside prose: 《中华人民共和国劳动合同法》第三十八条、第四十六条第一项 →
// [{law: 中华人民共和国劳动合同法, article: 第三十八条}, {…第四十六条}], and the free form of
// spreadsheets (劳动合同法第三十条；民法典 第1079条).
import type { ArticleRef } from '../../knowledge/types';
import { normalizeArticleNumber } from '../../knowledge/numerals';

const NUM = '[零〇一二两三四五六七八九十百千\\d]+';
const ART = `第\\s*${NUM}\\s*条(?:\\s*之\\s*${NUM})?`;
const TAIL = `(?:\\s*第${NUM}[款项])*`;
const QUOTED = new RegExp(`《([^《》]{2,60})》\\s*((?:${ART}${TAIL}\\s*(?:[、，,和及与或]|以及)?\\s*)+)`, 'g');
const ART_G = new RegExp(ART, 'g');

function addRefs(out: ArticleRef[], seen: Set<string>, law: string, list: string): void {
  for (const m of list.matchAll(ART_G)) {
    const article = normalizeArticleNumber(m[0].replace(/\s+/g, '') + ' ');
    if (!article) continue;
    const key = `${law}|${article}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ law, article });
  }
}

/** Citations written with 《title》 in running text, in order of appearance, deduplicated. */
export function extractCitations(text: string): ArticleRef[] {
  const out: ArticleRef[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(QUOTED)) addRefs(out, seen, m[1].trim(), m[2]);
  return out;
}

/**
 * A citation list as people type it in a spreadsheet cell: items separated by ；;,、 or new lines,
 * each "law article" (law optional after the first: "劳动合同法第三十条、第三十八条").
 */
export function parseCitationList(s: string): ArticleRef[] {
  const out: ArticleRef[] = [];
  const seen = new Set<string>();
  if (s.includes('《')) return extractCitations(s);
  let law = '';
  for (const part of s.split(/[；;\n|]+/)) {
    const m = new RegExp(`^\\s*([^第\\s][^第]*?)?\\s*((?:${ART}${TAIL}\\s*[、，,和及]?\\s*)+)\\s*$`).exec(part);
    if (!m) continue;
    if (m[1]) law = m[1].trim().replace(/[：:]$/, '');
    if (law) addRefs(out, seen, law, m[2]);
  }
  return out;
}
