// Chinese numerals as used in article numbers (第一百三十三条之一) and colloquial ages (七十多).
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parse 0..9999 written in Chinese (三十, 一百零五, 十五) or Arabic digits; null when not a number. */
export function parseChineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!s || !/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return null;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else {
      const unit = UNITS[ch];
      total += (digit === 0 && unit === 10 && total === 0 ? 1 : digit) * unit;
      digit = 0;
    }
  }
  return total + digit;
}

const CN = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 30 → 三十, 105 → 一百零五, 1260 → 一千二百六十 (the way statutes write article numbers). */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`out of range: ${n}`);
  if (n < 10) return CN[n];
  if (n < 20) return '十' + (n % 10 ? CN[n % 10] : '');
  const parts: string[] = [];
  const units = [1000, 100, 10, 1];
  const names = ['千', '百', '十', ''];
  let zero = false;
  let started = false;
  for (let i = 0; i < units.length; i++) {
    const d = Math.floor(n / units[i]) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) parts.push('零');
    zero = false;
    started = true;
    parts.push(CN[d] + names[i]);
  }
  return parts.join('');
}

/** Normalise an article reference as written by a person or a model: "第30条", "30条", "第三十条" → "第三十条". */
export function normaliseArticle(raw: string): string | null {
  const m = /^第?\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*条(之([0-9]+|[一二三四五六七八九十]+))?$/.exec(raw.trim());
  if (!m) return null;
  const n = parseChineseNumber(m[1]);
  if (n === null || n === 0) return null;
  let out = `第${toChineseNumber(n)}条`;
  if (m[3]) {
    const k = parseChineseNumber(m[3]);
    if (k === null || k === 0) return null;
    out += `之${toChineseNumber(k)}`;
  }
  return out;
}
