// The one citation checker. Every answer (no-LLM, LLM, staff draft) goes through it before anyone
// sees it: each cited law/article must exist in the knowledge store and be in force; anything else
// is removed and logged, never shown. It also verifies article mentions inside free text
// (《劳动合同法》第三十条, 劳动合同法第30条) and replaces the ones that do not check out.
import type { ArticleRef, Knowledge } from '../../knowledge/types';
import type { Logger } from '../log';
import type { Citation } from '../ports';
import { normaliseArticleRef as normaliseArticle } from '../../knowledge/numerals';

export type CitationKnowledge = Pick<Knowledge, 'getArticle' | 'resolveLaw'>;

export type RemovalReason = 'unknown_law' | 'unknown_article' | 'not_in_force' | 'bad_number';

export interface RemovedCitation {
  law: string;
  article: string;
  reason: RemovalReason;
  status?: string;
}

export interface CitationCheck {
  /** Verified citations, deduplicated, with the store's own text and status (never the producer's quote). */
  citations: Citation[];
  removed: RemovedCitation[];
}

/** Check one reference against the store. */
export function verifyRef(k: CitationKnowledge, ref: ArticleRef): { ok: Citation } | { removed: RemovedCitation } {
  const article = normaliseArticle(ref.article);
  if (!article) return { removed: { law: ref.law, article: ref.article, reason: 'bad_number' } };
  const name = ref.law.replace(/^《|》$/g, '').trim();
  let law = k.resolveLaw(name);
  if (!law) {
    // a repealed law may not resolve as a current name: look it up by its full title to log why
    const full = name.startsWith('中华人民共和国') ? name : `中华人民共和国${name}`;
    const old = k.getArticle(full, article) ?? k.getArticle(name, article);
    if (!old) return { removed: { law: ref.law, article, reason: 'unknown_law' } };
    law = old.law;
  }
  const found = k.getArticle(law, article);
  if (!found) return { removed: { law, article, reason: 'unknown_article' } };
  if (found.status !== 'in_force') return { removed: { law, article, reason: 'not_in_force', status: found.status } };
  return { ok: { law: found.law, article: found.article, text: found.text, status: found.status } };
}

/**
 * Check a list of citations. Removed ones are logged (warn) with the producer's name, so a model
 * that invents articles shows up in the logs.
 */
export function checkCitations(k: CitationKnowledge, refs: ArticleRef[], opts: { log?: Logger; producer?: string } = {}): CitationCheck {
  const citations: Citation[] = [];
  const removed: RemovedCitation[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const r = verifyRef(k, ref);
    if ('removed' in r) {
      removed.push(r.removed);
      continue;
    }
    const key = `${r.ok.law}|${r.ok.article}`;
    if (seen.has(key)) continue;
    seen.add(key);
    citations.push(r.ok);
  }
  if (removed.length) opts.log?.warn('citations removed', { producer: opts.producer ?? 'unknown', removed });
  return { citations, removed };
}

const NUM = '[零〇一二两三四五六七八九十百千0-9]+';
const ARTICLE = `第\\s*${NUM}\\s*条(?:之[一二三四五六七八九十0-9]+)?`;
/** 《X》第N条, optionally followed by 、第M条 / 和第M条 (same law). */
const BRACKETED = new RegExp(`《([^《》]{2,60})》(?:的)?\\s*(${ARTICLE}(?:\\s*(?:[、,，和及与]|以及)\\s*${ARTICLE})*)`, 'g');
/** 劳动合同法第三十条 (no brackets): a run of Chinese ending in 法/条例/规定/办法/解释 right before the number. */
const BARE = new RegExp(`([\\u4e00-\\u9fa5]{2,40}?(?:法|条例|规定|办法|解释))\\s*(${ARTICLE}(?:\\s*(?:[、,，和及与]|以及)\\s*${ARTICLE})*)`, 'g');
const ONE_ARTICLE = new RegExp(ARTICLE, 'g');

export interface Mention {
  start: number;
  end: number;
  raw: string;
  law: string; // as written
  articles: string[]; // as written
  /** "本法第八十七条": a statute's reference to itself, not a citation of a named law. */
  self?: boolean;
}

/** How a statute refers to itself (本法第八十七条, 本条例第十条). */
const SELF_REFERENCE = /(本法|本条例|本规定|本办法|本解释|本细则)$/;

/** Find article mentions in free text. Bare law names are resolved by trying shorter suffixes. */
export function findMentions(text: string, k?: CitationKnowledge): Mention[] {
  const out: Mention[] = [];
  const covered: [number, number][] = [];
  for (const m of text.matchAll(BRACKETED)) {
    out.push({ start: m.index!, end: m.index! + m[0].length, raw: m[0], law: m[1], articles: [...m[2].matchAll(ONE_ARTICLE)].map((x) => x[0]) });
    covered.push([m.index!, m.index! + m[0].length]);
  }
  for (const m of text.matchAll(BARE)) {
    const s = m.index!;
    if (covered.some(([a, b]) => s < b && s + m[0].length > a)) continue;
    const selfRef = SELF_REFERENCE.exec(m[1]);
    if (selfRef) {
      const offset = selfRef.index;
      out.push({ start: s + offset, end: s + m[0].length, raw: m[0].slice(offset), law: selfRef[1], articles: [...m[2].matchAll(ONE_ARTICLE)].map((x) => x[0]), self: true });
      continue;
    }
    // pick the longest suffix of the captured run that names a known law ("根据劳动合同法" → 劳动合同法)
    let law = m[1];
    let offset = 0;
    if (k) {
      for (let i = 0; i <= m[1].length - 2; i++) {
        if (k.resolveLaw(m[1].slice(i))) {
          law = m[1].slice(i);
          offset = i;
          break;
        }
      }
    }
    if (!k || offset === 0) {
      // strip common lead-ins when nothing resolves, so the replacement reads naturally
      const lead = /^(根据|依据|按照|依照|参照|按|依|见|参见|适用|按照《)/.exec(law);
      if (lead && !k?.resolveLaw(law)) {
        offset = lead[0].length;
        law = law.slice(offset);
      }
    }
    out.push({ start: s + offset, end: s + m[0].length, raw: m[0].slice(offset), law, articles: [...m[2].matchAll(ONE_ARTICLE)].map((x) => x[0]) });
  }
  return out.sort((a, b) => a.start - b.start);
}

export interface TextCheck {
  text: string;
  /** Verified articles the text mentions (to add to the answer's citations). */
  mentioned: Citation[];
  removed: RemovedCitation[];
}

/** What an unverifiable mention becomes in the citizen's text. */
export const REPLACEMENT = '相关法律规定';

/** Sentence ends used to cut text for checking (a mention never spans one). */
const SENTENCE = /[^。！？!?；;\n]*[。！？!?；;\n]?/g;

/**
 * Verify every article mention in a text. A mention whose articles all check out stays as written.
 * Otherwise (logged in both cases):
 *  - `drop: true` (LLM text): the whole sentence goes, because its claim rests on a source that
 *    does not exist; `dropped` counts such sentences;
 *  - default (staff drafts): the mention is replaced with 「相关法律规定」.
 * Either way an invented article never reaches the citizen.
 * A statute's reference to itself ("依照本法第八十七条", inside a quoted article) is not a citation:
 * by default it stays as written (quoted statute text is never rewritten); with `drop` it is checked
 * against the law of the nearest verified mention before it in the same text, and a sentence whose
 * self-reference cannot be placed or does not exist goes.
 */
export function checkText(k: CitationKnowledge, text: string, opts: { log?: Logger; producer?: string; drop?: boolean } = {}): TextCheck & { dropped: number } {
  const mentioned: Citation[] = [];
  const removed: RemovedCitation[] = [];
  let dropped = 0;
  let lastLaw: string | null = null;
  const pieces = opts.drop ? (text.match(SENTENCE) ?? []).filter(Boolean) : [text];
  let out = '';
  for (const piece of pieces) {
    const mentions = findMentions(piece, k);
    let rebuilt = '';
    let at = 0;
    let bad = false;
    const ok: Citation[] = [];
    for (const m of mentions) {
      if (m.start < at) continue;
      if (m.self && !opts.drop) continue; // left in the text as written
      const law = m.self ? lastLaw : m.law;
      if (law === null) {
        removed.push(...m.articles.map((a) => ({ law: m.law, article: a, reason: 'unknown_law' as const })));
        bad = true;
        rebuilt += piece.slice(at, m.start) + REPLACEMENT;
        at = m.end;
        continue;
      }
      const results = m.articles.map((a) => verifyRef(k, { law, article: a }));
      const failed = results.filter((r): r is { removed: RemovedCitation } => 'removed' in r);
      rebuilt += piece.slice(at, m.start);
      if (failed.length) {
        bad = true;
        removed.push(...failed.map((b) => b.removed));
        rebuilt += REPLACEMENT;
      } else {
        rebuilt += m.raw;
        for (const r of results) if ('ok' in r) ok.push(r.ok);
        if (!m.self) lastLaw = m.law;
      }
      at = m.end;
    }
    rebuilt += piece.slice(at);
    if (bad && opts.drop) {
      dropped++;
      continue;
    }
    mentioned.push(...ok);
    out += rebuilt;
  }
  if (removed.length) opts.log?.warn('article mentions removed from text', { producer: opts.producer ?? 'unknown', removed, droppedSentences: dropped });
  return { text: out, mentioned, removed, dropped };
}
