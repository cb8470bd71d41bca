import { describe, expect, it } from 'vitest';
import { loadTopicRules, topicOf, topicOfLaws } from './topics';

describe('topicOf', () => {
  it('reads and validates the rules file', () => {
    const r = loadTopicRules();
    expect(r.laws['劳动']).toContain('劳动合同法');
  });

  it('uses the triage rules on the text first, then the laws of retrieved articles', () => {
    expect(topicOf('公司拖欠我三个月工资怎么办')).toBe('劳动');
    expect(topicOf('老公要和我离婚，孩子抚养权归谁')).toBe('婚姻家庭');
    expect(topicOf('这个怎么处理', ['中华人民共和国道路交通安全法'])).toBe('交通事故');
    expect(topicOfLaws(['中华人民共和国民法典', '中华人民共和国劳动合同法', '中华人民共和国劳动合同法'])).toBe('劳动');
    expect(topicOf('随便问问')).toBe('其他');
  });
});
