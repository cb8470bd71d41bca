import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, refuses the flood, refills with time', () => {
    let now = 0;
    const rl = new RateLimiter(60, 5, () => now);
    const first = Array.from({ length: 8 }, () => rl.take('a'));
    expect(first).toEqual([true, true, true, true, true, false, false, false]);
    expect(rl.take('b')).toBe(true); // other clients unaffected
    now += 2_000; // 60/min = 1 per second
    expect(rl.take('a')).toBe(true);
    expect(rl.take('a')).toBe(true);
    expect(rl.take('a')).toBe(false);
  });
});
