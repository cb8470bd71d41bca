// Chinese numerals, the one implementation for the whole project (ingest, answers, triage, voice).
// Article numbers: 第四十七条, 第一百三十三条之一. Statutes in the national database write
// them in Chinese numerals; PDFs and hand-typed texts sometimes write 第47条 or 第 四十七 条.
// `normalizeArticleNumber` turns any of these into the canonical written form.

const DIGITS = '零一二三四五六七八九';
const DIGIT_VALUE: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNIT_VALUE: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** 四十七 → 47, 一百零五 → 105, 十 → 10. NaN when not a numeral. */
export function chineseToInt(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in DIGIT_VALUE) {
      digit = DIGIT_VALUE[ch];
    } else if (ch in UNIT_VALUE) {
      const u = UNIT_VALUE[ch];
      if (u === 10000) {
        total += (section + Math.max(digit, 0)) * u;
        section = 0;
      } else {
        section += (digit < 0 ? 1 : digit) * u;
      }
      digit = -1;
    } else return NaN;
  }
  return total + section + Math.max(digit, 0);
}

/** 47 → 四十七, 10 → 十, 110 → 一百一十, 1079 → 一千零七十九 (the style of the national database). */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= 100000) throw new RangeError(`number out of range: ${n}`);
  if (n === 0) return '零';
  const units = ['', '十', '百', '千', '万'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const pos = ds.length - 1 - i;
    if (d === 0) {
      zero = out.length > 0;
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += (d === 1 && pos === 1 && i === 0 ? '' : DIGITS[d]) + units[pos];
  });
  return out;
}

const NUM = '[零〇一二两三四五六七八九十百千万\\d]+';
/** Matches an article number at the start of a line, tolerant of spaces and arabic digits. */
export const ARTICLE_START = new RegExp(`^第\\s*(${NUM})\\s*条(?:\\s*之\\s*(${NUM}))?(?=[\\s\\u3000　]|$)`);

/** 第 47 条之1 → 第四十七条之一; already canonical input is returned unchanged. */
export function normalizeArticleNumber(raw: string): string | null {
  const m = ARTICLE_START.exec(raw.trim());
  if (!m) return null;
  const main = chineseToInt(m[1]);
  if (!Number.isFinite(main) || main <= 0) return null;
  let out = `第${intToChinese(main)}条`;
  if (m[2]) {
    const sub = chineseToInt(m[2]);
    if (!Number.isFinite(sub) || sub <= 0) return null;
    out += `之${intToChinese(sub)}`;
  }
  return out;
}

/** Like chineseToInt but null when the text is not a numeral (e.g. colloquial 七十多 → null). */
export function parseChineseNumber(s: string): number | null {
  if (!s) return null;
  const n = chineseToInt(s);
  return Number.isFinite(n) ? n : null;
}

const REF = /^第?\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条(?:\s*之\s*([0-9]+|[一二三四五六七八九十]+))?$/;

/**
 * Normalise a whole article reference as a person or a model writes it: "第30条", "30条",
 * "第三十条之一" → "第三十条", "第三十条之一". Null when the text is not exactly a reference.
 */
export function normaliseArticleRef(raw: string): string | null {
  const m = REF.exec(raw.trim());
  if (!m) return null;
  return normalizeArticleNumber(`第${m[1]}条${m[2] ? `之${m[2]}` : ''}`);
}

const QUANTITY = /^(?:[零〇一二两三四五六七八九十百千万半几\d]+[个多余]?[年月日天周号岁元块万千百次件份个]?|[年月日天周个]|[个多]月|多年)$/;

/** A quantity word as segmentation yields it: 三个, 两年, 五万, 2000元, or a bare unit (月) after one. */
export function isQuantity(token: string): boolean {
  return QUANTITY.test(token);
}
