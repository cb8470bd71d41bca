// A file that cannot be ingested: the message says why, in Chinese, for the CLI's one error line.
export class ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParseError';
  }
}

/**
 * A JSON.parse failure as staff read it: where it broke instead of V8's English message, which
 * the one-line error would otherwise cut mid-sentence. Given the parsed text, a break past its
 * first line is named by line and column (a whole JSON file); otherwise by character (one line).
 */
export function describeJsonError(e: unknown, text?: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const at = /position (\d+)/.exec(msg);
  if (at) {
    const pos = Number(at[1]);
    const before = text?.slice(0, pos).split('\n');
    if (before && before.length > 1) return `第 ${before.length} 行第 ${before[before.length - 1].length + 1} 列处格式错误`;
    return `第 ${pos + 1} 个字符处格式错误`;
  }
  const token = /Unexpected token '(.{1,8}?)'/.exec(msg);
  if (token) return `出现意外的字符“${token[1]}”`;
  if (/unexpected end/i.test(msg)) return '内容不完整，在结尾处中断';
  return msg.slice(0, 80);
}
