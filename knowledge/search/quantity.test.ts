import { describe, expect, it } from 'vitest';
import { isQuantity } from '../numerals';

describe('quantities in a question', () => {
  it('recognises numbers with or without a measure word, and bare time units', () => {
    for (const t of ['三个', '两年', '五万', '一个月', '2000元', '十五天', '半年', '几个', '月', '个月', '多年']) expect(isQuantity(t), t).toBe(true);
    for (const t of ['工资', '试用期', '老板', '月工资', '三包', '一审', '二手车']) expect(isQuantity(t), t).toBe(false);
  });
});
