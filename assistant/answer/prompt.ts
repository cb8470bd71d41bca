// The grounded prompt of the LLM answerer: numbered sources (already checked), the conversation
// so far, and rules that keep the model to the sources.
import type { Citation, Triage } from '../ports';
import { shortLaw } from './rules-answer';

export const SYSTEM_PROMPT = [
  '你是“12348 公共法律服务平台”的智能法律助手，面向普通群众，用简体中文回答。',
  '规则：',
  '1. 只能依据下面【法条】中编号的条文回答，不得引用【法条】以外的任何法律条文，不得编造法条、案例或数字。',
  '2. 引用时写成《法律简称》第X条，并在句末标注来源编号，例如：根据《劳动合同法》第三十条[1]，……',
  '3. 先用一两句话直接回答问题，再说明依据；然后根据【办事指引】给出“下一步怎么办”和“需要准备的材料”，一次性告知清楚。',
  '4. 如果【法条】不足以回答，就直说“根据现有法条无法确定”，建议拨打 12348 热线或回复「转人工」，不要猜测。',
  '5. 语言通俗、简洁，总字数不超过 400 字；不要索要或复述身份证号、手机号等个人信息。',
  '6. 涉及人身危险的，首先提醒拨打 110 或 120。',
].join('\n');

export function sourcesBlock(sources: Citation[]): string {
  return sources.map((s, i) => `[${i + 1}] 《${shortLaw(s.law)}》${s.article}：${s.text.replace(/\n+/g, ' ')}`).join('\n');
}

export function buildMessages(input: {
  question: string;
  triage: Triage;
  sources: Citation[];
  history: { role: 'citizen' | 'assistant' | 'staff'; text: string }[];
  serviceHint: string;
  guide?: { steps: string[]; materials: string[] };
  /** A service guide section (办事指南) from the knowledge base, as guidance (not a citable source). */
  serviceGuide?: { title: string; heading: string; text: string };
}): { role: 'system' | 'user' | 'assistant'; content: string }[] {
  const msgs: { role: 'system' | 'user' | 'assistant'; content: string }[] = [{ role: 'system', content: SYSTEM_PROMPT }];
  for (const h of input.history.slice(-6)) msgs.push({ role: h.role === 'citizen' ? 'user' : 'assistant', content: h.text.slice(0, 800) });
  msgs.push({
    role: 'user',
    content: [
      `【法条】\n${sourcesBlock(input.sources)}`,
      `【问题分类】${input.triage.domain}；适合的服务：${input.serviceHint}`,
      ...(input.guide ? [`【办事指引】下一步：${input.guide.steps.join('；')}。需要准备的材料：${input.guide.materials.join('、')}。`] : []),
      ...(input.serviceGuide ? [`【办事指南】《${input.serviceGuide.title}》${input.serviceGuide.heading}：${input.serviceGuide.text.replace(/\n+/g, ' ').slice(0, 600)}`] : []),
      `【群众的问题】${input.question}`,
    ].join('\n\n'),
  });
  return msgs;
}

export const REWRITE_PROMPT =
  '把群众的口语化法律问题改写成用于检索法条的一行检索词：使用规范的法律术语（如“老板”→“用人单位”，“工钱”→“劳动报酬”），保留关键事实，不超过40字，只输出检索词本身。';
