// The no-LLM staff draft: a structured answer built only from checked material — conclusion
// line, quoted articles, how similar closed orders were resolved, next steps for the topic.
// Clearly marked as generated from the articles.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Citation } from '../ports';
import { clip } from '../citizens/archive';
import { shortLaw, type SimilarOrderItem } from './material';

const StepsSchema = z.object({ _comment: z.string().optional(), steps: z.record(z.string().min(1), z.string().min(1)) }).strict();

export function loadNextSteps(path = fileURLToPath(new URL('./rules/next-steps.json', import.meta.url))): Record<string, string> {
  const r = StepsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!r.success) throw new Error(`invalid next-steps rules ${path}: ${r.error.issues[0]?.message}`);
  if (!r.data.steps['其他']) throw new Error(`next-steps rules ${path}: a step for 其他 is required`);
  return r.data.steps;
}

let steps: Record<string, string> | null = null;

export function draftFromMaterial(question: string, topic: string, citations: Citation[], orders: SimilarOrderItem[]): string {
  const s = (steps ??= loadNextSteps());
  const lines: string[] = [`您好！关于您咨询的「${clip(question, 40)}」问题，答复如下：`];
  if (citations.length) {
    lines.push('一、相关规定');
    for (const c of citations.slice(0, 3)) lines.push(`《${shortLaw(c.law)}》${c.article}规定：「${clip(c.text, 160)}」`);
  } else {
    lines.push('一、暂未检索到可直接适用的条文，建议进一步了解情况后答复，或转交专业人员。');
  }
  const resolved = orders.filter((o) => o.resolution).slice(0, 2);
  if (resolved.length) {
    lines.push('二、类似问题的办结意见（供参考）');
    for (const o of resolved) lines.push(`类似问题「${clip(o.question, 30)}」：${clip(o.resolution!, 120)}`);
  }
  lines.push(`${resolved.length ? '三' : '二'}、建议`);
  lines.push(s[topic] ?? s['其他']!);
  lines.push('如需进一步帮助，可拨打 12348 公共法律服务热线，或到当地公共法律服务中心窗口咨询。');
  lines.push('（本答复草稿由系统根据法条自动生成，请核对后使用。）');
  return lines.join('\n');
}
