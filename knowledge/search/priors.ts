// Stage 5 input: how often past orders cited each article and each law. Citizens ask about a
// small part of the law over and over; these counts are the strongest single prior (measured
// +0.09 R@10 on dev). The reranker is trained out-of-fold (engine.trainingRows), never
// leave-one-out: an order's own law would be the one whose count is exactly one lower.
import type { Catalogue } from './catalogue';

export class CitationPriors {
  private article = new Map<number, number>();
  private law = new Map<number, number>();
  total = 0;

  /** Count one order's cited articles (document indices; -1 = not in the index). */
  add(docs: number[], cat: Catalogue): void {
    const laws = new Set<number>();
    for (const d of new Set(docs)) {
      if (d < 0) continue;
      this.article.set(d, (this.article.get(d) ?? 0) + 1);
      laws.add(cat.lawOf[d]);
    }
    for (const l of laws) this.law.set(l, (this.law.get(l) ?? 0) + 1);
    this.total++;
  }

  articleCount(doc: number): number {
    return this.article.get(doc) ?? 0;
  }

  lawCount(law: number): number {
    return this.law.get(law) ?? 0;
  }

  /** Articles ever cited, most cited first (a recall source for the top laws). */
  citedArticles(): [number, number][] {
    return [...this.article].sort((a, b) => b[1] - a[1]);
  }
}
