// Structured logger that never writes raw personal numbers: phone and ID-card numbers in any
// string field are masked before the line is written.
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const PHONE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_CARD = /(?<![\dXx])(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g;
const LANDLINE = /(?<!\d)(0\d{2,3}-?)\d{4}(\d{3,4})(?!\d)/g;

/** Mask personal numbers inside free text (used by the logger and transcripts shown to others). */
export function redact(text: string): string {
  return text.replace(ID_CARD, '$1********$2').replace(PHONE, '$1****$2').replace(LANDLINE, '$1****$2');
}

function scrub(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return redact(v);
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return { name: v.name, message: redact(v.message) };
  if (Array.isArray(v)) return v.map((x) => scrub(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrub(x, depth + 1);
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export function createLogger(
  level: Level | 'silent' = 'info',
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
  base: Record<string, unknown> = {},
): Logger {
  const at = (lv: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lv] < ORDER[level]) return;
    write(JSON.stringify(scrub({ t: new Date().toISOString(), lv, msg, ...base, ...fields })));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (f) => createLogger(level, write, { ...base, ...f }),
  };
}
