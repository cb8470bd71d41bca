import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAINS } from './rules';
import { DomainModel, features, loadDomainModel, trainModel } from './model';

describe('learned domain model', () => {
  it('splits text into character unigrams and bigrams, punctuation ending a run', () => {
    expect(features('欠薪，咋办')).toEqual(['欠', '欠薪', '薪', '咋', '咋办', '办']);
    expect(features('ＡＢ')).toEqual(['a', 'ab', 'b']); // NFKC and lower case
  });

  it('learns from labelled questions and predicts unseen wordings by shared characters', () => {
    const m = new DomainModel(
      trainModel(
        [
          { question: '老板拖欠工资不给', domain: '劳动' },
          { question: '工资被老板扣了', domain: '劳动' },
          { question: '邻居家的狗咬了我', domain: '侵权' },
          { question: '被狗咬伤了谁赔', domain: '侵权' },
        ],
        0.5,
        1,
      ),
    );
    const p = m.predict('老板一直不发工资');
    expect(p[0].domain).toBe('劳动');
    expect(p[0].p).toBeGreaterThan(0.9);
    expect(p.reduce((s, x) => s + x.p, 0)).toBeCloseTo(1, 6);
    expect(m.predict('狗把孩子咬了')[0].domain).toBe('侵权');
    // a higher temperature softens the same ranking
    expect(m.predict('老板一直不发工资', 6)[0].p).toBeLessThan(p[0].p);
    expect(m.predict('老板一直不发工资', 6)[0].domain).toBe('劳动');
  });

  it('drops rare features and rejects a malformed file', () => {
    const data = trainModel([{ question: '独一无二', domain: '劳动' }, { question: '工资', domain: '劳动' }, { question: '工资', domain: '侵权' }]);
    expect(Object.keys(data.counts)).toEqual(['工', '工资', '资']);
    expect(() => new DomainModel({ ...data, kind: 'svm' } as never)).toThrow(/triage model/);
  });

  it('the committed model.json loads, knows every domain, and holds counts of short features only (no questions)', () => {
    const m = loadDomainModel();
    expect(m).not.toBeNull();
    for (const d of DOMAINS.filter((x) => x !== '其他')) expect(m!.domains, d).toContain(d);
    expect(Object.keys(m!.data.counts).every((f) => [...f].length <= 2)).toBe(true);
    expect(m!.predict('工地老板欠我们的工钱一直不给')[0].domain).toBe('劳动');
  });

  it('is optional: a missing model file gives null', () => {
    expect(loadDomainModel(join(mkdtempSync(join(tmpdir(), 'triage-model-')), 'model.json'))).toBeNull();
  });
});
