// The LLM answerer: any OpenAI-compatible endpoint through the `openai` SDK, streaming, with a
// grounded prompt of numbered, already-checked sources. Streamed text passes the StreamGuard
// (sentence-level citation check) before it is emitted; [n] markers are mapped to the sources.
// Weak retrieval is not sent to the model; a failing model falls back to the rules answer.
import OpenAI from 'openai';
import type { Logger } from '../log';
import { checkCitations, type CitationKnowledge } from './citations';
import { buildMessages, REWRITE_PROMPT } from './prompt';
import { answerConfidence, groundedHits, pickGuide, RulesAnswerer, weakAnswer } from './rules-answer';
import { StreamGuard } from './stream-guard';
import { templates, type Templates } from './templates';
import type { AnswerInput, AnswerOutput, Answerer } from './types';

export interface LlmOptions {
  baseURL: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  rewrite: boolean;
}

const MARKER = /\[(\d{1,2})\]/g;

export class LlmAnswerer implements Answerer {
  readonly mode = 'llm' as const;
  private client: OpenAI;
  private fallback: RulesAnswerer;

  constructor(
    private k: CitationKnowledge,
    private opts: LlmOptions,
    private log?: Logger,
    private tpl: Templates = templates(),
  ) {
    this.client = new OpenAI({ baseURL: opts.baseURL, apiKey: opts.apiKey ?? 'not-needed', timeout: opts.timeoutMs, maxRetries: 1 });
    this.fallback = new RulesAnswerer(k, log, tpl);
  }

  /** Rewrite a colloquial question into legal search terms; null when disabled or on failure. */
  async rewrite(question: string, signal?: AbortSignal): Promise<string | null> {
    if (!this.opts.rewrite) return null;
    try {
      const r = await this.client.chat.completions.create(
        { model: this.opts.model, temperature: 0, max_tokens: 80, messages: [{ role: 'system', content: REWRITE_PROMPT }, { role: 'user', content: question }] },
        { signal, timeout: Math.min(this.opts.timeoutMs, 8000) },
      );
      const text = r.choices[0]?.message?.content?.trim().split('\n')[0]?.slice(0, 80);
      return text || null;
    } catch (e) {
      this.log?.warn('query rewrite failed', { err: e });
      return null;
    }
  }

  async answer(input: AnswerInput, onDelta: (text: string) => void, signal?: AbortSignal): Promise<AnswerOutput> {
    const t = this.tpl.thresholds;
    const picked = groundedHits(input, t, Math.max(t.maxCitations, 5));
    const sources = checkCitations(this.k, picked, { log: this.log, producer: 'retrieval' }).citations;
    if (!sources.length) {
      const text = weakAnswer(input, this.tpl);
      onDelta(text);
      return { text, citations: [], mode: 'llm', confidence: Math.min(input.search.confidence, 0.3), removed: [], weak: true };
    }
    const serviceGuide = pickGuide(input, this.tpl, sources);
    const fixMarkers = (s: string) => s.replace(MARKER, (m, n) => (Number(n) >= 1 && Number(n) <= sources.length ? m : ''));
    let emitted = false;
    const guard = new StreamGuard(this.k, (text) => {
      const fixed = fixMarkers(text);
      if (fixed) {
        emitted = true;
        onDelta(fixed);
      }
    }, { log: this.log, producer: 'llm' });
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.opts.model,
          stream: true,
          temperature: 0.2,
          messages: buildMessages({
            question: input.question,
            triage: input.triage,
            sources,
            history: input.history,
            serviceHint: this.tpl.services[input.triage.service],
            guide: this.tpl.domains[input.triage.domain],
            serviceGuide: serviceGuide ? { title: serviceGuide.law, heading: serviceGuide.article, text: serviceGuide.text } : undefined,
          }),
        },
        { signal },
      );
      for await (const chunk of stream) {
        const d = chunk.choices[0]?.delta?.content;
        if (d) guard.push(d);
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      this.log?.warn('llm answer failed, falling back to rules', { err: e, emitted });
      if (!emitted) return this.fallback.answer(input, onDelta);
      guard.end();
      const note = '\n\n（智能回答生成中断，以下是根据法条整理的参考信息）\n\n';
      onDelta(note);
      const rest = await this.fallback.answer(input, onDelta);
      return { ...rest, text: fixMarkers(guard.text) + note + rest.text, mode: 'llm' };
    }
    let text = fixMarkers(guard.end()).trim();
    if (!text) return this.fallback.answer(input, onDelta);
    if (guard.dropped) {
      const note = `\n\n${this.tpl.droppedNote}`;
      onDelta(note);
      text += note;
    }
    const byMarker = [...text.matchAll(MARKER)].map((m) => sources[Number(m[1]) - 1]).filter(Boolean);
    const refs = [...guard.mentioned, ...byMarker];
    const checked = checkCitations(this.k, refs.length ? refs : sources.slice(0, 2), { log: this.log, producer: 'llm' });
    return {
      text,
      citations: checked.citations,
      mode: 'llm',
      confidence: answerConfidence(input, false),
      removed: [...guard.removed, ...checked.removed],
      weak: false,
    };
  }
}
