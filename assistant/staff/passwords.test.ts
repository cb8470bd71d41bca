import { describe, expect, it } from 'vitest';
import { DUMMY_HASH, generatePassword, hashPassword, passwordProblem, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with a salt and verifies only the right password', async () => {
    const a = await hashPassword('correct-horse-1');
    const b = await hashPassword('correct-horse-1');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct-horse-1');
    expect(await verifyPassword('correct-horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-horse-2', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
    expect(await verifyPassword('x', DUMMY_HASH)).toBe(false);
  });
  it('enforces a minimal policy and generates compliant passwords', () => {
    expect(passwordProblem('short1')).toMatch('10');
    expect(passwordProblem('onlyletterslong')).toMatch('字母和数字');
    expect(passwordProblem('letters-and-123')).toBeNull();
    expect(passwordProblem(generatePassword())).toBeNull();
  });
});
