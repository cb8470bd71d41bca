import { describe, expect, it } from 'vitest';
import { isValidIdCard, isValidPhone, mask, Pii } from './pii';

const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describe('Pii', () => {
  it('seals a phone: ciphertext without the number, stable keyed hash, masked form', () => {
    const pii = new Pii(KEY);
    const a = pii.seal('phone', '+86 138-0013-1234');
    const b = pii.seal('phone', '13800131234');
    expect(a.enc).not.toContain('13800131234');
    expect(Buffer.from(a.enc, 'base64').toString('latin1')).not.toContain('13800131234');
    expect(a.enc).not.toBe(b.enc); // random IV
    expect(a.hash).toBe(b.hash);
    expect(a.masked).toBe('138****1234');
    expect(pii.open(a.enc)).toBe('13800131234');
  });

  it('hashes depend on the key', () => {
    const other = new Pii('ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff');
    expect(new Pii(KEY).hash('phone', '13800131234')).not.toBe(other.hash('phone', '13800131234'));
  });

  it('refuses tampered ciphertext and short keys', () => {
    const pii = new Pii(KEY);
    const s = pii.seal('id', '11010519491231002X');
    const bad = Buffer.from(s.enc, 'base64');
    bad[bad.length - 1] ^= 1;
    expect(() => pii.open(bad.toString('base64'))).toThrow();
    expect(() => new Pii('abcd')).toThrow(/32 bytes/);
  });

  it('masks and validates', () => {
    expect(mask('id', '11010519491231002x')).toBe('110105********002X');
    expect(isValidPhone('13800131234')).toBe(true);
    expect(isValidPhone('12345')).toBe(false);
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('110105194912310021')).toBe(false);
  });
});
