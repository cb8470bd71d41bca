// Drafting a staff answer with an OpenAI-compatible model (openai SDK). Grounded: numbered
// sources (articles, similar closed orders); the model must cite as 《法名》第X条 and only
// from the sources. Citations are checked afterwards by the one checker.
import OpenAI from 'openai';
import type { Config } from '../config';
import { shortLaw, type Material } from './material';

export interface LlmDraft {
  text: string;
  model: string;
}

export function buildPrompt(question: string, m: Material): { system: string; user: string } {
  const sources: string[] = [];
  m.laws.forEach((l, i) => sources.push(`[${i + 1}] 《${l.law}》${l.article}：${l.text}`));
  m.similarOrders.slice(0, 3).forEach((o, i) => {
    const cited = o.cited.map((c) => `《${shortLaw(c.law)}》${c.article}`).join('、');
    sources.push(`[工单${i + 1}] 问题：${o.question}；办结意见：${o.resolution ?? '（无）'}；引用：${cited || '（无）'}`);
  });
  const system = [
    '你是 12348 公共法律服务平台的坐席助手，为工作人员起草给群众的答复。',
    '只依据给出的资料作答；引用法条时写作《法律全称》第X条，只能引用资料中出现的条文，不得编造。',
    '答复用简体中文，语气亲切、简洁（300 字以内），包括：结论、依据、下一步建议与需准备的材料。',
    '资料不足时直接说明，并建议转人工或到窗口咨询。',
  ].join('\n');
  const user = `群众问题：${question}\n\n资料：\n${sources.join('\n') || '（无）'}`;
  return { system, user };
}

export async function draftWithLlm(config: Config, question: string, m: Material): Promise<LlmDraft> {
  const client = new OpenAI({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY ?? 'not-needed',
    timeout: config.LLM_TIMEOUT_MS,
    maxRetries: 1,
  });
  const p = buildPrompt(question, m);
  const r = await client.chat.completions.create({
    model: config.LLM_MODEL!,
    temperature: 0.2,
    messages: [
      { role: 'system', content: p.system },
      { role: 'user', content: p.user },
    ],
  });
  const text = r.choices[0]?.message?.content?.trim() ?? '';
  if (!text) throw new Error('empty completion');
  return { text, model: r.model ?? config.LLM_MODEL! };
}
