import { describe, expect, it } from 'vitest';
import { Accumulator } from './accumulator';
import { hasTerm, idf, scoreBm25, type QueryTerm } from './bm25';
import { deserializeIndex, IndexBuilder, serializeIndex, type InvertedIndex } from './postings';

function build(): InvertedIndex {
  const b = new IndexBuilder(2);
  b.add([['工资', '支付', '劳动者', '劳动者'], ['劳动合同法']]); // 0
  b.add([['工资', '工资', '拖欠', '支付'], ['劳动合同法']]); // 1
  b.add([['离婚', '子女', '抚养费'], ['民法典', '婚姻家庭编']]); // 2
  b.add([['劳动者', '休息', '休假', '权利', '义务', '规定', '工作', '时间'], ['劳动法']]); // 3
  return b.build();
}

function run(ix: InvertedIndex, words: string[], weights = [1, 0.6]): number[] {
  const acc = new Accumulator(ix.nDocs);
  const q: QueryTerm[] = words.flatMap((w) => (ix.termIds.has(w) ? [{ id: ix.termIds.get(w)!, weight: 1 }] : []));
  scoreBm25(ix, q, acc, { k1: 1.2, b: 0.75, fieldWeights: weights });
  return acc.top(10).docs;
}

describe('BM25 over fields', () => {
  const ix = build();

  it('ranks the document matching more and rarer terms first', () => {
    expect(run(ix, ['拖欠', '工资'])[0]).toBe(1);
    expect(run(ix, ['抚养费'])).toEqual([2]);
  });

  it('gives rare terms more weight than common ones', () => {
    const f = ix.fields[0];
    expect(idf(f, ix.nDocs, ix.termIds.get('拖欠')!)).toBeGreaterThan(idf(f, ix.nDocs, ix.termIds.get('工资')!));
  });

  it('matches the law title field, so a law name narrows the results', () => {
    expect(run(ix, ['劳动合同法']).sort()).toEqual([0, 1]);
    expect(run(ix, ['婚姻家庭编', '子女'])).toEqual([2]);
    expect(run(ix, ['劳动合同法'], [1, 0])).toEqual([]); // title field off: no body match
  });

  it('knows which documents hold a term', () => {
    const id = ix.termIds.get('工资')!;
    expect(hasTerm(ix, 0, id, 1)).toBe(true);
    expect(hasTerm(ix, 0, id, 2)).toBe(false);
  });

  it('serialises to one buffer and back without changing a ranking', () => {
    const back = deserializeIndex(serializeIndex(ix));
    expect(back.terms).toEqual(ix.terms);
    expect(back.nDocs).toBe(4);
    expect(run(back, ['拖欠', '工资', '劳动者'])).toEqual(run(ix, ['拖欠', '工资', '劳动者']));
    expect(() => deserializeIndex(Buffer.alloc(64))).toThrow(/bad magic/);
  });
});
