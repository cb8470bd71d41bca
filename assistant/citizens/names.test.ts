import { describe, expect, it } from 'vitest';
import { maskName, maskPersonal, namesIn } from './names';

describe('maskPersonal', () => {
  it('masks numbers, self-introduced and known names, e-mail, house numbers and bank cards', () => {
    const t = maskPersonal(
      '我叫王小明，电话13800131234，身份证11010519491231002X，住幸福路12号3栋502室，邮箱wxm@example.com，工资卡6222021234567890123。张建国先生欠我钱。李四说的。',
      ['李四'],
    );
    expect(t).not.toMatch(/王小明|13800131234|11010519491231002X|wxm@example|6222021234567890123|张建国|李四/);
    expect(t).toContain('我叫王**');
    expect(t).toContain('138****1234');
    expect(t).toContain('张某先生');
    expect(t).toContain('李*说的');
    expect(t).toContain('幸福路*号*栋*室');
  });

  it('leaves ordinary legal text alone', () => {
    const t = '我是一名外卖员，公司拖欠工资三个月，依据劳动合同法第三十条可以申请支付令。';
    expect(maskPersonal(t)).toBe(t);
  });

  it('finds self-introduced names to mask them in related texts', () => {
    expect(namesIn('我叫赵铁柱，是一名骑手')).toEqual(['赵铁柱']);
    expect(namesIn('我是一名骑手')).toEqual([]);
    expect(namesIn('群众欧阳明（身份证已核）反映答复不对；当事人张三称已还款')).toEqual(['欧阳明', '张三']);
    expect(maskPersonal('群众反映答复不对，当事人要求回电')).toBe('群众反映答复不对，当事人要求回电');
  });

  it('masks a name keeping the surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
});
