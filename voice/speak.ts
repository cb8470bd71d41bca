// Answers rewritten to be spoken on a phone line: no markdown, no links or bracketed source
// numbers, law titles without 《》 and the 中华人民共和国 prefix, article numbers in Chinese numerals
// ("劳动合同法第四十七条"), numbers a caller must note (hotline, work order) read digit by digit, and
// short: a caller cannot scroll back, so we keep the first few sentences and offer a human.

import { intToChinese } from '../knowledge/numerals';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 47 → 四十七, 133 → 一百三十三, 1024 → 一千零二十四, 10 → 十; other numbers as digits. */
export function chineseNumber(n: number): string {
  return Number.isInteger(n) && n >= 0 && n < 100_000 ? intToChinese(n) : String(n);
}

/** Read digits one by one, as call centres do ("1" is 幺 so it is not heard as 七). */
export function spellDigits(s: string): string {
  if (s.includes('-')) return s.split('-').filter(Boolean).map(spellDigits).join('，'); // pause between groups
  return s
    .split('')
    .map((c) => (c === '1' ? '幺' : /\d/.test(c) ? DIGITS[Number(c)] : /[A-Za-z]/.test(c) ? c.toUpperCase() : ''))
    .filter(Boolean)
    .join(' ');
}

const MARKDOWN: [RegExp, string][] = [
  [/```[\s\S]*?```/g, ''],
  [/`([^`]*)`/g, '$1'],
  [/!\[[^\]]*\]\([^)]*\)/g, ''],
  [/\[([^\]]+)\]\((?:https?:)?[^)]*\)/g, '$1'],
  [/https?:\/\/\S+/g, ''],
  [/^\s{0,3}#{1,6}\s*/gm, ''],
  [/^\s*>\s?/gm, ''],
  [/^\s*[-*+•]\s+/gm, ''],
  [/^\s*(\d+)[.、)]\s+/gm, '第$1项，'],
  [/(\*\*|__|\*|_|~~)(.+?)\1/g, '$2'],
  [/\|/g, '，'],
  [/^[-=]{3,}$/gm, ''],
  [/\[\d+(?:[,，]\s*\d+)*\]/g, ''], // source markers [1] [2,3]
];

/** Screen-only phrases from chat answers, rephrased for a caller on the hotline. */
const PHONE_PHRASES: [RegExp, string][] = [
  [/[，,]?\s*(?:也可以|或者|或)?(?:拨打|致电)\s*12348\s*(?:公共法律服务)?热线[^。！？]*/g, ''], // already on the hotline
  [/(?:回复|输入|发送|点击|点)[“"「]?转人工[”"」]?(?:按钮)?/g, '按0转人工服务'],
  [/(?:在|通过)?(?:本页面|页面上|网页|对话框)(?:中|上|里)?/g, ''],
  [/点击(?:下方|上方)?/g, ''],
];

/** Rewrite one answer for the ear. `maxChars` bounds the spoken length (sentences are kept whole). */
export function speakable(text: string, opts: { maxChars?: number } = {}): string {
  const maxChars = opts.maxChars ?? 160;
  let t = text;
  for (const [re, rep] of MARKDOWN) t = t.replace(re, rep);
  for (const [re, rep] of PHONE_PHRASES) t = t.replace(re, rep);
  t = t
    .replace(/《(?:中华人民共和国)?([^》]+)》/g, '$1')
    .replace(/中华人民共和国(?=[\u4e00-\u9fa5]{2,20}法)/g, '')
    .replace(/第\s*(\d{1,5})\s*(条|款|项|章|节|编)/g, (_, d: string, u: string) => `第${chineseNumber(Number(d))}${u}`)
    .replace(/(?<!\d)12348(?!\d)/g, spellDigits('12348'))
    .replace(/（[^）]{0,40}）|\([^)]{0,40}\)/g, '') // parentheticals are for readers
    .replace(/[“”"「」『』]/g, '')
    .replace(/\s*\n+\s*/g, '。')
    .replace(/[;；]/g, '；')
    .replace(/\s{2,}/g, ' ')
    .replace(/([。！？，；：])[。，；\s]+/g, '$1')
    .replace(/^[。，；\s]+/, '')
    .trim();
  if (t.length <= maxChars) return t;
  let out = '';
  for (const s of sentences(t)) {
    if (out.length + s.length > maxChars && out) break;
    out += s;
  }
  if (out.length > maxChars) out = out.slice(0, maxChars).replace(/[，、；][^，、；]*$/, '') + '。';
  return out;
}

/** Longest piece synthesised at once: long sentences are cut at commas so the first words play
 * sooner and no single synthesis/resampling step holds the event loop for long. */
const MAX_PIECE = 36;

/** Split into sentences for synthesis one by one (the first plays while the next is made). */
export function sentences(text: string): string[] {
  const parts = (text.match(/[^。！？!?]+[。！？!?]*/g) ?? []).flatMap((s) => (s.length > MAX_PIECE ? clauses(s) : [s]));
  const out: string[] = [];
  for (const p of parts.map((s) => s.trim()).filter(Boolean)) {
    // keep very short pieces with the previous sentence (espeak start-up costs per piece)
    if (out.length && p.length < 6) out[out.length - 1] += p;
    else out.push(p);
  }
  return out;
}

function clauses(sentence: string): string[] {
  const bits = sentence.match(/[^，；：,;:]+[，；：,;:]*/g) ?? [sentence];
  const out: string[] = [];
  let cur = '';
  for (const b of bits) {
    if (cur && cur.length + b.length > MAX_PIECE) {
      out.push(cur);
      cur = '';
    }
    cur += b;
  }
  if (cur) out.push(cur);
  return out;
}

/** The first piece of an answer, cut at its first pause so the caller hears the robot start sooner. */
export function leadPieces(sentence: string): string[] {
  const pieces = sentences(sentence);
  const first = pieces[0];
  if (!first) return pieces;
  const m = /^(.{4,}?[，：；,:;])(.{4,})$/.exec(first);
  return m ? [m[1], m[2], ...pieces.slice(1)] : pieces;
}

const SPOKEN_DIGIT: Record<string, string> = { 幺: '1', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** For captions on a screen: numbers spelled for the ear ("幺 二 三 四 八，二 零…") back to digits. */
export function displayText(spoken: string): string {
  return spoken.replace(/[幺零一二三四五六七八九](?:(?: |，)[幺零一二三四五六七八九])+/g, (m) =>
    m
      .split('')
      .map((c) => (c === '，' ? '-' : c === ' ' ? '' : SPOKEN_DIGIT[c]))
      .join(''),
  );
}
