// Personal numbers (phone, ID card) at rest: AES-256-GCM ciphertext, an HMAC-SHA256 keyed hash
// for lookup (equal numbers → equal hashes, useless without the key) and a masked display form.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const DEV_KEY = 'lawline-development-key-do-not-use-in-production!!';

export interface SealedNumber {
  enc: string; // base64(iv | tag | ciphertext)
  hash: string; // hex HMAC of the normalised number
  masked: string; // 138****1234 / 110101********1234
}

export class Pii {
  private encKey: Buffer;
  private macKey: Buffer;
  /** `key`: 32 bytes as hex (64 chars) or base64; undefined → development key (warn at start-up). */
  constructor(key?: string) {
    const raw = key ? parseKey(key) : Buffer.from(DEV_KEY);
    this.encKey = Buffer.from(hkdfSync('sha256', raw, 'lawline', 'pii-enc', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', raw, 'lawline', 'pii-mac', 32));
  }

  static isDevelopmentKey(key?: string): boolean {
    return !key;
  }

  seal(kind: 'phone' | 'id', value: string): SealedNumber {
    const n = normalise(kind, value);
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(n, 'utf8'), c.final()]);
    return { enc: Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64'), hash: this.hash(kind, n), masked: mask(kind, n) };
  }

  /** Seal free text (e.g. a name) without normalisation or hash. */
  sealText(value: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(value, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
  }

  open(enc: string): string {
    const b = Buffer.from(enc, 'base64');
    const d = createDecipheriv('aes-256-gcm', this.encKey, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString('utf8');
  }

  /** Keyed hash for lookup; also usable for derived secrets such as `phone-last4:<orderNo>:<1234>`. */
  hash(kind: string, value: string): string {
    const n = kind === 'phone' || kind === 'id' ? normalise(kind, value) : value;
    return createHmac('sha256', this.macKey).update(`${kind}:${n}`).digest('hex');
  }
}

function parseKey(key: string): Buffer {
  const b = /^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
  if (b.length < 32) throw new Error('PII_KEY must be 32 bytes (64 hex characters or base64)');
  return b;
}

/** Digits only for phones (drop +86 / spaces / dashes); upper-case X for ID cards. */
export function normalise(kind: 'phone' | 'id', value: string): string {
  if (kind === 'id') return value.replace(/\s/g, '').toUpperCase();
  const d = value.replace(/[^\d]/g, '');
  return d.length === 13 && d.startsWith('86') ? d.slice(2) : d;
}

export function mask(kind: 'phone' | 'id', value: string): string {
  const n = normalise(kind, value);
  if (kind === 'id') return n.length >= 10 ? `${n.slice(0, 6)}********${n.slice(-4)}` : '****';
  if (n.length >= 11) return `${n.slice(0, 3)}****${n.slice(-4)}`;
  if (n.length >= 7) return `${n.slice(0, 3)}****${n.slice(-4)}`; // landline
  return '****';
}

export function isValidPhone(value: string): boolean {
  const n = normalise('phone', value);
  return /^1[3-9]\d{9}$/.test(n) || /^0\d{9,11}$/.test(n);
}

export function isValidIdCard(value: string): boolean {
  const n = normalise('id', value);
  if (!/^\d{17}[\dX]$/.test(n)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(n[i]), 0);
  return '10X98765432'[sum % 11] === n[17];
}
