// In-memory facts about every indexed unit (law, kind, status, region, article number), aligned
// with the keyword index's document numbering, plus the filter masks built from them.
import type { DocKind, DocStatus, SearchFilters } from '../types';
import type { UnitMetaRow } from './store-read';
import { LawResolver } from './laws';

export const KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local', 'case', 'order', 'faq'];
export const STATUSES: DocStatus[] = ['in_force', 'amended', 'repealed', 'not_yet_effective'];
export const DEFAULT_KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local'];

export function refKey(law: string, article: string): string {
  return `${law}\u0000${article}`;
}

export class Catalogue {
  readonly n: number;
  readonly lawOf: Int32Array;
  readonly kindOf: Uint8Array;
  readonly statusOf: Uint8Array;
  readonly regionOf: Int32Array; // -1 = national
  readonly number: (string | null)[];
  /** Chapter (law title + chapter path) of every unit: units of one chapter share the id. */
  readonly chapterOf: Int32Array;
  /** Units of each chapter, in document order. */
  readonly chapterUnits: number[][] = [];
  readonly laws: string[] = [];
  /** Units of each law (all versions), in document order. */
  readonly lawUnits: number[][] = [];
  readonly lawIds = new Map<string, number>();
  readonly regions: string[] = [];
  readonly resolver: LawResolver;
  /** law\0number → document indices (all versions; in-force first). */
  private byRef = new Map<string, number[]>();
  private masks = new Map<string, Uint8Array>();

  constructor(rows: UnitMetaRow[], unitIds: Int32Array) {
    if (rows.length !== unitIds.length) throw new Error('catalogue: unit count differs from index');
    this.n = rows.length;
    this.lawOf = new Int32Array(this.n);
    this.kindOf = new Uint8Array(this.n);
    this.statusOf = new Uint8Array(this.n);
    this.regionOf = new Int32Array(this.n);
    this.number = new Array(this.n);
    this.chapterOf = new Int32Array(this.n);
    const chapterIds = new Map<string, number>();
    const regionIds = new Map<string, number>();
    const lawInfo = new Map<string, { national: boolean; inForce: boolean }>();
    rows.forEach((r, i) => {
      if (r.id !== unitIds[i]) throw new Error('catalogue: unit ids differ from index');
      let law = this.lawIds.get(r.title);
      if (law === undefined) {
        law = this.laws.length;
        this.laws.push(r.title);
        this.lawUnits.push([]);
        this.lawIds.set(r.title, law);
      }
      this.lawOf[i] = law;
      this.lawUnits[law].push(i);
      this.kindOf[i] = Math.max(0, KINDS.indexOf(r.kind as DocKind));
      this.statusOf[i] = Math.max(0, STATUSES.indexOf(r.status as DocStatus));
      if (r.region) {
        let g = regionIds.get(r.region);
        if (g === undefined) {
          g = this.regions.length;
          this.regions.push(r.region);
          regionIds.set(r.region, g);
        }
        this.regionOf[i] = g;
      } else this.regionOf[i] = -1;
      this.number[i] = r.number;
      const ck = `${r.title}\u0000${r.path ?? ''}`;
      let ch = chapterIds.get(ck);
      if (ch === undefined) {
        ch = this.chapterUnits.length;
        chapterIds.set(ck, ch);
        this.chapterUnits.push([]);
      }
      this.chapterOf[i] = ch;
      this.chapterUnits[ch].push(i);
      if (r.number) {
        const k = refKey(r.title, r.number);
        const list = this.byRef.get(k) ?? [];
        if (r.status === 'in_force') list.unshift(i);
        else list.push(i);
        this.byRef.set(k, list);
      }
      if (r.kind !== 'case' && r.kind !== 'faq') {
        const prev = lawInfo.get(r.title) ?? { national: false, inForce: false };
        lawInfo.set(r.title, { national: prev.national || r.kind === 'law', inForce: prev.inForce || r.status === 'in_force' });
      }
    });
    this.resolver = new LawResolver([...lawInfo].map(([title, v]) => ({ title, ...v })));
  }

  /** Document index of an article (the in-force version when there are several), or -1. */
  find(law: string, article: string): number {
    return this.byRef.get(refKey(law, article))?.[0] ?? -1;
  }

  /** All versions of an article. */
  findAll(law: string, article: string): number[] {
    return this.byRef.get(refKey(law, article)) ?? [];
  }

  /** 1 where a document passes the filters (cached per distinct filter set). */
  mask(filters: SearchFilters | undefined, lawTitle: string | null): Uint8Array {
    const kinds = filters?.kinds?.length ? filters.kinds : DEFAULT_KINDS;
    const inForce = filters?.inForceOnly ?? true;
    const region = filters?.region?.trim() || '';
    const key = `${[...kinds].sort().join(',')}|${inForce}|${region}|${lawTitle ?? ''}`;
    let m = this.masks.get(key);
    if (m) return m;
    const kindOk = KINDS.map((k) => kinds.includes(k));
    const lawId = lawTitle === null ? -1 : (this.lawIds.get(lawTitle) ?? -2);
    const regionOk = this.regions.map((g) => !region || g.includes(region) || region.includes(g));
    m = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      if (!kindOk[this.kindOf[i]]) continue;
      if (inForce && this.statusOf[i] !== 0) continue;
      if (lawId !== -1 && this.lawOf[i] !== lawId) continue;
      const g = this.regionOf[i];
      if (g >= 0 && !regionOk[g]) continue;
      m[i] = 1;
    }
    if (this.masks.size > 64) this.masks.clear();
    this.masks.set(key, m);
    return m;
  }
}
