// The no-LLM answerer (default): a structured answer built only from what retrieval found —
// one-line summary of the rule, the quoted articles, the service that fits, next steps and the
// materials to bring (一次性告知) — marked as generated from the articles. Every cited article
// passes the citation checker first.
import type { DocKind, SearchHit } from '../../knowledge/types';
import type { Logger } from '../log';
import type { Citation } from '../ports';
import { checkCitations, checkText, type CitationKnowledge } from './citations';
import { templates, type Templates } from './templates';
import type { AnswerInput, AnswerOutput, Answerer } from './types';
import { isQuantity } from '../../knowledge/numerals';
import { normalizeText } from '../../knowledge/search/normalize';
import { loadThesaurus, type ThesaurusMatch } from '../../knowledge/thesaurus/thesaurus';

const STATUTE_KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local'];

export function shortLaw(title: string): string {
  return title.replace(/^中华人民共和国/, '');
}

/** The first sentence of an article (up to 。 or ；), for the one-line summary. */
export function firstSentence(text: string, max = 90): string {
  const line = text.split('\n')[0];
  const m = /^[^。；]*[。；]?/.exec(line);
  let s = (m?.[0] ?? line).trim();
  if (s.length > max) s = s.slice(0, max) + '……';
  return s.replace(/；$/, '。');
}

export function quote(text: string, max: number): string {
  const flat = text.replace(/\n+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '……' : flat;
}

/**
 * The hits an answer may rest on. A confident search: the citable hits. An unsure search but a
 * legal domain triage is sure of: only citable hits from the laws that govern that domain.
 * Otherwise none (the answer says so and offers a human).
 */
export function groundedHits(input: AnswerInput, t: Templates['thresholds'], maxCitations = t.maxCitations): SearchHit[] {
  const th = { ...t, maxCitations };
  if (input.search.confidence >= t.lowConfidence) return citable(input.search.hits, th);
  if (input.triage.domain !== '其他' && input.triage.confidence >= t.triageConfidence && input.inDomain) {
    return citable(input.search.hits.filter(input.inDomain), th);
  }
  return [];
}

/**
 * The query terms that make a hit relevant: its keyword terms and the sources of its expansions
 * ("工资→劳动报酬" counts 工资), two characters or more and not generic. `expansionFrom` picks
 * which expansions count by their source (default: all).
 */
export function evidence(h: SearchHit, generic: ReadonlySet<string>, expansionFrom: (from: string) => boolean = () => true): string[] {
  const sources = h.signals.expansions.map((e) => e.split('→')[0]).filter(expansionFrom).flatMap((f) => f.split('/'));
  return [...new Set([...h.signals.keywordTerms, ...sources])].filter((t) => [...t].length >= 2 && !generic.has(t));
}

/**
 * Hits worth citing: in-force statutes with evidence (see `evidence`; a hit found only through past
 * work orders counts too), scoring at least `citeRelative` of the best such hit.
 */
export function citable(hits: SearchHit[], t: Templates['thresholds']): SearchHit[] {
  const generic = new Set(t.genericTerms);
  const statutes = hits.filter((h) => STATUTE_KINDS.includes(h.kind) && h.status === 'in_force' && (evidence(h, generic).length > 0 || h.signals.orderVotes.length >= 2));
  if (!statutes.length) return [];
  const top = statutes[0].score;
  return statutes.filter((h) => (top > 0 ? h.score >= top * t.citeRelative : h === statutes[0])).slice(0, t.maxCitations);
}

/** How much a compound of another question term (抚养费 beside 抚养) adds on its own. */
const COMPOUND_WEIGHT = 0.3;
const NUMERAL = /[0-9０-９一二两三四五六七八九十百千万几个]/;
/** A sentence that defines a term rather than states a rule. */
const DEFINITION = /^本(法|编|章|条)所称|^[^，；。]{2,20}，?是指|^[^，；。]{2,12}是[^；。]*的合同。?$/;

/**
 * The one-line summary: the sentence of the cited articles that shares the most search terms with
 * the question (an enumeration's lead-in "有下列情形之一的：" is not a summary). `reviewed`: the
 * legal wording of the citizen's phrases from the reviewed thesaurus (不发工资 → 拖欠, 劳动报酬,
 * 足额支付); a sentence in that wording counts like one of the question's own words per phrase,
 * so the rule on paying wages beats a sentence that merely says 工资. Learned associations do not
 * count: on the sample questions they picked the wrong article three times in 47 (时间→延长 led
 * 每天工作时间最多多少小时 to 劳动法 第四十一条 on overtime instead of 第三十六条) and never the right one.
 */
export function summarySentence(
  citations: Citation[],
  terms: string[],
  reviewed: string[][] = [],
  question?: string,
): { citation: Citation; sentence: string } {
  let best: { citation: Citation; sentence: string; score: number } | null = null;
  const df = new Map([...terms, ...reviewed.flat()].map((t) => [t, citations.filter((c) => c.text.includes(t)).length]));
  const weight = (t: string) => 1 / Math.max(1, df.get(t) ?? 1);
  // quantities (三个, 两年) are the citizen's facts, not what the rule is about; a compound of
  // another term (抚养费 of 抚养) adds a little to its parts, and none right after a number in the
  // question (月工资 in 两个月工资: a segmentation artefact)
  const afterNumber = (t: string): boolean => {
    for (let i = question?.indexOf(t) ?? -1; i >= 0; i = question!.indexOf(t, i + 1)) if (i > 0 && NUMERAL.test(question![i - 1])) return true;
    return false;
  };
  const words = new Map(
    terms
      .filter((t) => t.length >= 2 && !isQuantity(t))
      .map((t) => [t, !terms.some((o) => o !== t && o.length >= 2 && t.includes(o)) ? 1 : afterNumber(t) ? 0 : COMPOUND_WEIGHT]),
  );
  citations.forEach((c, ci) => {
    // a line that introduces an enumeration (ends with a colon) or is an item of one is no summary
    const lines = c.text.split('\n').map((x) => x.trim()).filter((l) => l && !/[:：]$/.test(l) && !/^[（(][一二三四五六七八九十]+[）)]/.test(l));
    const sentences = lines.flatMap((l) => l.split(/(?<=[。；])/)).map((x) => x.trim()).filter(Boolean);
    sentences.forEach((s, si) => {
      if (/下列(情形|行为|条件|规定|事项)/.test(s)) return;
      // a term found in fewer of the cited articles says more about which sentence answers
      let direct = 0;
      for (const [t, w] of words) if (s.includes(t)) direct += weight(t) * w;
      const viaReviewed = reviewed.reduce((sum, to) => sum + Math.min(1, to.filter((t) => s.includes(t)).reduce((a, t) => a + weight(t), 0)), 0);
      const hits = direct + viaReviewed;
      // an exception ("除……外", "不承担", "不适用") or a definition ("本编所称父母，包括……",
      // "借款合同是……的合同", "……是指……") is not the rule to lead with
      const exception = /^除|不承担|不适用|不予/.test(s) || DEFINITION.test(s) ? 5 : 0;
      // a sentence that states a rule (可以, 应当, 有权, 由……承担责任) is preferred
      const score = hits * 10 - ci * 3 - si - exception + (/(可以|应当|有权|承担)/.test(s) ? 2 : 0);
      if (!best || score > best.score) best = { citation: c, sentence: s, score };
    });
  });
  const b = best as { citation: Citation; sentence: string } | null;
  if (!b) return { citation: citations[0], sentence: firstSentence(citations[0].text) };
  const sentence = b.sentence.length > 120 ? b.sentence.slice(0, 120) + '……' : b.sentence.replace(/；$/, '。');
  return { citation: b.citation, sentence };
}

/** What a question asks for first: the materials, the procedure, or the rule (default). */
export function focusOf(question: string, tpl: Templates): 'materials' | 'steps' | 'rule' {
  if (tpl.focus.materials.some((w) => question.includes(w))) return 'materials';
  if (tpl.focus.steps.some((w) => question.includes(w))) return 'steps';
  return 'rule';
}

/** The citizen's phrases the reviewed thesaurus knows, with their legal wording (不发工资 → 拖欠, 劳动报酬). */
export function reviewedPhrases(question: string): ThesaurusMatch[] {
  return loadThesaurus().match(normalizeText(question));
}

/** Whether a guide is the guide of the service triage chose (法律援助 also when the citizen may qualify). */
export function serviceGuide(g: SearchHit, input: AnswerInput): boolean {
  return g.law.includes(input.triage.service) || (input.triage.flags.includes('legal_aid_candidate') && g.law.includes('法律援助'));
}

/**
 * Whether a guide is about the citizen's matter, not merely worded alike: it cites one of the
 * articles the answer rests on, or an article of the laws that govern the triaged domain (劳动仲裁
 * for unpaid wages). A guide that cites nothing can only be placed as the chosen service's guide.
 * Learned expansions alone used to attach the 工伤 guide to a question about 继承.
 */
export function guideFits(g: SearchHit, input: AnswerInput, grounded: Pick<SearchHit, 'law' | 'article'>[]): boolean {
  const cites = g.cites ?? [];
  if (cites.some((c) => grounded.some((h) => h.law === c.law && h.article === c.article))) return true;
  return Boolean(input.inDomain) && input.triage.domain !== '其他' && cites.some((c) => input.inDomain!({ law: c.law, path: c.path ?? [] }));
}

/**
 * The guide section that fits the question best (materials / procedure / the most evidence): the
 * chosen service's guide matching one of the question's words or reviewed phrases, or a guide
 * about the citizen's matter (`guideFits`) matching two.
 */
export function pickGuide(
  input: AnswerInput,
  tpl: Templates,
  grounded: Pick<SearchHit, 'law' | 'article'>[] = groundedHits(input, tpl.thresholds),
  reviewed: ThesaurusMatch[] = reviewedPhrases(input.question),
): SearchHit | null {
  const generic = new Set(tpl.thresholds.genericTerms);
  // evidence in the citizen's words: terms the section contains, and reviewed thesaurus phrases
  // (不发工资 → 拖欠) whose legal wording it contains; learned associations are too loose here
  const phrases = new Set(reviewed.map((m) => m.from));
  const guides = (input.guides ?? [])
    .map((g) => ({ g, n: evidence(g, generic, (f) => phrases.has(f)).length, direct: g.signals.keywordTerms.length }))
    .filter(({ g, n }) => (serviceGuide(g, input) ? n >= 1 : n >= 2 && guideFits(g, input, grounded)))
    .sort((a, b) => b.n - a.n || b.direct - a.direct) // stable: equal evidence keeps the search order
    .map(({ g }) => g);
  if (!guides.length) return null;
  const focus = focusOf(input.question, tpl);
  const want = focus === 'materials' ? /材料/ : focus === 'steps' ? /流程|怎么|如何|申请|期限|哪里/ : null;
  return (want && guides.find((g) => want.test(g.article))) || guides[0];
}

/** The cited articles with the one the summary quotes first, so the list reads in the answer's order. */
export function leadFirst(citations: Citation[], lead: Citation): Citation[] {
  return [lead, ...citations.filter((c) => c !== lead)];
}

/** The answer text, and its citations in the order the text lists them (the summary's first). */
export function composeRulesAnswer(input: AnswerInput, cited: Citation[], tpl: Templates): { text: string; citations: Citation[] } {
  const d = tpl.domains[input.triage.domain];
  // the question's terms plus the legal wording of its reviewed phrases (老板→用人单位, 工资→劳动报酬)
  const reviewed = reviewedPhrases(input.question);
  const sum = summarySentence(
    cited,
    input.search.terms,
    reviewed.map((m) => m.to),
    input.question,
  );
  const citations = leadFirst(cited, sum.citation);
  const rule = [`【要点】根据《${shortLaw(sum.citation.law)}》${sum.citation.article}：${sum.sentence}`];
  const articles = ['【相关法条】', ...citations.map((c, i) => `${i + 1}. 《${shortLaw(c.law)}》${c.article}：${quote(c.text, tpl.thresholds.quoteChars)}`)];
  const service = ['【可以找谁】' + tpl.services[input.triage.service]];
  if (input.triage.flags.includes('legal_aid_candidate') && input.legalAidMatters.length) {
    service.push(tpl.legalAid.replace('{matters}', input.legalAidMatters.join('、')));
    if (input.triage.service !== '法律援助') service.push(tpl.services['法律援助']);
  }
  const guide = pickGuide(input, tpl, citations, reviewed);
  if (guide) service.push(`【办事指南】《${guide.law}》「${guide.article}」：${quote(guide.text, tpl.thresholds.quoteChars + 80)}`);
  const steps = ['【下一步】', ...d.steps.map((s, i) => `${i + 1}. ${s}`)];
  const materials = ['【需要准备的材料（一次性告知）】', ...d.materials.map((m) => `· ${m}`)];
  const focus = focusOf(input.question, tpl);
  const order =
    focus === 'materials' ? [materials, steps, service, rule, articles] : focus === 'steps' ? [steps, materials, service, rule, articles] : [rule, articles, service, steps, materials];
  return { text: [tpl.disclaimer, ...order.map((block) => block.join('\n')), tpl.closing].join('\n\n'), citations };
}

export function weakAnswer(input: AnswerInput, tpl: Templates): string {
  const d = tpl.domains[input.triage.domain];
  const lines = [tpl.lowConfidence];
  if (input.triage.domain !== '其他') {
    lines.push('', '一般来说，这类问题可以这样处理：');
    d.steps.forEach((s, i) => lines.push(`${i + 1}. ${s}`));
  }
  return lines.join('\n');
}

/** Confidence shown with an answer: the search's, or half of triage's when the domain grounded it; at most 0.3 when weak. */
export function answerConfidence(input: AnswerInput, weak: boolean): number {
  const c = weak ? Math.min(input.search.confidence, 0.3) : Math.max(input.search.confidence, input.triage.confidence * 0.5);
  return Math.round(c * 100) / 100;
}

export class RulesAnswerer implements Answerer {
  readonly mode = 'rules' as const;
  constructor(
    private k: CitationKnowledge,
    private log?: Logger,
    private tpl: Templates = templates(),
  ) {}

  async answer(input: AnswerInput, onDelta: (text: string) => void): Promise<AnswerOutput> {
    const t = this.tpl.thresholds;
    const picked = groundedHits(input, t);
    const checked = checkCitations(this.k, picked, { log: this.log, producer: 'rules' });
    const weak = checked.citations.length === 0;
    // the composed text quotes the store and its guides; every article mention in it is checked too
    const composed = weak ? { text: weakAnswer(input, this.tpl), citations: checked.citations } : composeRulesAnswer(input, checked.citations, this.tpl);
    const text = checkText(this.k, composed.text, { log: this.log, producer: 'rules' }).text;
    // stream paragraph by paragraph so every door renders the same way in both modes
    for (const para of text.split(/(?<=\n\n)/)) onDelta(para);
    const confidence = answerConfidence(input, weak);
    return { text, citations: composed.citations, mode: 'rules', confidence, removed: checked.removed, weak };
  }
}
