// Stage 2: query expansion. (a) The reviewed thesaurus: every colloquial key found in the
// question adds its legal terms (老板 → 用人单位). (b) Learned associations from past orders
// (./associations). Expansions are searched alongside the question's own words with lower
// weights, and remembered so stage 6 can show "老板→用人单位" on the hits they found.
import type { Thesaurus } from '../thesaurus/thesaurus';
import type { QueryTerm } from './bm25';
import type { Expansion } from './explain';
import type { InvertedIndex } from './postings';
import { normalizeText } from './normalize';
import { charBigrams, segmentWords } from './segment';
import type { AssocExpansion } from './associations';

export const THESAURUS_WEIGHT = 0.5;
export const ASSOCIATION_WEIGHT = 0.3;

export interface ExpandedTerms {
  terms: QueryTerm[];
  expansions: Expansion[];
}

const phraseCache = new Map<string, string[]>();

function phraseTerms(phrase: string): string[] {
  let t = phraseCache.get(phrase);
  if (!t) {
    t = [...new Set(segmentWords(phrase))];
    // the bigrams back up a legal phrase jieba splits (借婚姻索取财物)
    if (phrase.length > 2) t.push(...charBigrams(phrase));
    else if (phrase.length === 2) t.push(`#${phrase}`);
    phraseCache.set(phrase, t);
  }
  return t;
}

export function thesaurusTerms(ix: InvertedIndex, thesaurus: Thesaurus, text: string, own: ReadonlySet<number>): ExpandedTerms {
  const out = new Map<number, number>();
  const expansions: Expansion[] = [];
  for (const m of thesaurus.match(normalizeText(text))) {
    for (const to of m.to) {
      for (const t of phraseTerms(to)) {
        const id = ix.termIds.get(t);
        if (id === undefined || own.has(id)) continue;
        const w = t.startsWith('#') ? THESAURUS_WEIGHT * 0.35 : THESAURUS_WEIGHT;
        out.set(id, Math.max(out.get(id) ?? 0, w));
        if (!t.startsWith('#')) expansions.push({ from: m.from, to: t, termId: id });
      }
    }
  }
  return { terms: [...out].map(([id, weight]) => ({ id, weight })), expansions };
}

export function associationTerms(ix: InvertedIndex, assoc: AssocExpansion[], own: ReadonlySet<number>): ExpandedTerms {
  const terms: QueryTerm[] = [];
  const expansions: Expansion[] = [];
  for (const a of assoc) {
    if (own.has(a.termId)) continue;
    terms.push({ id: a.termId, weight: ASSOCIATION_WEIGHT * a.weight });
    expansions.push({ from: a.from.join('/') || '关联', to: ix.terms[a.termId], termId: a.termId });
  }
  return { terms, expansions };
}
