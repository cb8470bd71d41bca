// Stage 6: explain. For each returned hit, which query terms it contains (text or head field),
// which expansions hit, which past orders voted, and its rank in every recall stage — what a
// staff member sees under "why it matched".
import type { HitSignals } from '../types';
import { hasTerm } from './bm25';
import type { AnalysedQuery } from './query';
import type { InvertedIndex } from './postings';
import { BIGRAM_PREFIX } from './segment';

/** Enough to show why; the full list of learned expansions is long and mostly generic. */
export const MAX_EXPANSIONS_SHOWN = 8;

export interface Expansion {
  from: string; // the citizen's word (or "关联" for learned associations)
  to: string; // the term searched
  termId: number;
}

export function explainHit(
  ix: InvertedIndex,
  doc: number,
  q: AnalysedQuery,
  expansions: Expansion[],
  orderVotes: HitSignals['orderVotes'],
  stageRanks: Record<string, number>,
  vectorScore?: number,
): HitSignals {
  const inDoc = (id: number) => hasTerm(ix, 0, id, doc) || hasTerm(ix, 1, id, doc);
  const keywordTerms: string[] = [];
  for (const w of q.words) {
    if (w.startsWith(BIGRAM_PREFIX)) continue;
    const id = ix.termIds.get(w);
    if (id !== undefined && inDoc(id)) keywordTerms.push(w);
  }
  const seen = new Set<string>();
  const exp: string[] = [];
  for (const e of expansions) {
    if (exp.length >= MAX_EXPANSIONS_SHOWN) break;
    const label = `${e.from}→${e.to}`;
    if (seen.has(label) || !inDoc(e.termId)) continue;
    seen.add(label);
    exp.push(label);
  }
  const s: HitSignals = {
    keywordTerms,
    expansions: exp,
    orderVotes: [...orderVotes].sort((a, b) => b.score - a.score).slice(0, 5),
    stageRanks,
  };
  if (vectorScore !== undefined) s.vectorScore = vectorScore;
  return s;
}
