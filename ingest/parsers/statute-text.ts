// Statutes from plain lines (txt, HTML, DOCX, PDF): the title is the first line (or the HTML
// title), dated history lines and parenthesised 通过/修正 notes follow, 编/章/节 lines are headings,
// article boundaries are found by the 第X条 pattern (never by character count).
import type { NewDocument } from '../../knowledge/store/writes';
import type { DocKind } from '../../knowledge/types';
import { classifyTextLines, cleanSpaces, splitArticles, textHeadingLevel } from './articles';
import { allCnDates, cnDate } from './dates';
import { ParseError } from './errors';
import { fileNameVersion, issuerOf, regionOf } from './lawrefbook';
import { ARTICLE_START } from '../../knowledge/numerals';

export interface TextStatuteContext {
  source: string;
  file: string;
  kind?: DocKind;
  titleHint?: string | null;
}

// 第一条为了… without a space after the number (texts copied from web pages). Not followed by
// words that continue a sentence about another article (第三条的规定, 第三条规定, 第三条第二款).
const TIGHT_ARTICLE = /^(第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十\d]+)?)(?![的规第所中和、至及或款项（(])(?=\S)/;

export function parseStatuteLines(raw: string[], ctx: TextStatuteContext): NewDocument {
  let lines = raw.map((l) => l.replace(/\u00a0/g, ' ').trim()).filter((l) => l && l !== '目录' && l !== '目 录');
  if (!lines.some((l) => ARTICLE_START.test(l)) && lines.filter((l) => TIGHT_ARTICLE.test(l)).length >= 2) {
    lines = lines.map((l) => l.replace(TIGHT_ARTICLE, '$1 '));
  }
  const firstBody = lines.findIndex((l) => ARTICLE_START.test(l) || textHeadingLevel(l) != null);
  if (firstBody < 0 || !lines.some((l) => ARTICLE_START.test(l))) {
    throw new ParseError('没有找到任何“第X条”条文，无法按法规导入（如是案例或指南，请用 --kind case 或 --kind faq）');
  }
  const head = lines.slice(0, firstBody);
  let title = ctx.titleHint ? cleanSpaces(ctx.titleHint) : '';
  const history: string[] = [];
  for (const l of head) {
    if (!title && !cnDate(l)) title = cleanSpaces(l);
    else if (l !== title) history.push(cleanSpaces(l.replace(/^[（(]|[）)]$/g, '')));
  }
  const { name, date } = fileNameVersion(ctx.file);
  if (!title) title = name;
  const dates = history.flatMap((h) => allCnDates(h)).sort();
  const effectiveLine = history.find((h) => /施行/.test(h) && cnDate(h) && !/(修正|修订|修改|通过|公布)/.test(h));
  const units = splitArticles(classifyTextLines(lines.slice(firstBody)));
  return {
    kind: ctx.kind ?? 'law',
    title,
    issuer: history.length ? issuerOf(history[0]) : null,
    promulgated: dates[0] ?? null,
    effective: (effectiveLine ? cnDate(effectiveLine) : null) ?? date ?? dates.at(-1) ?? null,
    version: date ?? dates.at(-1) ?? null,
    region: (ctx.kind ?? 'law') === 'local' ? regionOf(title) : null,
    source: ctx.source,
    meta: history.length ? { history } : {},
    units,
  };
}
