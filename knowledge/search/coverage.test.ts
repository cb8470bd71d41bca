import { describe, expect, it } from 'vitest';
import { hasTerm } from './bm25';
import { CoverageScorer, type CoverWord } from './coverage';
import { IndexBuilder, type InvertedIndex } from './postings';

// A small random two-field index: enough documents that some terms' postings are long (the
// scorer binary-searches those) and others short (it walks them).
function randomIndex(nDocs: number, seed: number): InvertedIndex {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const vocab = Array.from({ length: 60 }, (_, i) => `词${i}`);
  const b = new IndexBuilder(2);
  for (let d = 0; d < nDocs; d++) {
    // term i is used by roughly a share 1/(i+1) of the documents: 词0 by all, 词59 by few
    const body = vocab.filter((_, i) => rnd() < 1 / (i + 1));
    const head = vocab.filter((_, i) => i % 7 === 0 && rnd() < 0.2);
    b.add([body, head]);
  }
  return b.build();
}

// The definition: a word is covered when the document holds one of its terms in one of the fields.
function bruteForce(ix: InvertedIndex, words: CoverWord[], docs: number[], fields: number[]): number[] {
  return docs.map((d) => {
    let hit = 0;
    for (const w of words) if (w.ids.some((t) => fields.some((f) => hasTerm(ix, f, t, d)))) hit += w.weight;
    return hit;
  });
}

describe('CoverageScorer', () => {
  const ix = randomIndex(400, 7);
  const id = (w: string) => ix.termIds.get(w)!;

  it('equals the per-candidate definition, for short and long postings and few or many candidates', () => {
    const sc = new CoverageScorer(ix);
    const words: CoverWord[] = [
      { ids: [id('词0')], weight: 0.1 }, // in every document: binary search over few candidates
      { ids: [id('词3'), id('词7')], weight: 1.5 }, // a word and an expansion: counted once
      { ids: [id('词42')], weight: 3 }, // rare: walked
      { ids: [], weight: 4 }, // a word no article uses covers nothing
      { ids: [id('词14')], weight: 2 }, // also in the head field
    ];
    for (const n of [1, 3, 50, 400]) {
      const docs = Array.from({ length: n }, (_, i) => (i * 37 + 11) % 400);
      const got = sc.score(words, docs, [0, 1]);
      expect(Array.from(got)).toEqual(bruteForce(ix, words, docs, [0, 1]));
      expect(Array.from(sc.score(words, docs, [0]))).toEqual(bruteForce(ix, words, docs, [0]));
    }
  });

  it('counts a word once however many of its terms a document holds', () => {
    const sc = new CoverageScorer(ix);
    const d0 = [0];
    const both = sc.score([{ ids: [id('词0'), id('词0'), id('词1')], weight: 1 }], d0, [0, 1]);
    expect(both[0]).toBe(1);
  });

  it('forgets the previous candidate list (the slot table is cleared after each call)', () => {
    const sc = new CoverageScorer(ix);
    const words: CoverWord[] = [{ ids: [id('词42')], weight: 1 }];
    const holders = Array.from({ length: 400 }, (_, d) => d).filter((d) => hasTerm(ix, 0, id('词42'), d));
    expect(holders.length).toBeGreaterThan(0);
    expect(Array.from(sc.score(words, holders, [0]))).toEqual(holders.map(() => 1));
    const others = Array.from({ length: 400 }, (_, d) => d).filter((d) => !holders.includes(d)).slice(0, 20);
    expect(Array.from(sc.score(words, others, [0]))).toEqual(others.map(() => 0));
    expect(Array.from(sc.score(words, [], [0]))).toEqual([]);
  });
});
