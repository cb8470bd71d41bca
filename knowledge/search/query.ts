// Stage 1 (query side): a question → weighted terms of the article index. The citizen's own
// words weigh 1, character bigrams less (they back up segmentation, they are not meaning), and
// extra context (earlier turns) a fraction of that.
import type { QueryTerm } from './bm25';
import { isQuantity } from '../numerals';
import type { InvertedIndex } from './postings';
import { segment, type Segmented } from './segment';

export const BIGRAM_WEIGHT = 0.35;
export const CONTEXT_WEIGHT = 0.3;
/**
 * Quantities (三个, 两年, 五万, 月 after a numeral) describe the citizen's facts, not the legal
 * concept: "老板三个月不发工资" is about unpaid wages, not the 试用期 article that says 三个月.
 */
export const QUANTITY_WEIGHT = 0.3;

export interface AnalysedQuery {
  /** Distinct word terms of the question (for expansion, explanation, order matching). */
  words: string[];
  /** Index terms with weights. */
  terms: QueryTerm[];
  /** The question's own segmentation (the later stages reuse it instead of cutting again). */
  segmented: Segmented;
}

function addTerms(ix: InvertedIndex, into: Map<number, number>, tokens: string[], weight: number): void {
  for (const t of tokens) {
    const id = ix.termIds.get(t);
    if (id === undefined) continue;
    const w = isQuantity(t) ? weight * QUANTITY_WEIGHT : weight;
    // repeated words add weight with diminishing returns
    const prev = into.get(id) ?? 0;
    into.set(id, prev === 0 ? w : prev + w * 0.3);
  }
}

export function analyseQuery(ix: InvertedIndex, text: string, context?: string): AnalysedQuery {
  const s = segment(text);
  const weights = new Map<number, number>();
  addTerms(ix, weights, s.words, 1);
  addTerms(ix, weights, s.bigrams, BIGRAM_WEIGHT);
  if (context) {
    const c = segment(context);
    addTerms(ix, weights, c.words, CONTEXT_WEIGHT);
    addTerms(ix, weights, c.bigrams, CONTEXT_WEIGHT * BIGRAM_WEIGHT);
  }
  return {
    words: [...new Set(s.words)],
    terms: [...weights].map(([id, weight]) => ({ id, weight })),
    segmented: s,
  };
}
