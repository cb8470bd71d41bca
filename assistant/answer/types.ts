// What an answerer receives and returns. Both answerers (no-LLM rules, LLM) implement Answerer.
import type { SearchHit, SearchResult } from '../../knowledge/types';
import type { Citation, Triage } from '../ports';
import type { RemovedCitation } from './citations';

export interface AnswerInput {
  question: string;
  triage: Triage;
  /** 法律援助法 matters triage recognised (for the legal-aid paragraph). */
  legalAidMatters: string[];
  search: SearchResult;
  /** Earlier turns of the conversation, oldest first (LLM context). */
  history: { role: 'citizen' | 'assistant' | 'staff'; text: string }[];
  /** Service guides (办事指南, kind faq) found for the question: shown as guidance, never as citations. */
  guides?: SearchHit[];
  /** Whether a hit comes from the laws that govern the triaged domain (see dialogue/domain-laws.json). */
  inDomain?: (h: Pick<SearchHit, 'law' | 'path'>) => boolean;
}

export interface AnswerOutput {
  text: string;
  citations: Citation[];
  mode: 'llm' | 'rules';
  confidence: number;
  /** Citations or mentions the checker removed (logged; never shown). */
  removed: RemovedCitation[];
  /** True when retrieval was too weak to answer: the text says so and offers a human. */
  weak: boolean;
}

export interface Answerer {
  readonly mode: 'llm' | 'rules';
  /** Produce an answer; `onDelta` receives checked text as it becomes available. */
  answer(input: AnswerInput, onDelta: (text: string) => void, signal?: AbortSignal): Promise<AnswerOutput>;
}
