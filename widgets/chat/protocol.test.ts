import { describe, expect, it } from 'vitest';
import { HOW_TO_CHECK_SUGGESTIONS } from '../../assistant/dialogue/progress';
import { chipAction } from './protocol';

describe('chipAction', () => {
  it('opens the progress form for 「查询工单进度」 and sends every other chip as a question', () => {
    expect(chipAction('查询工单进度')).toBe('progress');
    for (const s of ['转人工', '公司拖欠工资怎么办', '查询工单进度 ', 'toString', '__proto__']) expect(chipAction(s)).toBe('send');
  });

  it('understands the chip the assistant offers after telling a citizen how to check an order', () => {
    // the contract between assistant/dialogue/progress.ts and the widget
    expect(HOW_TO_CHECK_SUGGESTIONS.map(chipAction)).toContain('progress');
  });
});
