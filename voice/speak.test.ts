import { describe, expect, it } from 'vitest';
import { chineseNumber, displayText, leadPieces, sentences, speakable, spellDigits } from './speak';

describe('chineseNumber', () => {
  it('reads article numbers the way they are written in law', () => {
    expect(chineseNumber(47)).toBe('四十七');
    expect(chineseNumber(10)).toBe('十');
    expect(chineseNumber(15)).toBe('十五');
    expect(chineseNumber(100)).toBe('一百');
    expect(chineseNumber(105)).toBe('一百零五');
    expect(chineseNumber(133)).toBe('一百三十三');
    expect(chineseNumber(1024)).toBe('一千零二十四');
    expect(chineseNumber(1260)).toBe('一千二百六十');
  });
});

describe('speakable', () => {
  it('turns a markdown answer with citations into plain speech', () => {
    const md = [
      '## 结论',
      '根据**《中华人民共和国劳动合同法》第47条**，经济补偿按工作年限计算[1]。',
      '',
      '- 每满一年支付一个月工资；',
      '- 不满半年的，支付半个月工资。',
      '',
      '详见 [国家法律法规数据库](https://flk.npc.gov.cn/)。如有疑问请拨打12348。',
    ].join('\n');
    const s = speakable(md, { maxChars: 500 });
    expect(s).not.toMatch(/[#*\[\]《》()（）]|https?:/);
    expect(s).toContain('劳动合同法第四十七条');
    expect(s).not.toContain('中华人民共和国');
    expect(s).toContain('幺 二 三 四 八');
    expect(s).toContain('每满一年支付一个月工资');
    expect(s).toContain('国家法律法规数据库');
  });

  it('rephrases screen-only chat phrases for a caller already on the hotline', () => {
    const s = speakable('建议您补充一下具体经过，或者回复转人工由工作人员为您解答，也可以拨打 12348 公共法律服务热线。');
    expect(s).toBe('建议您补充一下具体经过，或者按0转人工服务由工作人员为您解答。');
    expect(speakable('请点击“转人工”按钮。')).toBe('请按0转人工服务。');
  });

  it('keeps the answer short on whole sentences', () => {
    const long = '第一句话很重要。'.repeat(40);
    const s = speakable(long, { maxChars: 60 });
    expect(s.length).toBeLessThanOrEqual(60);
    expect(s.endsWith('。')).toBe(true);
  });

  it('numbers ordered lists by voice', () => {
    expect(speakable('步骤：\n1. 先协商\n2. 再申请仲裁')).toBe('步骤：第一项，先协商。第二项，再申请仲裁');
  });
});

describe('digits and sentences', () => {
  it('spells work-order numbers for note-taking', () => {
    expect(spellDigits('20260302001')).toBe('二 零 二 六 零 三 零 二 零 零 幺');
    expect(spellDigits('GD-07')).toBe('G D，零 七');
    expect(spellDigits('12348-20261123-000045')).toBe('幺 二 三 四 八，二 零 二 六 幺 幺 二 三，零 零 零 零 四 五');
  });
  it('splits sentences and merges tiny pieces', () => {
    expect(sentences('您好，欢迎致电热线。请按1。劳动合同问题请按2！')).toEqual(['您好，欢迎致电热线。请按1。', '劳动合同问题请按2！']);
  });
});

describe('leadPieces', () => {
  it('starts an answer with a short piece', () => {
    expect(leadPieces('根据劳动合同法第三十条，用人单位应当及时足额支付劳动报酬。')).toEqual(['根据劳动合同法第三十条，', '用人单位应当及时足额支付劳动报酬。']);
    expect(leadPieces('好的。')).toEqual(['好的。']);
  });
});

describe('displayText', () => {
  it('shows spelled numbers as digits on screen, leaving ordinary Chinese alone', () => {
    expect(displayText(`这里是${spellDigits('12348')}热线，工单号码是：${spellDigits('12348-20261123-000045')}。`)).toBe(
      '这里是12348热线，工单号码是：12348-20261123-000045。',
    );
    expect(displayText('一二三线城市，第四十七条')).toBe('一二三线城市，第四十七条');
  });
});
