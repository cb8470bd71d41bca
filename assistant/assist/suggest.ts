// Suggested answers for staff (conversation, work order or contact): gather material, draft with
// the LLM when configured (structured no-LLM draft otherwise or on LLM failure), check every
// citation with the one checker (assistant/answer/citations.ts), store; staff then adopt / edit /
// reject and the outcome is recorded for 采纳率.
import { and, eq } from 'drizzle-orm';
import type { ArticleRef } from '../../knowledge/types';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { StaffUser } from '../http/auth';
import { hasRole } from '../http/auth';
import { maskPersonal } from '../citizens/names';
import type { Citation } from '../ports';
import { checkCitations, checkText } from '../answer/citations';
import { draftFromMaterial } from './draft';
import { draftWithLlm } from './llm';
import { gatherMaterial, type Material } from './material';
import { suggestions } from './schema';

export type TargetKind = 'conversation' | 'order' | 'contact';

export interface SuggestRequest {
  target: { kind: TargetKind; id: string };
  /** The question; required for orders unless a contact/conversation carries one. */
  question?: string;
  history?: string[];
}

export interface Suggestion {
  id: number;
  target: { kind: TargetKind; id: string };
  staffId: number;
  topic: string;
  question: string;
  draft: string;
  citations: Citation[];
  rejectedCitations: { law: string; article: string; reason: string }[];
  mode: 'llm' | 'rules';
  /** Why the LLM was not used (not configured, failed). */
  fallbackReason?: string;
  similarOrders: Material['similarOrders'];
  outcome: 'pending' | 'adopted' | 'edited' | 'rejected';
  finalText: string | null;
  createdAt: string;
}

export type Outcome = 'adopted' | 'edited' | 'rejected';

export class SuggestService {
  constructor(
    private ctx: AppContext,
    /** Question text of a contact (citizens module), when the target is a contact. */
    private contactQuestion: (contactId: string) => string | null,
  ) {}

  /** The question behind a target: explicit text, else the conversation's citizen turns, else the contact's text. */
  question(req: SuggestRequest): string {
    if (req.question?.trim()) return req.question.trim();
    if (req.target.kind === 'conversation') {
      const t = this.ctx.ports.dialogue?.transcript(req.target.id) ?? [];
      const asked = t.filter((m) => m.role === 'citizen').slice(-3).map((m) => m.text);
      if (asked.length) return asked.join('；');
    }
    if (req.target.kind === 'contact') {
      const q = this.contactQuestion(req.target.id);
      if (q) return q;
    }
    throw new AppError('bad_request', '没有找到群众的问题，请在 question 字段中填写。');
  }

  async suggest(staff: StaffUser, req: SuggestRequest): Promise<Suggestion> {
    const question = maskPersonal(this.question(req)).slice(0, 2000);
    const m = await gatherMaterial(this.ctx.knowledge, { question, history: req.history });
    let mode: 'llm' | 'rules' = 'rules';
    let fallbackReason: string | undefined = this.ctx.config.llmEnabled ? undefined : '未配置大模型';
    let draft = '';
    let citations: Citation[] = [];
    let rejected: { law: string; article: string; reason: string }[] = [];

    if (this.ctx.config.llmEnabled) {
      try {
        const d = await draftWithLlm(this.ctx.config, question, m);
        // The one checker: unverifiable mentions are replaced in the text, verified ones kept.
        const res = checkText(this.ctx.knowledge, d.text, { log: this.ctx.log, producer: 'assist.llm' });
        draft = res.text;
        citations = res.mentioned;
        rejected = res.removed;
        mode = 'llm';
      } catch (e) {
        fallbackReason = '大模型暂不可用，已改用基于法条的草稿';
        this.ctx.log.warn('llm draft failed, falling back to rules', { err: e as Error });
      }
    }
    if (mode === 'rules') {
      // Candidates: articles found for the question, then those cited by the best similar order.
      const refs: ArticleRef[] = [
        ...m.laws.filter((l) => l.for === 'question').slice(0, 3),
        ...(m.similarOrders[0]?.cited ?? []).slice(0, 2),
      ].map((r) => ({ law: r.law, article: r.article }));
      const res = checkCitations(this.ctx.knowledge, dedupe(refs), { log: this.ctx.log, producer: 'assist.rules' });
      citations = res.citations.slice(0, 3);
      rejected = res.removed;
      draft = draftFromMaterial(question, m.topic, citations, m.similarOrders);
    }

    const createdAt = this.ctx.clock.now().toISOString();
    const row = this.ctx.db
      .insert(suggestions)
      .values({
        targetKind: req.target.kind,
        targetId: req.target.id,
        staffId: staff.id,
        staffName: staff.name,
        topic: m.topic,
        question,
        draft,
        citations: JSON.stringify(citations),
        rejectedCitations: JSON.stringify(rejected),
        mode,
        createdAt,
      })
      .returning({ id: suggestions.id })
      .get();
    return {
      id: row.id,
      target: req.target,
      staffId: staff.id,
      topic: m.topic,
      question,
      draft,
      citations,
      rejectedCitations: rejected,
      mode,
      ...(fallbackReason ? { fallbackReason } : {}),
      similarOrders: m.similarOrders,
      outcome: 'pending',
      finalText: null,
      createdAt,
    };
  }

  /** Record what the staff member did with a draft. An edited text's citations are checked too. */
  decide(staff: StaffUser, id: number, outcome: Outcome, text?: string, reason?: string) {
    const cur = this.ctx.db.select().from(suggestions).where(eq(suggestions.id, id)).get();
    if (!cur) throw new AppError('not_found', '没有找到该建议答复。');
    if (cur.staffId !== staff.id && !hasRole(staff, 'supervisor')) throw new AppError('forbidden', '只能处理自己请求的建议答复。');
    if (cur.outcome !== 'pending') throw new AppError('conflict', '该建议答复已处理过。');
    if (outcome === 'edited' && !text?.trim()) throw new AppError('bad_request', '修改后采纳时请提供修改后的答复内容（text）。');
    let finalText: string | null = null;
    let finalCitations: Citation[] = [];
    let dropped: { law: string; article: string; reason: string }[] = [];
    if (outcome === 'adopted') {
      finalText = cur.draft;
      finalCitations = JSON.parse(cur.citations);
    } else if (outcome === 'edited') {
      const res = checkText(this.ctx.knowledge, maskPersonal(text!.trim()), { log: this.ctx.log, producer: `assist.staff:${staff.id}` });
      finalText = res.text;
      finalCitations = res.mentioned;
      dropped = res.removed;
    }
    const decidedAt = this.ctx.clock.now().toISOString();
    const n = this.ctx.db
      .update(suggestions)
      .set({ outcome, finalText, finalCitations: JSON.stringify(finalCitations), reason: reason ? maskPersonal(reason) : null, decidedAt })
      .where(and(eq(suggestions.id, id), eq(suggestions.outcome, 'pending')))
      .run();
    if (n.changes === 0) throw new AppError('conflict', '该建议答复已处理过。');
    return { id, outcome, finalText, citations: finalCitations, rejectedCitations: dropped, decidedAt };
  }

  get(id: number) {
    const r = this.ctx.db.select().from(suggestions).where(eq(suggestions.id, id)).get();
    if (!r) throw new AppError('not_found', '没有找到该建议答复。');
    return { ...r, citations: JSON.parse(r.citations), rejectedCitations: JSON.parse(r.rejectedCitations), finalCitations: r.finalCitations ? JSON.parse(r.finalCitations) : null };
  }
}

function dedupe(refs: ArticleRef[]): ArticleRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.law}|${r.article}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
