// Stage 1b: segmentation. jieba in search mode (long words plus their shorter parts, so
// "劳动合同法" also yields 劳动 / 合同 / 合同法) gives word terms; character bigrams over runs of
// ideographs give `#xy` terms that catch what the dictionary splits differently on either side.
// Stopwords are removed from both. Used identically for articles, past questions and queries.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { isHan, isWordish, normalizeText } from './normalize';
import { STOP_CHARS, STOPWORDS } from './stopwords';

/** Prefix that marks a character-bigram term (jieba never emits '#' inside a word). */
export const BIGRAM_PREFIX = '#';

let jieba: Jieba | null = null;
let segmentCalls = 0;

function engine(): Jieba {
  if (!jieba) jieba = Jieba.withDict(dict);
  return jieba;
}

/** How many texts have been segmented in this process (lets tests prove an index was not rebuilt). */
export function segmentCount(): number {
  return segmentCalls;
}

export interface Segmented {
  /** Word terms in order (repeats kept: term frequency matters). */
  words: string[];
  /** Character-bigram terms, prefixed with BIGRAM_PREFIX. */
  bigrams: string[];
}

/** jieba words of a text in one of its two modes, stopwords and punctuation removed. */
function cutWords(text: string, mode: 'search' | 'precise'): string[] {
  segmentCalls++;
  const norm = normalizeText(text);
  if (!norm) return [];
  const out: string[] = [];
  for (const w of mode === 'search' ? engine().cutForSearch(norm, true) : engine().cut(norm, true)) {
    const t = w.trim();
    if (t && !STOPWORDS.has(t) && isWordish(t)) out.push(t);
  }
  return out;
}

/** Word terms of a text (search mode: long words plus their shorter parts). */
export function segmentWords(text: string): string[] {
  return cutWords(text, 'search');
}

/**
 * Word sequence in jieba's precise mode (each character in one word, no overlapping parts): the
 * running text the corpus word vectors learn from.
 */
export function segmentPrecise(text: string): string[] {
  return cutWords(text, 'precise');
}

/** Character bigrams over runs of ideographs (a run of one ideograph gives none). */
export function charBigrams(text: string): string[] {
  const norm = normalizeText(text);
  const out: string[] = [];
  let prev = '';
  for (const ch of norm) {
    if (isHan(ch)) {
      if (prev && !(STOP_CHARS.has(prev) || STOP_CHARS.has(ch))) {
        const bg = prev + ch;
        if (!STOPWORDS.has(bg)) out.push(BIGRAM_PREFIX + bg);
      }
      prev = ch;
    } else prev = '';
  }
  return out;
}

export function segment(text: string): Segmented {
  return { words: segmentWords(text), bigrams: charBigrams(text) };
}

/** Human form of a term (bigram prefix removed) for explanations. */
export function displayTerm(term: string): string {
  return term.startsWith(BIGRAM_PREFIX) ? term.slice(BIGRAM_PREFIX.length) : term;
}
