// Suggested answers through the real server: the no-LLM structured draft and the LLM draft
// (against a local OpenAI-compatible server over HTTP), citations checked by the one checker
// (an invented article never survives), staff outcomes and 采纳率 per staff member and topic,
// and the review queue of flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../../knowledge/testing/openai-server';
import { citizensModule } from '../citizens/module';
import { startCitizensServer, STAFF, type CitizensTestServer } from '../citizens/test-server';

describe('suggested answers without an LLM', () => {
  let s: CitizensTestServer;
  beforeAll(async () => {
    s = await startCitizensServer({ modules: [{ name: 'test-staff' }, citizensModule()] });
  });
  afterAll(async () => {
    await s?.cleanup();
  });

  it('drafts from checked articles and similar orders, and records adopt / edit / reject for 采纳率', async () => {
    const r = await s.api('/api/assist/suggest', { body: { orderId: 17, question: '老板拖欠工资三个月不给怎么办，我电话13800131234' } });
    expect(r.status).toBe(201);
    expect(r.body.mode).toBe('rules');
    expect(r.body.fallbackReason).toBe('未配置大模型');
    expect(r.body.topic).toBe('劳动');
    expect(r.body.question).toContain('138****1234');
    expect(r.body.citations.length).toBeGreaterThan(0);
    for (const c of r.body.citations) {
      const a = s.knowledge.getArticle(c.law, c.article);
      expect(a?.status).toBe('in_force');
      expect(c.text).toBe(a?.text);
      expect(r.body.draft).toContain(`《${c.law.replace('中华人民共和国', '')}》${c.article}`);
    }
    expect(r.body.citations.map((c: { article: string }) => c.article)).toContain('第三十条');
    expect(r.body.draft).toContain('劳动人事争议仲裁委员会');
    expect(r.body.draft).toContain('请核对后使用');

    const adopted = await s.api(`/api/assist/suggestions/${r.body.id}/outcome`, { body: { outcome: 'adopted' } });
    expect(adopted.body.finalText).toBe(r.body.draft);
    expect((await s.api(`/api/assist/suggestions/${r.body.id}/outcome`, { body: { outcome: 'rejected' } })).status).toBe(409);

    const r2 = await s.api('/api/assist/suggest', { body: { contactId: 'ct_x', question: '离婚后孩子的抚养费怎么算' }, as: 'agent2' });
    expect(r2.body.topic).toBe('婚姻家庭');
    expect((await s.api(`/api/assist/suggestions/${r2.body.id}/outcome`, { body: { outcome: 'edited', text: 'x' } })).status).toBe(403);
    const edited = await s.api(`/api/assist/suggestions/${r2.body.id}/outcome`, {
      body: { outcome: 'edited', text: '依据《民法典》第一千零八十五条，抚养费可以协商；另见《民法典》第九千条。' },
      as: 'agent2',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.citations.map((c: { article: string }) => c.article)).toEqual(['第一千零八十五条']);
    expect(edited.body.rejectedCitations[0].article).toBe('第九千条');
    expect(edited.body.finalText).not.toContain('第九千条');
    expect((await s.api(`/api/assist/suggestions/${r2.body.id}/outcome`, { body: { outcome: 'edited' }, as: 'agent2' })).status).toBe(409);

    const r3 = await s.api('/api/assist/suggest', { body: { conversationId: 'c-3', question: '朋友借钱不还怎么办' } });
    expect((await s.api(`/api/assist/suggestions/${r3.body.id}/outcome`, { body: { outcome: 'rejected', reason: '答非所问' } })).status).toBe(200);
    await s.api('/api/assist/suggest', { body: { conversationId: 'c-4', question: '被公司无故开除能拿多少赔偿' } });

    const st = await s.api('/api/assist/stats');
    expect(st.body.overall).toMatchObject({ total: 4, pending: 1, adopted: 1, edited: 1, rejected: 1, decided: 3, adoptionRate: 0.667, asIsRate: 0.333 });
    const agent = st.body.byStaff.find((x: { staffId: number }) => x.staffId === STAFF.agent.id);
    expect(agent).toMatchObject({ staffName: '坐席小王', total: 3, adopted: 1, rejected: 1, adoptionRate: 0.5 });
    const agent2 = st.body.byStaff.find((x: { staffId: number }) => x.staffId === STAFF.agent2.id);
    expect(agent2).toMatchObject({ edited: 1, adoptionRate: 1 });
    const labour = st.body.byTopic.find((x: { topic: string }) => x.topic === '劳动');
    expect(labour).toMatchObject({ total: 2, adopted: 1, pending: 1, adoptionRate: 1 });
    expect(st.body.byTopic.find((x: { topic: string }) => x.topic === '借贷债务')).toMatchObject({ rejected: 1, adoptionRate: 0 });
    expect((await s.api('/api/assist/stats?from=2999-01-01T00:00:00Z')).body.overall.total).toBe(0);
  });

  it('needs a question and exactly one target', async () => {
    expect((await s.api('/api/assist/suggest', { body: { conversationId: 'none' } })).body.error.message).toContain('没有找到群众的问题');
    expect((await s.api('/api/assist/suggest', { body: { conversationId: 'a', orderId: 1, question: '工资' } })).status).toBe(400);
    expect((await s.api('/api/assist/suggest', { body: { question: '工资拖欠' } })).status).toBe(400);
  });

  it('queues flags for review; a supervisor resolves them', async () => {
    const f = await s.api('/api/assist/flags', { body: { kind: 'missing_article', law: '保障农民工工资支付条例', question: '包工头跑路了工资找谁要', note: '应引用条例第二十九条，电话13800131234' } });
    expect(f.status).toBe(201);
    expect(f.body.flag.note).toContain('138****1234');
    expect((await s.api('/api/assist/flags', { body: { kind: 'missing_article', note: '缺法条' } })).status).toBe(400);
    expect((await s.api('/api/assist/flags', { body: { kind: 'wrong_citation', article: '三十条', note: '编号错误' } })).status).toBe(400);
    await s.api('/api/assist/flags', { body: { kind: 'bad_answer', targetKind: 'suggestion', targetId: '1', note: '答复过于笼统' } });
    const open = await s.api('/api/assist/flags');
    expect(open.body.flags.map((x: { kind: string }) => x.kind)).toEqual(['bad_answer', 'missing_article']);
    expect((await s.api(`/api/assist/flags/${f.body.flag.id}/resolve`, { body: { resolution: '已补充' } })).status).toBe(403);
    const done = await s.api(`/api/assist/flags/${f.body.flag.id}/resolve`, { body: { resolution: '已补充该条例' }, as: 'supervisor' });
    expect(done.body.flag).toMatchObject({ state: 'resolved', resolvedBy: STAFF.supervisor.id });
    expect((await s.api(`/api/assist/flags/${f.body.flag.id}/resolve`, { body: { resolution: '再次' }, as: 'supervisor' })).status).toBe(409);
    expect((await s.api('/api/assist/flags')).body.flags).toHaveLength(1);
    expect((await s.api('/api/assist/flags?state=all')).body.flags).toHaveLength(2);
  });
});

describe('suggested answers with an LLM (local OpenAI-compatible server)', () => {
  let s: CitizensTestServer;
  let fake: FakeOpenAI;
  let reply = '';
  beforeAll(async () => {
    fake = await startFakeOpenAI({ apiKey: 'k-test', chat: () => reply });
    s = await startCitizensServer({
      modules: [{ name: 'test-staff' }, citizensModule()],
      env: { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'k-test', LLM_MODEL: 'fake-model' },
    });
  });
  afterAll(async () => {
    await s?.cleanup();
    await fake?.close();
  });

  it('sends grounded sources, keeps verified citations and removes an invented one', async () => {
    reply = '您好，根据《劳动合同法》第三十条，用人单位应当及时足额支付劳动报酬；您也可以依据《劳动合同法》第九百九十九条要求三倍赔偿。';
    const r = await s.api('/api/assist/suggest', { body: { conversationId: 'c-llm', question: '老板拖欠工资三个月不给怎么办' } });
    expect(r.status).toBe(201);
    expect(r.body.mode).toBe('llm');
    expect(r.body.citations).toEqual([expect.objectContaining({ law: '中华人民共和国劳动合同法', article: '第三十条', status: 'in_force' })]);
    expect(r.body.rejectedCitations).toEqual([expect.objectContaining({ article: '第九百九十九条', reason: 'unknown_article' })]);
    expect(r.body.draft).toContain('《劳动合同法》第三十条');
    expect(r.body.draft).not.toContain('第九百九十九条');
    const sent = fake.requests.find((q) => q.path.endsWith('/chat/completions'))!;
    expect(sent.body.model).toBe('fake-model');
    const user = sent.body.messages.find((m: { role: string }) => m.role === 'user').content as string;
    expect(user).toContain('老板拖欠工资三个月不给怎么办');
    expect(user).toContain('《中华人民共和国劳动合同法》第三十条');
    expect(s.logs.some((l) => l.includes('assist.llm') && l.includes('第九百九十九条'))).toBe(true);
  });

  it('falls back to the structured draft when the model fails', async () => {
    fake.failNext({ status: 500 });
    fake.failNext({ status: 500 });
    const r = await s.api('/api/assist/suggest', { body: { conversationId: 'c-llm2', question: '出了车祸对方保险怎么赔' } });
    expect(r.status).toBe(201);
    expect(r.body.mode).toBe('rules');
    expect(r.body.fallbackReason).toContain('大模型暂不可用');
    expect(r.body.citations.map((c: { article: string }) => c.article)).toContain('第七十六条');
  });
});
