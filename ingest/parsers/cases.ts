// Typical cases (典型案例). Markdown: one case per `# ` heading (the corpus 案例/ folder has one per
// file), its `## ` sections (基本案情, 裁判结果, 案例分析, 典型意义 …) become units. Free text: the
// first line is the title, section headings are short lines naming a known section, optionally
// in 【】 or numbered (一、基本案情). Facts and holding are picked from the section names; cited
// articles come from front matter `cited:` and from 《法名》第X条 in the text.
import type { NewDocument, NewUnit } from '../../knowledge/store/writes';
import type { ArticleRef } from '../../knowledge/types';
import { cleanSpaces } from './articles';
import { extractCitations, parseCitationList } from './citations';
import { anyDate } from './dates';
import { ParseError } from './errors';
import { splitFrontMatter } from './frontmatter';
import { ARTICLE_START, normalizeArticleNumber } from '../../knowledge/numerals';

const FACTS = /(案情|案件事实|基本事实|事实经过|案例事实|简要案情|案情回顾)/;
const HOLDING = /(裁判结果|判决结果|处理结果|裁决结果|调解结果|法院裁判|审理结果|处理情况|裁判要旨|裁判要点|裁判理由)/;
const SECTION_WORDS =
  /^(?:[一二三四五六七八九十]+、|\d+[.、]|【)?\s*(基本案情|简要案情|案情简介|案件事实|案情|原告诉讼请求|诉讼请求|申请人请求|裁判结果|裁判要旨|裁判理由|判决结果|处理结果|调解结果|仲裁结果|案例分析|法官说法|律师说法|典型意义|法律依据|相关法条|争议焦点)\s*】?[:：]?$/;

export interface CaseContext {
  source: string;
  file: string;
  /** e.g. the corpus sub-folder 劳动人事. */
  category?: string | null;
}

interface Section {
  heading: string;
  lines: string[];
}

function buildCase(title: string, sections: Section[], ctx: CaseContext, source: string, fm: Record<string, unknown>): NewDocument {
  const units: NewUnit[] = [];
  for (const s of sections) {
    const text = s.lines.map((l) => l.trim()).filter(Boolean).join('\n');
    if (text) units.push({ number: s.heading || null, path: [title], text });
  }
  if (!units.length) throw new ParseError(`案例《${title}》没有正文`);
  const all = units.map((u) => u.text).join('\n');
  const pick = (re: RegExp) => units.filter((u) => u.number && re.test(u.number)).map((u) => u.text).join('\n');
  const cited: ArticleRef[] = [];
  const seen = new Set<string>();
  const add = (refs: ArticleRef[]) => {
    for (const r of refs) {
      const k = `${r.law}|${r.article}`;
      if (!seen.has(k)) {
        seen.add(k);
        cited.push(r);
      }
    }
  };
  add(fmCitations(fm.cited));
  add(extractCitations(all));
  for (const u of units) if (u.number && /(法条|法律依据|依据条文)/.test(u.number)) add(listedArticles(u.text));
  const meta: Record<string, unknown> = {
    facts: pick(FACTS) || units[0].text,
    holding: pick(HOLDING) || courtFindings(units),
    cited,
  };
  const category = typeof fm.category === 'string' ? fm.category : ctx.category;
  if (category) meta.category = category;
  for (const k of ['court', 'caseNo', 'publisher', 'subtitle']) if (fm[k] != null) meta[k] = fm[k];
  return {
    kind: 'case',
    title,
    issuer: typeof fm.issuer === 'string' ? fm.issuer : null,
    promulgated: anyDate(fm.date ?? fm.promulgated),
    effective: null,
    region: typeof fm.region === 'string' ? fm.region : null,
    source,
    meta,
    units,
  };
}

const FINDING = /^(?:[^，。]{0,12}?)(?:法院|法庭|本院|仲裁委员会|仲裁委)[^。]{0,12}?(?:认为|判决|裁定|裁决|驳回|支持|判令)/;

/** No holding section (news-style cases): the paragraphs saying what the court found or decided. */
function courtFindings(units: NewUnit[]): string {
  return units
    .flatMap((u) => u.text.split('\n'))
    .filter((l) => FINDING.test(l))
    .join('\n');
}

/**
 * A 相关法条 section quotes articles as a title line 《法名》 followed by `第X条 …` lines:
 * each article line is cited under the last title seen.
 */
function listedArticles(text: string): ArticleRef[] {
  const out: ArticleRef[] = [];
  let law: string | null = null;
  for (const line of text.split('\n')) {
    const t = /^《([^》]+)》/.exec(line.trim());
    if (t) law = t[1];
    const number = normalizeArticleNumber(line.trim().slice(0, 20));
    if (law && number && ARTICLE_START.test(line.trim())) out.push({ law, article: number });
  }
  return out;
}

/** Front matter `cited:` as ["中华人民共和国劳动合同法 第三十条", …] or [{law, article}]. */
export function fmCitations(v: unknown): ArticleRef[] {
  if (v == null) return [];
  if (!Array.isArray(v)) throw new ParseError('front matter 中的 cited 必须是列表');
  const out: ArticleRef[] = [];
  for (const x of v) {
    if (typeof x === 'string') {
      const refs = parseCitationList(x);
      if (!refs.length) throw new ParseError(`无法识别的引用条文: ${x}`);
      out.push(...refs);
    } else if (x && typeof x === 'object' && typeof x.law === 'string' && typeof x.article === 'string') {
      out.push({ law: x.law, article: x.article });
    } else throw new ParseError(`无法识别的引用条文: ${JSON.stringify(x)}`);
  }
  return out;
}

/** Markdown cases: one per `# ` heading. */
export function parseCaseMarkdown(text: string, ctx: CaseContext): NewDocument[] {
  if (text.includes('\u0000')) throw new ParseError('不是文本文件（含有二进制内容）');
  const fm = splitFrontMatter(text);
  const cases: { title: string; sections: Section[] }[] = [];
  let cur: { title: string; sections: Section[] } | null = null;
  for (const raw of fm.body.split(/\r?\n/)) {
    const l = raw.replace(/<!--.*?-->/g, '');
    const h = /^(#{1,6})\s+(.+)$/.exec(l.trim());
    if (h && h[1].length === 1) {
      cur = { title: cleanSpaces(h[2]), sections: [{ heading: '', lines: [] }] };
      cases.push(cur);
      continue;
    }
    if (!cur) {
      if (!l.trim()) continue;
      cur = { title: typeof fm.data.title === 'string' ? fm.data.title : '', sections: [{ heading: '', lines: [] }] };
      cases.push(cur);
    }
    if (h) cur.sections.push({ heading: cleanSpaces(h[2]), lines: [] });
    else cur.sections[cur.sections.length - 1].lines.push(l);
  }
  if (!cases.length) throw new ParseError('没有找到案例（应以 "# 案例标题" 开头）');
  return cases.map((c, i) => {
    const title = (i === 0 && typeof fm.data.title === 'string' ? fm.data.title : c.title).trim();
    if (!title) throw new ParseError('案例缺少标题');
    return buildCase(title, c.sections, ctx, cases.length > 1 ? `${ctx.source}#${i + 1}` : ctx.source, i === 0 ? fm.data : {});
  });
}

/** Free text (txt, or text extracted from HTML/DOCX/PDF): one case, first line the title. */
export function parseCaseText(lines: string[], ctx: CaseContext): NewDocument[] {
  const ls = lines.map((l) => l.trim()).filter(Boolean);
  if (!ls.length) throw new ParseError('文件为空');
  const title = cleanSpaces(ls[0].replace(/^#+\s*/, ''));
  const sections: Section[] = [{ heading: '', lines: [] }];
  for (const l of ls.slice(1)) {
    const m = SECTION_WORDS.exec(l);
    if (m) sections.push({ heading: m[1], lines: [] });
    else sections[sections.length - 1].lines.push(l);
  }
  return [buildCase(title, sections, ctx, ctx.source, {})];
}
