// Past orders by cited article (Knowledge.pastOrdersCiting): which closed work orders cited a
// given article. Staff assist uses it to offer, for the articles the search ranks highest, a
// resolved order that applied them even when its wording is unlike the new question.
// An in-memory map (resolved law title + article number → order ids) built lazily from the
// `cited` column on first use, extended by addPastOrder and dropped on reload.
import type { KnowledgeStore } from './store/db';
import { getPastOrder, rawDb } from './store/queries';
import type { ArticleRef, PastOrder } from './types';

export class CitingIndex {
  private byArticle: Map<string, number[]> | null = null;
  private titles = new Map<string, string>();

  constructor(
    private readonly store: KnowledgeStore,
    private readonly resolveLaw: (name: string) => string | null,
  ) {}

  private key(r: ArticleRef): string {
    let law = this.titles.get(r.law);
    if (law === undefined) this.titles.set(r.law, (law = this.resolveLaw(r.law) ?? r.law));
    return `${law}|${r.article.trim()}`;
  }

  private map(): Map<string, number[]> {
    if (this.byArticle) return this.byArticle;
    const m = new Map<string, number[]>();
    this.byArticle = m;
    const rows = rawDb(this.store).prepare('SELECT id, cited FROM past_orders ORDER BY id').iterate() as IterableIterator<{ id: number; cited: string | null }>;
    for (const r of rows) {
      let cited: ArticleRef[] = [];
      try {
        cited = r.cited ? (JSON.parse(r.cited) as ArticleRef[]) : [];
      } catch {
        continue;
      }
      this.add(r.id, cited);
    }
    return m;
  }

  /** Record a newly stored order (a no-op until the map is first built). */
  add(id: number, cited: ArticleRef[]): void {
    const m = this.byArticle;
    if (!m) return;
    for (const k of new Set(cited.filter((c) => c?.law && c?.article).map((c) => this.key(c)))) {
      const list = m.get(k);
      if (list) list.push(id);
      else m.set(k, [id]);
    }
  }

  invalidate(): void {
    this.byArticle = null;
    this.titles.clear();
  }

  /** For each ref in order, up to `perRef` of the newest orders citing it; each order once. */
  citing(refs: ArticleRef[], perRef: number): (PastOrder & { id: number })[] {
    const m = this.map();
    const seen = new Set<number>();
    const out: (PastOrder & { id: number })[] = [];
    for (const r of refs) {
      const ids = m.get(this.key(r)) ?? [];
      let taken = 0;
      for (let i = ids.length - 1; i >= 0 && taken < perRef; i--) {
        if (seen.has(ids[i])) continue;
        const o = getPastOrder(this.store, ids[i]);
        if (!o) continue;
        seen.add(ids[i]);
        out.push(o);
        taken++;
      }
    }
    return out;
  }
}
