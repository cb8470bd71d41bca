import { describe, expect, it } from 'vitest';
import { loadTopicRules, topicOf } from './topics';

describe('topicOf', () => {
  it('reads and validates the rules file', () => {
    const r = loadTopicRules();
    expect(Object.keys(r.topics)).toContain('劳动');
    expect(r.topics['劳动']!.keywords).toContain('工资');
  });

  it('classifies by keywords and by the laws of retrieved articles', () => {
    expect(topicOf('公司拖欠我三个月工资怎么办')).toBe('劳动');
    expect(topicOf('老公要和我离婚，孩子抚养权归谁')).toBe('婚姻家庭');
    expect(topicOf('这个怎么处理', ['中华人民共和国道路交通安全法'])).toBe('交通事故');
    expect(topicOf('随便问问')).toBe('其他');
  });
});
