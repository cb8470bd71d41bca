import { describe, expect, it } from 'vitest';
import { LawResolver } from './laws';

const r = new LawResolver([
  { title: '中华人民共和国劳动合同法', national: true, inForce: true },
  { title: '中华人民共和国劳动合同法实施条例', national: false, inForce: true },
  { title: '中华人民共和国民法典', national: true, inForce: true },
  { title: '中华人民共和国消费者权益保护法', national: true, inForce: true },
  { title: '中华人民共和国道路交通安全法', national: true, inForce: true },
  { title: '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）', national: false, inForce: true },
]);

describe('law names → stored titles', () => {
  it.each([
    ['劳动合同法', '中华人民共和国劳动合同法'],
    ['《劳动合同法》', '中华人民共和国劳动合同法'],
    ['中华人民共和国劳动合同法', '中华人民共和国劳动合同法'],
    ['劳动合同法实施条例', '中华人民共和国劳动合同法实施条例'],
    ['民法典', '中华人民共和国民法典'],
    ['民法典合同编', '中华人民共和国民法典'],
    ['婚姻法', '中华人民共和国民法典'],
    ['消法', '中华人民共和国消费者权益保护法'],
    ['道交法', '中华人民共和国道路交通安全法'],
    ['劳动合同法(2012年修正)', '中华人民共和国劳动合同法'],
  ])('%s', (name, title) => {
    expect(r.resolve(name)).toBe(title);
  });

  it('returns null for names it does not know', () => {
    expect(r.resolve('火星法')).toBeNull();
    expect(r.resolve('')).toBeNull();
  });

  it('finds law names inside a question', () => {
    expect(r.mentioned('劳动合同法第四十七条怎么理解')).toEqual(['中华人民共和国劳动合同法']);
    expect(r.mentioned('按民法典离婚财产怎么分')).toContain('中华人民共和国民法典');
  });
});
