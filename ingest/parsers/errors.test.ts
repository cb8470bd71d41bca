import { describe, expect, it } from 'vitest';
import { describeJsonError } from './errors';

function failure(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (e) {
    return e;
  }
  throw new Error(`parsed: ${text}`);
}

describe('describeJsonError', () => {
  it('names the character where the JSON broke, 1-based', () => {
    expect(describeJsonError(failure('{"question": 1 2}'))).toBe('第 16 个字符处格式错误');
    expect(describeJsonError(failure('{oops}'))).toBe('第 2 个字符处格式错误');
  });

  it('names line and column when the break is past the first line of the text', () => {
    const text = '{\n  "title": "指南",\n  "entries": [1 2]\n}';
    expect(describeJsonError(failure(text), text)).toBe('第 3 行第 17 列处格式错误');
    expect(describeJsonError(failure('{"a": 1 2}'), '{"a": 1 2}')).toBe('第 9 个字符处格式错误');
  });

  it('names an unexpected character where V8 gives no position', () => {
    expect(describeJsonError(failure('{"question": 好}'))).toBe('出现意外的字符“好”');
  });

  it('says the text stops short when it ends mid-value', () => {
    expect(describeJsonError(failure('{"title":'))).toBe('内容不完整，在结尾处中断');
  });

  it('keeps any other message, shortened', () => {
    expect(describeJsonError(new Error('x'.repeat(200)))).toBe('x'.repeat(80));
  });
});
