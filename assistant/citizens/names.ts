// Masking personal data in free text before it is stored for others or learned from:
// phone / ID-card / landline numbers (redact from ../log), self-introduced names, honorific
// names, e-mail addresses, house numbers and bank card numbers.
import { redact } from '../log';

const SELF_NAME = /(我叫|我是|本人|姓名[:：]?\s*|名叫|叫做)([\u4e00-\u9fa5]{2,3})(?=[，,。.；;、\s]|$|[0-9])/g;
// A name right after a role word (群众欧阳明（…）, 当事人张三称…).
const ROLE_NAME = /(群众|当事人|来电人|来访人|申请人|被申请人|委托人|市民|村民|居民|姓名为?)([\u4e00-\u9fa5]{2,3}?)(?=[（(，,。、:：；;\s]|反映|称|说|来电|来访|咨询|表示|要求|于|在|$)/g;
const HONORIFIC = /([\u4e00-\u9fa5])[\u4e00-\u9fa5]{1,2}(先生|女士|小姐|同志)/g;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const HOUSE = /(\d+)(号楼|栋|幢|单元|室|号院|号)/g;
const BANK_CARD = /(?<!\d)(\d{4})\d{8,11}(\d{4})(?!\d)/g;
// Words that follow 我是 but are not names.
const NOT_NAMES = /^(一名|一个|一位|外地|本地|农民|公司|单位|员工|职工|老板|业主|房东|租户|学生|老师|孩子|家长|病人|司机|个体|退休|残疾|外卖|快递|保安|他的|她的|我们|你们|这个|那个|被告|原告|当事|受害|买方|卖方|出租|承租|甲方|乙方|债权|债务|请问|想问|要问|在职|离职|独生|农村|城镇|聋哑|孕妇|党员|军人|村民|居民|新手|股东|法人)/;

/** Chinese masked name: keeps the surname (张三 → 张*, 欧阳娜娜 → 欧***). */
export function maskName(name: string): string {
  const n = name.trim();
  if (!n) return '';
  return n[0] + '*'.repeat(Math.max(1, [...n].length - 1));
}

/** Names a text introduces (我叫王小明 → 王小明), to mask them elsewhere in related texts. */
export function namesIn(text: string): string[] {
  const out = new Set<string>();
  for (const re of [SELF_NAME, ROLE_NAME]) for (const m of text.matchAll(re)) if (!NOT_NAMES.test(m[2])) out.add(m[2]);
  return [...out];
}

/** Mask personal data in free text. `names`: names known for this citizen, masked wherever they occur. */
export function maskPersonal(text: string, names: string[] = []): string {
  let out = text.replace(EMAIL, '***@***');
  out = out.replace(BANK_CARD, '$1********$2');
  out = redact(out);
  for (const name of names) {
    const n = name.trim();
    if ([...n].length >= 2) out = out.split(n).join(maskName(n));
  }
  out = out.replace(SELF_NAME, (m, lead: string, name: string) => (NOT_NAMES.test(name) ? m : lead + maskName(name)));
  out = out.replace(ROLE_NAME, (m, lead: string, name: string) => (NOT_NAMES.test(name) ? m : lead + maskName(name)));
  out = out.replace(HONORIFIC, (_m, surname: string, title: string) => `${surname}某${title}`);
  out = out.replace(HOUSE, (_m, _n: string, unit: string) => `*${unit}`);
  return out;
}
