// LawRefBook Markdown statutes (../shared/corpus/lawrefbook; see its README):
//   [--- YAML front matter ---]
//   # 中华人民共和国民法典          ← title
//   # 合同编                       ← 民法典 part (optional second title line)
//   2020年5月28日 第十三届全国人民代表大会第三次会议通过   ← dated history lines
//   2021年1月1日 施行
//   <!-- INFO END -->
//   ## 第一分编 通则 / ### 第一章 一般规定 / #### 第一节 …   ← hierarchy path
//   第四百六十三条 本编调整…        ← article; further lines are its 款, （一）… its 项
// The file name `名称(YYYY-MM-DD).md` gives the version; the corpus db.sqlite3 (when found) the
// level, effective date and expired flag; the folder the kind.
import { basename } from 'node:path';
import type { DocKind, DocStatus } from '../../knowledge/types';
import type { NewDocument } from '../../knowledge/store/writes';
import { cleanSpaces, splitArticles, type Line } from './articles';
import { allCnDates, anyDate, cnDate } from './dates';
import { ParseError } from './errors';
import { splitFrontMatter } from './frontmatter';
import type { LawRefBookDb } from './lawrefbook-db';

/** Corpus folder → kind. 案例 and 其他 are decided elsewhere (case parser; db level). */
export const FOLDER_KINDS: Record<string, DocKind> = {
  宪法: 'law',
  宪法相关法: 'law',
  民法典: 'law',
  民法商法: 'law',
  行政法: 'law',
  经济法: 'law',
  社会法: 'law',
  刑法: 'law',
  诉讼与非诉讼程序法: 'law',
  行政法规: 'regulation',
  司法解释: 'interpretation',
  部门规章: 'rule',
  地方性法规: 'local',
  案例: 'case',
};

export const LEVEL_KINDS: Record<string, DocKind> = {
  法律: 'law',
  宪法: 'law',
  行政法规: 'regulation',
  司法解释: 'interpretation',
  部门规章: 'rule',
  地方性法规: 'local',
  案例: 'case',
  其他: 'faq',
};

const KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local', 'case', 'order', 'faq'];
const STATUSES: DocStatus[] = ['in_force', 'amended', 'repealed', 'not_yet_effective'];
const STATUS_WORDS: Record<string, DocStatus> = { 有效: 'in_force', 现行有效: 'in_force', 已修改: 'amended', 已废止: 'repealed', 失效: 'repealed', 废止: 'repealed', 尚未生效: 'not_yet_effective' };

export interface StatuteContext {
  /** Unique source key of the document (the file's path key). */
  source: string;
  /** Absolute or relative path of the file: its name gives the version, its folders the kind. */
  file: string;
  db?: LawRefBookDb | null;
  /** Kind forced by the caller (--kind); otherwise front matter, folder, db level, 'law'. */
  kind?: DocKind;
}

export interface StatuteHeader {
  title: string;
  part: string | null;
  history: string[];
}

/** `劳动合同法(2012-12-28).md` → { name: 劳动合同法, date: 2012-12-28 }. */
export function fileNameVersion(file: string): { name: string; date: string | null } {
  const b = basename(file).replace(/\.[^.]+$/, '');
  const m = /^(.*?)[(（](\d{4}-\d{2}-\d{2})[)）]$/.exec(b);
  return m ? { name: m[1].trim(), date: m[2] } : { name: b.trim(), date: null };
}

export function kindFromFolders(file: string): DocKind | null {
  // The outermost category folder wins: 案例/民法典/x.md is a case, not the 民法典.
  const parts = file.split(/[\\/]/).slice(0, -1);
  for (const p of parts) if (p in FOLDER_KINDS) return FOLDER_KINDS[p];
  return null;
}

/** Issuing body from a history line (…全国人民代表大会常务委员会第二十八次会议通过, 国务院令第588号公布). */
export function issuerOf(line: string): string | null {
  const known = ['全国人民代表大会常务委员会', '全国人民代表大会', '最高人民法院', '最高人民检察院', '国务院'];
  for (const k of known) if (line.includes(k)) return k;
  const m = /([\u4e00-\u9fa5]{2,24}?(?:部|委员会|总局|总署|局|署|银行|办公厅))(?:令|第\d|公告)/.exec(line);
  return m ? m[1].replace(/^中华人民共和国/, '') : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;
}

/** Split a Markdown statute into its header (title, part, history lines) and body lines. */
export function readMarkdownStatute(body: string): { header: StatuteHeader; lines: Line[] } {
  const all = body.split(/\r?\n/);
  const infoEnd = all.findIndex((l) => l.includes('<!-- INFO END -->'));
  let headerEnd = infoEnd;
  if (headerEnd < 0) {
    // No marker: the header runs to the first ## heading or article line after the title.
    headerEnd = all.findIndex((l, i) => i > 0 && (/^#{2,}\s/.test(l) || /^第[零〇一二三四五六七八九十百千\d]+条[\s\u3000]/.test(l)));
    if (headerEnd < 0) headerEnd = Math.min(all.length, 1);
  }
  let title = '';
  let part: string | null = null;
  const history: string[] = [];
  for (const raw of all.slice(0, headerEnd)) {
    const l = raw.replace(/<!--.*?-->/g, '').trim();
    if (!l) continue;
    const h = /^#\s+(.+)$/.exec(l);
    if (h) {
      if (!title) title = cleanSpaces(h[1]);
      else if (!part) part = cleanSpaces(h[1]);
      continue;
    }
    history.push(cleanSpaces(l));
  }
  const lines: Line[] = [];
  for (const raw of all.slice(headerEnd + (infoEnd >= 0 ? 1 : 0))) {
    const l = raw.replace(/<!--.*?-->/g, '');
    const h = /^(#{1,6})\s+(.+)$/.exec(l.trim());
    if (h) lines.push({ heading: true, level: h[1].length, text: h[2] });
    else lines.push({ text: l });
  }
  return { header: { title, part, history }, lines };
}

/** Parse one LawRefBook (or compatible) Markdown statute. Throws ParseError with the reason. */
export function parseLawRefBook(text: string, ctx: StatuteContext): NewDocument {
  if (text.includes('\u0000')) throw new ParseError('不是文本文件（含有二进制内容）');
  const fm = splitFrontMatter(text);
  const { header, lines } = readMarkdownStatute(fm.body);
  const f = fm.data;
  const title = str(f.title) ?? header.title;
  if (!title) throw new ParseError('缺少标题行（第一行应为 "# 法律名称"）');
  const part = str(f.part) ?? header.part;
  const { name, date } = fileNameVersion(ctx.file);
  const row = ctx.db?.lookup(name, date) ?? (part ? ctx.db?.lookup(`民法典 ${part}`, date) : null) ?? null;

  let kind: DocKind | null = ctx.kind ?? null;
  if (!kind && typeof f.kind === 'string') {
    if (!KINDS.includes(f.kind as DocKind)) throw new ParseError(`front matter 中的 kind 无效: ${f.kind}（可用: ${KINDS.join(', ')}）`);
    kind = f.kind as DocKind;
  }
  kind ??= kindFromFolders(ctx.file) ?? (row ? LEVEL_KINDS[row.level] : null) ?? 'law';

  const units = splitArticles(lines, { prefix: part ? [part] : [] });
  if (units.length === 0) throw new ParseError('正文为空：没有找到任何条文或段落');

  const firstDated = header.history.find((h) => cnDate(h));
  const effectiveLine = header.history.find((h) => /施行/.test(h) && cnDate(h) && !/(修正|修订|修改|通过|公布)/.test(h));
  const amended = header.history.filter((h) => cnDate(h)).length > 1;
  // The closing article's date is the original one: trust it only for a text never amended
  // (one history line) whose file date is not later (工伤保险条例(2010-12-20) says 2004).
  let bodyEffective = !amended ? bodyEffectiveDate(units.map((u) => u.text)) : null;
  if (bodyEffective && date && bodyEffective < date) bodyEffective = null;
  const historyDates = header.history.flatMap((h) => allCnDates(h)).sort();

  let declared: DocStatus | null = null;
  if (typeof f.status === 'string') {
    const s = (STATUS_WORDS[f.status] ?? f.status) as DocStatus;
    if (!STATUSES.includes(s)) throw new ParseError(`front matter 中的 status 无效: ${f.status}`);
    declared = s;
  } else if (row?.expired) declared = 'repealed';

  const meta: Record<string, unknown> = {};
  if (header.history.length) meta.history = header.history;
  if (row) meta.level = row.level;
  for (const [k, v] of Object.entries(f)) {
    if (!['title', 'part', 'kind', 'status', 'issuer', 'promulgated', 'effective', 'version', 'region'].includes(k)) meta[k] = v;
  }

  return {
    kind,
    title,
    part,
    issuer: str(f.issuer) ?? (firstDated ? issuerOf(firstDated) : null) ?? folderIssuer(ctx.file),
    promulgated: anyDate(f.promulgated) ?? (firstDated ? cnDate(firstDated) : null) ?? row?.publish ?? null,
    effective:
      anyDate(f.effective) ??
      (effectiveLine ? cnDate(effectiveLine) : null) ??
      row?.validFrom ??
      bodyEffective ??
      KNOWN_EFFECTIVE[title] ??
      date ??
      historyDates.at(-1) ??
      null,
    declaredStatus: declared,
    version: str(f.version) ?? date ?? row?.publish ?? historyDates.at(-1) ?? null,
    region: str(f.region) ?? (kind === 'local' ? regionOf(title) : null),
    source: ctx.source,
    meta,
    units,
  };
}

/** Effective dates stated only in another file (the 民法典 says it in 附则, its parts are separate files). */
const KNOWN_EFFECTIVE: Record<string, string> = { 中华人民共和国民法典: '2021-01-01' };

/** 本法自2008年1月1日起施行 in the last articles of a never-amended text. */
function bodyEffectiveDate(texts: string[]): string | null {
  for (const t of texts.slice(-3).reverse()) {
    const m = /自(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)起施行/.exec(t);
    if (m) return cnDate(m[1]);
  }
  return null;
}

/** 上海市物业管理条例 → 上海市; 广西壮族自治区… → 广西壮族自治区 (local regulations' region). */
export function regionOf(title: string): string | null {
  const m = /^(.{1,12}?(?:自治区|省|自治州|市|盟|地区|自治县|县|区))/.exec(title.replace(/^中华人民共和国/, ''));
  return m ? m[1] : null;
}

/** 部门规章/公安部/x.md → 公安部. */
function folderIssuer(file: string): string | null {
  const parts = file.split(/[\\/]/);
  const i = parts.lastIndexOf('部门规章');
  return i >= 0 && i + 2 < parts.length ? parts[i + 1] : null;
}
