// Dates as written in Chinese legal texts (2007年6月29日, 2021年1月1日) → ISO (2007-06-29).
const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;

export function cnDate(s: string): string | null {
  const m = CN_DATE.exec(s);
  if (!m) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Every date in a text, in order (a history note may hold 通过 and several 修正 dates). */
export function allCnDates(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(new RegExp(CN_DATE.source, 'g'))) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d) out.push(d);
  }
  return out;
}

export function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Accepts 2024-01-05, 2024/1/5, 2024年1月5日, an Excel Date or serial; null when not a date. */
export function anyDate(v: unknown): string | null {
  if (v == null || v === '') return null;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 20000 && v < 80000) {
    return new Date(Date.UTC(1899, 11, 30) + v * 86400000).toISOString().slice(0, 10);
  }
  const s = String(v).trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?))?/.exec(s);
  if (m) {
    const d = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (d && m[4]) return `${d}T${m[4].length === 5 ? `${m[4]}:00` : m[4].padStart(8, '0')}`;
    return d;
  }
  return cnDate(s);
}
