// FAQ / service guides (办事指南). Markdown: `# 标题`, then each `## ` heading is one entry (a
// question or a step such as 申请条件, 所需材料); JSON: {title, entries:[{question, answer}]}
// or a bare array of {question, answer}. Each file is one document of kind faq.
import { z } from 'zod';
import type { NewDocument, NewUnit } from '../../knowledge/store/writes';
import { cleanSpaces } from './articles';
import { fmCitations } from './cases';
import { anyDate } from './dates';
import { describeJsonError, ParseError } from './errors';
import { splitFrontMatter } from './frontmatter';

export interface FaqContext {
  source: string;
}

export function parseFaqMarkdown(text: string, ctx: FaqContext): NewDocument {
  if (text.includes('\u0000')) throw new ParseError('不是文本文件（含有二进制内容）');
  const fm = splitFrontMatter(text);
  let title = typeof fm.data.title === 'string' ? fm.data.title.trim() : '';
  const units: NewUnit[] = [];
  const stack: { level: number; text: string }[] = [];
  let cur: { heading: string | null; path: string[]; lines: string[] } = { heading: null, path: [], lines: [] };
  const flush = () => {
    const t = cur.lines.map((l) => l.trim()).filter(Boolean).join('\n');
    if (t) units.push({ number: cur.heading, path: cur.path, text: t });
  };
  for (const raw of fm.body.split(/\r?\n/)) {
    const l = raw.replace(/<!--.*?-->/g, '');
    const h = /^(#{1,6})\s+(.+)$/.exec(l.trim());
    if (h && h[1].length === 1 && !title) {
      title = cleanSpaces(h[2]);
      continue;
    }
    if (h) {
      flush();
      const level = h[1].length;
      while (stack.length && stack[stack.length - 1].level >= level) stack.pop();
      const path = stack.map((s) => s.text);
      stack.push({ level, text: cleanSpaces(h[2]) });
      cur = { heading: cleanSpaces(h[2]), path, lines: [] };
      continue;
    }
    cur.lines.push(l);
  }
  flush();
  if (!title) throw new ParseError('指南缺少标题（第一行应为 "# 标题"）');
  if (!units.length) throw new ParseError(`指南《${title}》没有内容`);
  return doc(title, units, ctx, fm.data);
}

const JsonEntry = z.object({ question: z.string().min(1), answer: z.string().min(1), path: z.array(z.string()).optional() }).strict();
const JsonFaq = z.union([
  z.array(JsonEntry).min(1),
  z
    .object({
      title: z.string().min(1),
      issuer: z.string().optional(),
      region: z.string().optional(),
      updated: z.string().optional(),
      entries: z.array(JsonEntry).min(1),
    })
    .strict(),
]);

export function parseFaqJson(text: string, ctx: FaqContext & { file: string }): NewDocument {
  let data: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    data = JSON.parse(body);
  } catch (e) {
    throw new ParseError(`不是有效的 JSON（${describeJsonError(e, body)}）`);
  }
  const r = JsonFaq.safeParse(data);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ParseError(`FAQ JSON 格式不符: ${i.path.join('.') || '(根)'} ${i.message}（应为 {title, entries:[{question, answer}]}）`);
  }
  const v = r.data;
  const entries = Array.isArray(v) ? v : v.entries;
  const title = Array.isArray(v) ? ctx.file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '') : v.title;
  const units = entries.map((e) => ({ number: e.question.trim(), path: e.path ?? [], text: e.answer.trim() }));
  return doc(title, units, ctx, Array.isArray(v) ? {} : { issuer: v.issuer, region: v.region, updated: v.updated });
}

function doc(title: string, units: NewUnit[], ctx: FaqContext, fm: Record<string, unknown>): NewDocument {
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fm)) if (v != null && !['title', 'kind', 'issuer', 'region', 'cited'].includes(k)) meta[k] = v;
  if (fm.cited != null) meta.cited = fmCitations(fm.cited);
  return {
    kind: 'faq',
    title,
    issuer: typeof fm.issuer === 'string' ? fm.issuer : null,
    promulgated: anyDate(fm.updated),
    region: typeof fm.region === 'string' ? fm.region : null,
    source: ctx.source,
    meta,
    units,
  };
}
