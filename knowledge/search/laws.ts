// Law names as people write them → the stored full title. "劳动合同法", "《劳动合同法》",
// "中华人民共和国劳动合同法", "民法典合同编", "消法" all resolve; ambiguous suffix matches prefer
// a national law in force with the shortest title.
import { normalizeText } from './normalize';

const PRC = '中华人民共和国';

/** Common abbreviations that are not a suffix of the title. Reviewed data, short on purpose. */
export const LAW_ALIASES: Record<string, string> = {
  消法: '消费者权益保护法',
  消保法: '消费者权益保护法',
  劳动法典: '劳动法',
  婚姻法: '民法典',
  继承法: '民法典',
  合同法: '民法典',
  物权法: '民法典',
  侵权责任法: '民法典',
  担保法: '民法典',
  收养法: '民法典',
  民法通则: '民法典',
  民法总则: '民法典',
  个税法: '个人所得税法',
  道交法: '道路交通安全法',
  交通法: '道路交通安全法',
  治安法: '治安管理处罚法',
  民诉法: '民事诉讼法',
  刑诉法: '刑事诉讼法',
  行诉法: '行政诉讼法',
  未保法: '未成年人保护法',
  妇女权益保护法: '妇女权益保障法',
  食安法: '食品安全法',
  社保法: '社会保险法',
  仲裁调解法: '劳动争议调解仲裁法',
  劳动仲裁法: '劳动争议调解仲裁法',
  调解法: '人民调解法',
  援助法: '法律援助法',
};

const MINFADIAN_PARTS = ['总则', '物权', '合同', '人格权', '婚姻家庭', '继承', '侵权责任'];

export interface LawTitleInfo {
  title: string;
  national: boolean; // kind law (NPC) — preferred on ties
  inForce: boolean;
}

export function cleanLawName(name: string): string {
  let s = normalizeText(name).replace(/[《》〈〉"'“”‘’\s]/g, '');
  s = s.replace(/\((\d{4}[-.年]?\d{0,2}[-.月]?\d{0,2}日?)?(修正|修订|年)?\)$/, '');
  s = s.replace(/[（(][^）)]*[）)]$/, '');
  return s;
}

export class LawResolver {
  private exact = new Map<string, string>();
  private short = new Map<string, LawTitleInfo[]>();
  private infos: LawTitleInfo[];

  constructor(titles: LawTitleInfo[]) {
    this.infos = titles;
    for (const t of titles) {
      this.exact.set(cleanLawName(t.title), t.title);
      const s = t.title.startsWith(PRC) ? t.title.slice(PRC.length) : t.title;
      const list = this.short.get(s) ?? [];
      list.push(t);
      this.short.set(s, list);
    }
  }

  private pick(list: LawTitleInfo[]): string {
    const sorted = [...list].sort(
      (a, b) =>
        Number(b.inForce) - Number(a.inForce) || Number(b.national) - Number(a.national) || a.title.length - b.title.length,
    );
    return sorted[0].title;
  }

  resolve(name: string): string | null {
    let s = cleanLawName(name);
    if (!s) return null;
    const hit = this.exact.get(s);
    if (hit) return hit;
    if (s.startsWith(PRC)) s = s.slice(PRC.length);
    // 民法典 and its parts (民法典合同编, 民法典·婚姻家庭编) are one law
    if (s.startsWith('民法典') && s.length <= 10 && (s === '民法典' || MINFADIAN_PARTS.some((p) => s.includes(p)))) s = '民法典';
    if (LAW_ALIASES[s]) s = LAW_ALIASES[s];
    const direct = this.short.get(s);
    if (direct?.length) return this.pick(direct);
    if (s.length < 2) return null;
    // suffix match: "劳动合同法实施条例" typed without the country prefix is covered above;
    // here "道路交通安全法" vs a title with a different prefix, e.g. 最高人民法院关于…的解释
    const cands = this.infos.filter((t) => t.title.endsWith(s));
    if (cands.length) return this.pick(cands);
    return null;
  }

  /** Law names mentioned inside free text ("劳动合同法第四十七条怎么理解"), longest first. */
  mentioned(text: string): string[] {
    const found = new Set<string>();
    const norm = cleanLawName(text);
    const re = /[\u4e00-\u9fff]{1,30}?(?:法典|法|条例|规定|办法|解释)(?:[\u4e00-\u9fff]{0,4}编)?/g;
    for (const m of norm.matchAll(re)) {
      const w = m[0];
      // try the longest tail that resolves: "我想问劳动合同法" → 劳动合同法
      for (let i = 0; i + 2 <= w.length; i++) {
        const r = this.resolve(w.slice(i));
        if (r) {
          found.add(r);
          break;
        }
      }
    }
    return [...found];
  }
}
