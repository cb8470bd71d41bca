// One turn of the conversation, the same for every door:
//   context → triage → retrieve (with the conversation's context) → answer (LLM or rules) →
//   check citations → decide (answer / clarify / hand off).
// Registered as ctx.ports.dialogue. Turns of one conversation run one at a time, in order.
import type { Knowledge, SearchResult } from '../../knowledge/types';
import type { Clock } from '../clock';
import { AppError, toAppError } from '../errors';
import type { EventBus } from '../events';
import { redact, type Logger } from '../log';
import type { Channel, DialogueEvent, DialoguePort, HandoffReason, HandoffRequest, Ports, Triage, Turn } from '../ports';
import type { Templates } from '../answer/templates';
import type { Answerer } from '../answer/types';
import type { Triager } from '../triage/triage';
import { evidence } from '../answer/rules-answer';
import { type Intents } from './intents';
import { HOW_TO_CHECK_SUGGESTIONS, howToCheckReply, orderNoIn, progressReply, progressUnavailableReply } from './progress';
import { domainMatcher, inferDomain, retrieve, type DomainLaws } from './retrieve';
import { newId, type ChatStore, type ConversationRow, type ConversationUpdate, type NewMessage, type StoredMessage } from './store';

export interface DialogueDeps {
  knowledge: Knowledge;
  store: ChatStore;
  answerer: Answerer & { rewrite?(q: string, signal?: AbortSignal): Promise<string | null> };
  triager: Triager;
  domainLaws: DomainLaws;
  intents: Intents;
  templates: Templates;
  ports: () => Ports;
  bus: EventBus;
  log: Logger;
  clock: Clock;
  maxChars: number;
}

export type CitizenInput = NonNullable<Turn['citizen']>;
export type Emit = (e: DialogueEvent) => void;

const CLIENT_ID = /^[A-Za-z0-9_-]{16,64}$/;
/** Contact details kept in memory for a later handoff, at most this many conversations. */
const MAX_CONTACTS = 10_000;

export class Dialogue implements DialoguePort {
  /** Contact details given by the door for a handoff: memory only, never stored raw. */
  private contacts = new Map<string, CitizenInput>();
  private queues = new Map<string, Promise<unknown>>();

  constructor(private d: DialogueDeps) {}

  /** Open (or resume) a conversation. A client-chosen id (16–64 of A-Z a-z 0-9 _ -) is one conversation per session id. */
  async open(o: { conversationId?: string; channel: Channel; citizen?: CitizenInput; region?: string }): Promise<{ conversation: ConversationRow; history: StoredMessage[]; resumed: boolean }> {
    let conv = o.conversationId ? this.d.store.get(o.conversationId) : null;
    const resumed = Boolean(conv);
    if (!conv) {
      if (o.conversationId && !CLIENT_ID.test(o.conversationId)) throw new AppError('bad_request', '会话编号格式不正确（16–64 位字母、数字、下划线或连字符）。');
      conv = this.d.store.create({ id: o.conversationId ?? newId('c'), channel: o.channel, region: o.region ?? null });
    }
    if (o.citizen) await this.identify(conv, o.channel, o.citizen);
    return { conversation: this.d.store.get(conv.id)!, history: this.d.store.messages(conv.id), resumed };
  }

  transcript(conversationId: string) {
    return this.d.store.messages(conversationId).map((m) => ({ role: m.role, text: m.text, at: m.at }));
  }

  history(conversationId: string): StoredMessage[] {
    return this.d.store.messages(conversationId);
  }

  conversation(conversationId: string): ConversationRow | null {
    return this.d.store.get(conversationId);
  }

  /** Run one turn. Never throws: failures become an `error` event with a Chinese message. */
  turn(turn: Turn, emit: Emit): Promise<void> {
    return this.serial(turn.conversationId, async () => {
      try {
        await this.runTurn(turn, emit);
      } catch (e) {
        const err = toAppError(e);
        if (err.code === 'internal') this.d.log.error('dialogue turn failed', { conversationId: turn.conversationId, err: e });
        emit({ type: 'error', code: err.code, message: err.userMessage });
      }
    });
  }

  /** The citizen asks for a person (handoff_request frame, 转人工 button). */
  requestHandoff(conversationId: string, channel: Channel, emit: Emit, o: { reason?: string; citizen?: CitizenInput } = {}): Promise<void> {
    return this.serial(conversationId, async () => {
      try {
        const conv = this.d.store.get(conversationId) ?? this.d.store.create({ id: conversationId, channel });
        if (o.citizen) await this.identify(conv, channel, o.citizen);
        if (o.reason?.trim()) this.d.store.append(conv.id, [{ role: 'citizen', kind: 'question', text: `（转人工原因）${o.reason.trim()}` }]);
        await this.handoff(this.d.store.get(conv.id)!, channel, 'citizen', emit);
      } catch (e) {
        const err = toAppError(e);
        if (err.code === 'internal') this.d.log.error('handoff failed', { conversationId, err: e });
        emit({ type: 'error', code: err.code, message: err.userMessage });
      }
    });
  }

  /**
   * Seed a new conversation with earlier turns a stateless client sent along (OpenAI-style
   * `messages`), so follow-ups keep their context. Only for a conversation with no messages yet.
   */
  seed(conversationId: string, turns: { role: 'citizen' | 'assistant'; text: string }[]): void {
    if (!turns.length || this.d.store.recent(conversationId, 1).length) return;
    let previous: Triage | undefined;
    const msgs = turns.map((t) => {
      const text = redact(t.text.slice(0, this.d.maxChars));
      if (t.role === 'assistant') return { role: 'assistant' as const, kind: 'answer' as const, text };
      previous = this.d.triager.classify(text, { previous }).triage;
      return { role: 'citizen' as const, kind: 'question' as const, text, triage: previous };
    });
    this.d.store.append(conversationId, msgs, previous ? { domain: previous.domain, service: previous.service } : {});
  }

  /** A citizen rates an answer of this conversation. */
  rate(conversationId: string, messageId: string, useful: boolean, comment?: string): void {
    const m = this.d.store.message(conversationId, messageId);
    // only the assistant's replies are rated; a work-order status notice is not an answer
    if (!m || m.role !== 'assistant' || m.kind === 'order_status') throw new AppError('not_found', '没有找到要评价的回答。');
    this.d.store.rate(conversationId, messageId, useful, comment ?? null);
  }

  /** Persist a staff reply (called for every conversation.staff_message event); null for an unknown conversation. */
  recordStaffMessage(conversationId: string, text: string, staff: { id: number; name: string }) {
    return this.recordPushed(conversationId, { role: 'staff', kind: 'staff', text, staffId: staff.id, staffName: staff.name });
  }

  /** Persist a work-order status notice (chat/order-status.ts says which changes); null for an unknown conversation. */
  recordOrderStatus(conversationId: string, text: string, order: { orderNo: string; state: string }) {
    return this.recordPushed(conversationId, { role: 'assistant', kind: 'order_status', text, order });
  }

  /** A message written outside a turn and pushed to the citizen's sockets and event streams. */
  private recordPushed(conversationId: string, m: NewMessage): { id: string; text: string; at: string } | null {
    if (!this.d.store.get(conversationId)) return null;
    return this.d.store.appendOne(conversationId, m);
  }

  // --- internals ------------------------------------------------------------------------------

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }

  private async identify(conv: ConversationRow, channel: Channel, citizen: CitizenInput) {
    if (citizen.phone || citizen.idCard || citizen.name) {
      // bounded: the oldest contact details are forgotten first (Map keeps insertion order)
      const prev = this.contacts.get(conv.id);
      this.contacts.delete(conv.id);
      this.contacts.set(conv.id, { ...prev, ...citizen });
      if (this.contacts.size > MAX_CONTACTS) this.contacts.delete(this.contacts.keys().next().value!);
    }
    const port = this.d.ports().citizens;
    if (!port || conv.citizenId) return;
    const ref = port.identify(citizen);
    if (!ref) return;
    this.d.store.setCitizen(conv.id, ref.citizenId);
    conv.citizenId = ref.citizenId;
    try {
      await port.contactStarted({ citizenId: ref.citizenId, channel, conversationId: conv.id });
    } catch (e) {
      this.d.log.warn('contactStarted failed', { conversationId: conv.id, err: e });
    }
  }

  private async runTurn(turn: Turn, emit: Emit) {
    const raw = (turn.text ?? (turn.dtmf ? `按键 ${turn.dtmf}` : '')).trim();
    if (!raw) throw new AppError('bad_request', '消息内容不能为空。');
    if ([...raw].length > this.d.maxChars) throw new AppError('too_large', `消息过长，请控制在 ${this.d.maxChars} 字以内。`);
    const text = redact(raw);

    let conv = this.d.store.get(turn.conversationId);
    if (!conv) conv = (await this.open({ conversationId: turn.conversationId, channel: turn.channel, citizen: turn.citizen, region: turn.region })).conversation;
    else if (turn.citizen) await this.identify(conv, turn.channel, turn.citizen);
    const channel = turn.channel;
    const tpl = this.d.templates;

    // after a handoff the citizen talks to staff: forward, do not answer
    if (conv.status === 'handed_off') {
      const at = this.d.clock.now().toISOString();
      // still watch for danger: the safety advice goes out at once, staff see the message as usual
      const now = this.d.triager.classify(text, { previous: this.d.store.lastTriage(conv.id) ?? undefined }).triage;
      // 「我的工单办得怎么样了」: the order's state is told at once (staff still see the message)
      const progress = !now.flags.includes('emergency') && this.isProgressQuery(text) ? this.progressText(conv, channel, text) : null;
      if (progress) {
        this.fixedReply(conv.id, { role: 'citizen', kind: 'question', text, triage: now }, progress, now, emit);
        this.d.bus.emit('conversation.citizen_message', { conversationId: conv.id, text, at });
        emit({ type: 'suggestions', items: [] });
        return;
      }
      const notice = now.flags.includes('emergency') ? `${tpl.emergency}\n\n${tpl.afterHandoff}` : tpl.afterHandoff;
      const [, noticeId] = this.d.store.append(conv.id, [
        { role: 'citizen', kind: 'question', text, triage: now },
        { role: 'assistant', kind: 'notice', text: notice },
      ]);
      this.d.bus.emit('conversation.citizen_message', { conversationId: conv.id, text, at });
      if (now.flags.includes('emergency')) emit({ type: 'answer_delta', text: notice });
      emit({ type: 'answer_done', messageId: noticeId, text: notice, citations: [], triage: now, mode: 'rules', confidence: 1 });
      return;
    }

    const previous = this.d.store.lastTriage(conv.id) ?? undefined;
    const earlier = this.d.store.recent(conv.id, 12);
    const { triage, detail } = this.d.triager.classify(text, { previous });
    const lastAssistant = [...earlier].reverse().find((m) => m.role === 'assistant');
    const lastQuestion = [...earlier].reverse().find((m) => m.role === 'citizen')?.text;
    const update = { domain: triage.domain, service: triage.service };
    const citizenMsg = { role: 'citizen' as const, kind: 'question' as const, text, triage };

    if (triage.flags.includes('emergency')) {
      this.fixedReply(conv.id, citizenMsg, tpl.emergency, triage, emit, update);
      await this.handoff(this.d.store.get(conv.id)!, channel, 'emergency', emit);
      return;
    }
    const courtesy = this.d.intents.smallTalk.find((t) => t.patterns.some((r) => r.test(text)));
    if (courtesy) {
      this.fixedReply(conv.id, citizenMsg, courtesy.reply, previous ?? triage, emit, previous ? {} : update);
      return;
    }
    // 「查一下工单进度」 without a work order of this conversation: how to check it, no status
    if (this.isProgressQuery(text) && !triage.flags.includes('complaint')) {
      this.fixedReply(conv.id, citizenMsg, this.progressText(conv, channel, text), previous ?? triage, emit, previous ? {} : update);
      emit({ type: 'suggestions', items: [...HOW_TO_CHECK_SUGGESTIONS] });
      return;
    }
    if (this.d.intents.legalAidRequest.some((r) => r.test(text))) {
      this.d.store.append(conv.id, [citizenMsg], update);
      await this.handoff(this.d.store.get(conv.id)!, channel, 'legal_aid', emit);
      return;
    }
    if (triage.flags.includes('wants_human') || triage.flags.includes('complaint')) {
      this.d.store.append(conv.id, [citizenMsg], update);
      await this.handoff(this.d.store.get(conv.id)!, channel, triage.flags.includes('complaint') ? 'complaint' : 'citizen', emit);
      return;
    }
    if (triage.flags.includes('out_of_scope')) {
      this.fixedReply(conv.id, citizenMsg, tpl.outOfScope, triage, emit, update);
      emit({ type: 'suggestions', items: tpl.suggestions['其他'] });
      return;
    }
    // triage found no domain words: let the knowledge base say which law the question is about
    let probe: SearchResult | null = null;
    if (triage.domain === '其他' && Object.keys(detail.scores).length === 0 && detail.vagueBy !== 'pattern' && !previous) {
      probe = await this.d.knowledge.search({ text, limit: 5 });
      const generic = new Set(tpl.thresholds.genericTerms);
      const inferred = inferDomain(probe.hits, this.d.domainLaws, (h) => evidence(h, generic).length > 0, (n) => this.d.knowledge.resolveLaw(n));
      if (inferred) {
        triage.domain = inferred;
        triage.confidence = 0.5;
        triage.flags = triage.flags.filter((f) => f !== 'vague');
        update.domain = inferred;
      }
    }
    // one clarifying question for a vague question (not twice in a row)
    if (triage.flags.includes('vague') && lastAssistant?.kind !== 'clarify') {
      const c = tpl.clarify[triage.domain] ?? tpl.clarify.default;
      this.d.store.append(conv.id, [citizenMsg, { role: 'assistant', kind: 'clarify', text: c.text }], update);
      emit({ type: 'clarify', text: c.text, options: c.options });
      return;
    }

    // retrieve, with the conversation's context for follow-ups and answers to a clarifying question
    const followUp = Boolean(previous) && Object.keys(detail.scores).length === 0;
    let searchText = text;
    if (lastQuestion && (lastAssistant?.kind === 'clarify' || followUp)) searchText = `${lastQuestion} ${text}`;
    const rewritten = this.d.answerer.rewrite ? await this.d.answerer.rewrite(searchText) : null;
    if (rewritten) searchText = `${searchText} ${rewritten}`;
    const context = [...earlier.filter((m) => m.role === 'citizen').slice(-2).map((m) => m.text), triage.domain === '其他' ? '' : triage.domain].filter(Boolean).join(' ');
    const search: SearchResult = await retrieve(
      this.d.knowledge,
      { text: searchText, limit: 8, context: context || undefined, filters: conv.region || turn.region ? { region: turn.region ?? conv.region ?? undefined } : undefined },
      triage.domain,
      this.d.domainLaws,
      triage.confidence,
    );

    // service guides (办事指南) for the 一次性告知 part of the answer
    const guides = await this.d.knowledge.search({ text: searchText, limit: 3, filters: { kinds: ['faq'] } });

    let out;
    try {
      out = await this.d.answerer.answer(
        {
          question: text,
          triage,
          legalAidMatters: detail.legalAidMatters,
          search,
          history: earlier.map((m) => ({ role: m.role, text: m.text })),
          inDomain: domainMatcher(this.d.knowledge, this.d.domainLaws, triage.domain),
          guides: guides.hits,
        },
        (t) => emit({ type: 'answer_delta', text: t }),
      );
    } catch (e) {
      this.d.store.append(conv.id, [citizenMsg], update); // the question is kept even when answering failed
      throw e;
    }
    // the question, its triage, the answer and its citations land in one transaction
    const [, answerId] = this.d.store.append(conv.id, [citizenMsg, { role: 'assistant', kind: 'answer', text: out.text, mode: out.mode, confidence: out.confidence, citations: out.citations }], update);
    emit({ type: 'answer_done', messageId: answerId, text: out.text, citations: out.citations, triage, mode: out.mode, confidence: out.confidence });
    this.d.log.debug('turn answered', {
      conversationId: conv.id,
      channel,
      domain: triage.domain,
      flags: triage.flags,
      mode: out.mode,
      weak: out.weak,
      citations: out.citations.length,
      removed: out.removed.length,
      searchConfidence: search.confidence,
      stages: search.diagnostics.stages,
    });
    let items = tpl.suggestions[triage.domain].filter((s) => s !== text).slice(0, 3);
    if (triage.flags.includes('legal_aid_candidate')) items = ['我要申请法律援助', ...items.slice(0, 2)];
    emit({ type: 'suggestions', items: out.weak ? ['转人工', ...items.slice(0, 2)] : items });
  }

  /** A fixed (rules) reply to the citizen's message: both stored in one transaction, then streamed. */
  private fixedReply(conversationId: string, citizenMsg: NewMessage, reply: string, triage: Triage, emit: Emit, update: ConversationUpdate = {}): void {
    const [, id] = this.d.store.append(conversationId, [citizenMsg, { role: 'assistant', kind: 'answer', text: reply, mode: 'rules', confidence: 1 }], update);
    emit({ type: 'answer_delta', text: reply });
    emit({ type: 'answer_done', messageId: id, text: reply, citations: [], triage, mode: 'rules', confidence: 1 });
  }

  private isProgressQuery(text: string): boolean {
    return this.d.intents.progressQuery.some((r) => r.test(text));
  }

  /**
   * The reply to a progress question: the state of this conversation's own work order, else
   * (no order, or the citizen typed another order's number) how to check with verification.
   */
  private progressText(conv: ConversationRow, channel: Channel, text: string): string {
    const typed = orderNoIn(text);
    if (!conv.orderNo || (typed && typed !== conv.orderNo)) return howToCheckReply(channel, typed);
    const orders = this.d.ports().orders;
    if (!orders?.progressForConversation) return progressUnavailableReply(conv.orderNo);
    try {
      const view = orders.progressForConversation(conv.id, conv.orderNo);
      if (view) return progressReply(view, channel);
      this.d.log.warn('progress of the conversation order not found', { conversationId: conv.id, orderNo: conv.orderNo });
    } catch (e) {
      this.d.log.warn('progress lookup failed', { conversationId: conv.id, orderNo: conv.orderNo, err: e });
    }
    return progressUnavailableReply(conv.orderNo);
  }

  private async handoff(conv: ConversationRow, channel: Channel, reason: HandoffReason, emit: Emit) {
    const tpl = this.d.templates;
    if (conv.status === 'handed_off' && conv.orderNo) {
      emit({ type: 'handoff', orderNo: conv.orderNo, text: `您的诉求已转人工处理（工单号 ${conv.orderNo}），工作人员会尽快回复您。` });
      return;
    }
    const orders = this.d.ports().orders;
    if (!orders) {
      this.d.store.append(conv.id, [{ role: 'assistant', kind: 'notice', text: tpl.handoffUnavailable }]);
      emit({ type: 'error', code: 'unavailable', message: tpl.handoffUnavailable });
      return;
    }
    const req: HandoffRequest = {
      conversationId: conv.id,
      channel,
      reason,
      transcript: this.transcript(conv.id),
      triage: this.d.store.lastTriage(conv.id) ?? undefined,
      region: conv.region ?? undefined,
      citizen: this.contacts.get(conv.id),
      articles: this.d.store.articles(conv.id),
      waitingSince: conv.firstAskedAt ?? this.d.clock.now().toISOString(),
    };
    const res = await orders.handoff(req);
    this.contacts.delete(conv.id); // handed over to the orders module, which seals them
    const text = res.message || tpl.handoffFallback;
    this.d.store.append(conv.id, [{ role: 'assistant', kind: 'handoff', text }], { status: 'handed_off', orderNo: res.orderNo });
    emit({ type: 'handoff', orderNo: res.orderNo, text });
  }
}

