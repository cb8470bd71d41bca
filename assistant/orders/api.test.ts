// The orders and staff API end to end: a real server on 127.0.0.1 (orders module, sample
// knowledge base, temp SQLite), real HTTP and WebSocket clients.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../clock';
import type { HandoffRequest } from '../ports';
import { startTestServer, type TestServer } from '../testing/server';
import { apiClient } from './api-client';
import { ordersModule } from './module';
import { ACTIONS, allowedActions, STATES, type Action, type OrderState } from './state-machine';

const PHONE = '13800138000';
const ADMIN = { username: 'admin', password: 'admin-pass-123' };

function handoffReq(conv: string, over: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    conversationId: conv,
    channel: 'web',
    reason: 'citizen',
    transcript: [{ role: 'citizen', text: '单位拖欠工资三个月了怎么办', at: '2026-03-02T01:00:00.000Z' }],
    triage: { domain: '劳动', service: '法律咨询', confidence: 0.9, flags: [], urgency: 'normal' },
    citizen: { phone: PHONE, name: '李四' },
    articles: [],
    waitingSince: '2026-03-02T01:00:00.000Z',
    ...over,
  };
}

let s: TestServer;
let api: ReturnType<typeof apiClient>;
let clock: ManualClock;
let admin: string;
let agent: string;
let agentId: number;
let sup: string;
let otherAgent: string;
let seq = 0;

async function newStaff(username: string, role: string, teamKey: string) {
  const teams = (await api.get('/api/teams', admin)).body.teams as { id: number; key: string }[];
  const teamId = teams.find((t) => t.key === teamKey)!.id;
  const r = await api.post('/api/staff', { username, name: `测试${username}`, password: 'test-pass-123', role, teamId }, admin);
  expect(r.status).toBe(201);
  return { token: await api.login(username, 'test-pass-123'), id: r.body.staff.id as number };
}

async function handoff(over: Partial<HandoffRequest> = {}) {
  return s.ctx.ports.orders!.handoff(handoffReq(`api-conv-${++seq}`, over));
}

beforeAll(async () => {
  clock = new ManualClock(new Date('2026-03-02T09:00:00+08:00'));
  s = await startTestServer({ clock, modules: [ordersModule({ announce: () => {} })], env: { PROGRESS_RATE_PER_MINUTE: '600', LOGIN_RATE_PER_MINUTE: '600' } });
  api = apiClient(s.url);
  admin = await api.login(ADMIN.username, ADMIN.password);
  ({ token: agent, id: agentId } = await newStaff('agent1', 'agent', 'labor_desk'));
  ({ token: sup } = await newStaff('sup1', 'supervisor', 'labor_desk'));
  ({ token: otherAgent } = await newStaff('hotline1', 'agent', 'hotline'));
});
afterAll(async () => {
  await s?.cleanup();
});

describe('staff accounts, sessions and roles', () => {
  it('logs in with a hashed password, sets an httpOnly cookie, and refuses wrong credentials alike', async () => {
    const bad = await api.post('/api/auth/login', { username: 'admin', password: 'wrong-password-1' });
    const unknown = await api.post('/api/auth/login', { username: 'nobody', password: 'wrong-password-1' });
    expect(bad.status).toBe(401);
    expect(unknown.body).toEqual(bad.body);
    expect(bad.body.error.message).toBe('用户名或密码不正确。');
    const ok = await api.post('/api/auth/login', ADMIN);
    expect(ok.status).toBe(200);
    expect(ok.body.staff).toMatchObject({ username: 'admin', role: 'admin' });
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lawline_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200/);
    const viaCookie = await fetch(`${s.url}/api/auth/me`, { headers: { cookie: cookie.split(';')[0] } });
    expect(((await viaCookie.json()) as { staff: { username: string } }).staff.username).toBe('admin');
    const out = await api.post('/api/auth/logout', {}, ok.body.token);
    expect(out.status).toBe(200);
    expect((await api.get('/api/auth/me', ok.body.token)).status).toBe(401);
  });

  it('puts every staff route behind auth and checks roles', async () => {
    for (const path of ['/api/orders', '/api/sla', '/api/teams', '/api/ledgers', '/api/auth/me', '/api/orders/meta']) {
      const r = await api.get(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
    expect((await api.get('/api/orders', 'not-a-token')).status).toBe(401);
    expect((await api.post('/api/staff', { username: 'x1x', name: 'x', password: 'abcdef12345', role: 'agent' }, agent)).status).toBe(403);
    expect((await api.get('/api/staff', agent)).status).toBe(403);
    expect((await api.get('/api/staff', sup)).status).toBe(200);
    expect((await api.get('/api/access-log', sup)).status).toBe(403);
    const me = await api.get('/api/auth/me', agent);
    expect(me.body).toMatchObject({ staff: { username: 'agent1', role: 'agent' }, team: { key: 'labor_desk' } });
  });

  it('lets admins create teams and staff with clear errors for bad input', async () => {
    const team = await api.post('/api/teams', { key: 'beilin_center', name: '碑林区公共法律服务中心', kind: 'internal', assignMode: 'pool', region: '碑林区' }, admin);
    expect(team.status).toBe(201);
    expect((await api.post('/api/teams', { key: 'beilin_center', name: '重复' }, admin)).status).toBe(409);
    const weak = await api.post('/api/staff', { username: 'weak1', name: '弱', password: 'short', role: 'agent' }, admin);
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toContain('10');
    const extra = await api.post('/api/staff', { username: 'x2x2', name: 'x', password: 'abcdef12345', role: 'agent', isRoot: true }, admin);
    expect(extra.body.error).toMatchObject({ code: 'unknown_field' });
    const badJson = await api.call('POST', '/api/staff', undefined, admin, '{"username":');
    expect(badJson.body.error.code).toBe('invalid_json');
    const dup = await api.post('/api/staff', { username: 'agent1', name: 'x', password: 'abcdef12345', role: 'agent' }, admin);
    expect(dup.status).toBe(409);
  });

  it('ends sessions on deactivation and after the session lifetime', async () => {
    const { token, id } = await newStaff('temp1', 'agent', 'hotline');
    expect((await api.get('/api/auth/me', token)).status).toBe(200);
    expect((await api.call('PATCH', `/api/staff/${id}`, { active: false }, admin)).status).toBe(200);
    expect((await api.get('/api/auth/me', token)).status).toBe(401);
    expect((await api.post('/api/auth/login', { username: 'temp1', password: 'test-pass-123' })).status).toBe(401);
    const { token: t2 } = await newStaff('temp2', 'agent', 'hotline');
    clock.advance(13 * 3_600_000);
    expect((await api.get('/api/auth/me', t2)).status).toBe(401);
    clock.set('2026-03-02T09:00:00+08:00');
    // Earlier tokens were issued at this time with 12 h TTL: valid again after setting the clock back.
    expect((await api.get('/api/auth/me', agent)).status).toBe(200);
    const log = (await api.get('/api/access-log?limit=500', admin)).body.entries as { action: string; target: string }[];
    expect(log.some((e) => e.action === 'staff.update' && e.target === `staff:${id}`)).toBe(true);
    expect(log.some((e) => e.action === 'auth.login')).toBe(true);
  });
});

describe('work orders through the API', () => {
  it('runs a full lifecycle and logs every access to the citizen’s data', async () => {
    const { orderNo, message } = await handoff();
    expect(message).toContain(orderNo);
    const mine = await api.get('/api/orders?assignee=me&state=assigned', agent);
    expect(mine.body.items.map((o: { orderNo: string }) => o.orderNo)).toContain(orderNo);
    const listed = mine.body.items.find((o: { orderNo: string }) => o.orderNo === orderNo);
    expect(listed).toMatchObject({ phoneMasked: '138****8000', stateLabel: '已分派', team: { key: 'labor_desk' }, actions: expect.arrayContaining(['claim']) });
    expect(JSON.stringify(mine.body)).not.toContain(PHONE);

    const step = async (action: string, body: unknown, token = agent, status = 200) => {
      const r = await api.post(`/api/orders/${orderNo}/${action}`, body, token);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(status);
      return r.body;
    };
    expect((await step('claim', {})).order.state).toBe('claimed');
    expect((await step('callback', { outcome: 'no_answer' })).event).toMatchObject({ event: 'callback', label: '回拨', data: { outcome: 'no_answer' } });
    await step('callback', { outcome: 'reached', note: '已电话沟通' });
    const badCite = await step('resolve', { resolution: '已解答并告知仲裁途径', cited: [{ law: '劳动合同法', article: '第九百九十九条' }] }, agent, 400);
    expect(badCite.error.message).toContain('引用的法条不存在');
    // A search hit passed as a citation: extra fields are dropped, law and article checked.
    const hit = { law: '劳动合同法', article: '第三十条', text: '用人单位应当……', status: 'in_force', score: 3.2 };
    const r = await step('resolve', { resolution: '已解答并告知仲裁途径', cited: [hit] });
    expect(r.order).toMatchObject({ state: 'resolved', cited: [{ law: '中华人民共和国劳动合同法', article: '第三十条' }] });
    await step('revisit', { satisfaction: 4, adopted: true });

    const detail = await api.get(`/api/orders/${orderNo}`, agent);
    expect(detail.body.order.events.map((e: { event: string }) => e.event)).toEqual(['create', 'dispatch', 'claim', 'callback', 'callback', 'resolve', 'revisit']);
    expect(detail.body.order.transcript[0].text).toContain('拖欠工资');
    expect(detail.body.order.sla.map((c: { status: string }) => c.status)).toEqual(['met', 'met', 'met']);
    expect(JSON.stringify(detail.body)).not.toContain(PHONE);
    // Same phone, other open orders: offered as merge candidates.
    const dup1 = await handoff();
    const dup2 = await handoff();
    const dupDetail = (await api.get(`/api/orders/${dup2.orderNo}`, agent)).body.order;
    expect(dupDetail.duplicates.map((d: { orderNo: string }) => d.orderNo)).toEqual([dup1.orderNo]); // the resolved one is not offered

    expect((await api.post(`/api/orders/${orderNo}/reveal-phone`, {}, otherAgent)).status).toBe(403);
    const reveal = await api.post(`/api/orders/${orderNo}/reveal-phone`, { reason: '回拨群众' }, agent);
    expect(reveal.body.phone).toBe(PHONE);
    const log = (await api.get(`/api/access-log?target=order:${orderNo}`, admin)).body.entries as { action: string; staffId: number; detail: string | null }[];
    expect(log.find((e) => e.action === 'order.reveal_phone')!.detail).toBe('回拨群众');
    expect(log.map((e) => e.action).sort()).toEqual(['order.reveal_phone', 'order.view']);
    expect(log.every((e) => e.staffId === agentId)).toBe(true);
  });

  it('refuses every invalid transition in every reachable state with 409 and writes nothing', async () => {
    const validBody: Record<string, unknown> = {
      dispatch: {},
      assign: { teamKey: 'labor_desk' },
      claim: {},
      start: {},
      callback: { outcome: 'reached' },
      note: { note: '备注' },
      reply: { text: '您好' },
      reschedule: { appointmentAt: '2026-03-05T10:00:00+08:00' },
      transfer: { teamKey: 'hotline', reason: '转热线' },
      return: { reason: '退回' },
      resolve: { resolution: '已办结完毕。', cited: [] },
      revisit: { satisfaction: 5 },
      reopen: { reason: '重开' },
      merge: { into: 'PLACEHOLDER', reason: '重复' },
      close: { reason: '关闭' },
    };
    const target = (await handoff()).orderNo;
    validBody.merge = { into: target, reason: '重复' };
    // Paths into each reachable state (received is only transient inside the creating transaction).
    const paths: Record<string, [string, unknown][]> = {
      assigned: [],
      claimed: [['claim', {}]],
      in_progress: [['claim', {}], ['start', {}]],
      returned: [['claim', {}], ['return', { reason: '不属本组' }]],
      resolved: [['claim', {}], ['start', {}], ['resolve', { resolution: '已办结完毕。', cited: [] }]],
      evaluated: [['claim', {}], ['start', {}], ['resolve', { resolution: '已办结完毕。', cited: [] }], ['revisit', { satisfaction: 3 }]],
      closed: [['close', { reason: '无效' }]],
      merged: [['merge', { into: target, reason: '重复' }]],
    };
    let refused = 0;
    for (const [state, steps] of Object.entries(paths)) {
      const { orderNo } = await handoff({ conversationId: `inv-${state}` });
      for (const [a, b] of steps) expect((await api.post(`/api/orders/${orderNo}/${a}`, b, sup)).status, `${state} via ${a}`).toBe(200);
      const before = (await api.get(`/api/orders/${orderNo}`, sup)).body.order;
      expect(before.state).toBe(state);
      const invalid = ACTIONS.filter((a) => !['create', 'evaluate', 'escalate'].includes(a) && !allowedActions(state as OrderState).includes(a as Action));
      for (const a of invalid) {
        const r = await api.post(`/api/orders/${orderNo}/${a}`, validBody[a], sup);
        expect(r.status, `${state} --${a}`).toBe(409);
        expect(r.body.error.code).toBe('invalid_transition');
        expect(r.body.error.message).toMatch(/工单当前状态为「.+」，不能执行「.+」操作。/);
        refused++;
      }
      const after = (await api.get(`/api/orders/${orderNo}`, sup)).body.order;
      expect(after.version).toBe(before.version);
      expect(after.events).toHaveLength(before.events.length);
    }
    expect(STATES.length).toBe(9);
    expect(refused).toBeGreaterThan(60);
    const unknown = await api.post(`/api/orders/${target}/explode`, {}, sup);
    expect(unknown.status).toBe(404);
    const extra = await api.post(`/api/orders/${target}/claim`, { force: true }, sup);
    expect(extra.body.error.code).toBe('unknown_field');
  });

  it('shows partner institutions only the orders handed to them', async () => {
    const { token: aid } = await newStaff('aid1', 'agent', 'legal_aid_center');
    const labor = await handoff();
    const legalAid = await handoff({ reason: 'legal_aid', triage: { domain: '劳动', service: '法律援助', confidence: 0.9, flags: ['legal_aid_candidate'], urgency: 'normal' } });
    const list = (await api.get('/api/orders?limit=1000', aid)).body.items as { orderNo: string; team: { key: string } }[];
    expect(list.map((o) => o.orderNo)).toContain(legalAid.orderNo);
    expect(list.every((o) => o.team.key === 'legal_aid_center')).toBe(true);
    const hidden = await api.get(`/api/orders/${labor.orderNo}`, aid);
    const missing = await api.get('/api/orders/12348-20990101-000001', aid);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
    expect((await api.post(`/api/orders/${labor.orderNo}/note`, { note: '看看' }, aid)).status).toBe(404);
    expect((await api.post(`/api/orders/${labor.orderNo}/reveal-phone`, {}, aid)).status).toBe(404);
    expect((await api.post(`/api/orders/${legalAid.orderNo}/claim`, {}, aid)).status).toBe(200);
    // Platform agents keep the whole picture.
    expect((await api.get(`/api/orders/${legalAid.orderNo}`, otherAgent)).status).toBe(200);
  });

  it('creates desk orders (来访登记, 预约...) and lists the queue with filters', async () => {
    const create = await api.post(
      '/api/orders',
      { type: 'appointment', summary: '预约律师面谈', citizen: { name: '王五', phone: '13900002222' }, appointmentAt: '2026-03-04T10:00:00+08:00', region: '西安市雁塔区' },
      agent,
    );
    expect(create.status).toBe(201);
    expect(create.body.order).toMatchObject({ type: 'appointment', typeLabel: '预约', state: 'assigned', team: { key: 'yanta_center' }, appointmentAt: '2026-03-04T02:00:00.000Z' });
    const forbidden = await api.post('/api/orders', { type: 'visit', summary: '来访', assigneeId: 1 }, agent);
    expect(forbidden.status).toBe(403);
    const missing = await api.post('/api/orders', { type: 'appointment', summary: '预约' }, agent);
    expect(missing.status).toBe(400);
    const list = await api.get('/api/orders?type=appointment&region=雁塔', agent);
    expect(list.body.total).toBe(1);
    const pool = await api.get(`/api/orders?teamId=${create.body.order.team.id}&unassigned=1`, agent);
    expect(pool.body.items[0].orderNo).toBe(create.body.order.orderNo);
    expect((await api.get('/api/orders?limit=abc', agent)).status).toBe(400);
  });
});

describe('citizen routes', () => {
  it('answers progress only for the right last four digits, identically 404 otherwise', async () => {
    const { orderNo } = await handoff();
    const ok = await api.get(`/api/orders/progress?orderNo=${orderNo}&last4=8000`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body).sort()).toEqual(['history', 'nextStep', 'orderNo', 'state', 'stateLabel', 'updatedAt']);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(JSON.stringify(ok.body)).not.toMatch(/138|李四|测试/);
    const wrong = await api.get(`/api/orders/progress?orderNo=${orderNo}&last4=1234`);
    const none = await api.get(`/api/orders/progress?orderNo=12348-20990101-000001&last4=8000`);
    expect(wrong.status).toBe(404);
    expect(none.body).toEqual(wrong.body);
    expect((await api.get(`/api/orders/progress?orderNo=${orderNo}&last4=80`)).status).toBe(400);
    expect((await api.get(`/api/orders/progress?orderNo=${orderNo}`)).status).toBe(400);
  });

  it('takes the citizen’s evaluation of a resolved order with the last four digits', async () => {
    const { orderNo } = await handoff();
    for (const [a, b] of [['claim', {}], ['start', {}], ['resolve', { resolution: '已协调解决。', cited: [] }]] as const) {
      expect((await api.post(`/api/orders/${orderNo}/${a}`, b, agent)).status).toBe(200);
    }
    expect((await api.post(`/api/orders/${orderNo}/evaluate`, { last4: '0000', satisfaction: 5 })).status).toBe(404);
    const ok = await api.post(`/api/orders/${orderNo}/evaluate`, { last4: '8000', satisfaction: 5, adopted: true });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'evaluated', stateLabel: '已回访评价' });
    expect((await api.post(`/api/orders/${orderNo}/evaluate`, { last4: '8000', satisfaction: 1 })).status).toBe(409);
  });
});

describe('ledgers, SLA overview, OpenAPI', () => {
  it('exports the six ledgers as JSON, CSV and XLSX with masked personal data, logged', async () => {
    const types = ['visit', 'mediation', 'legal_aid', 'referral', 'complaint'];
    for (const type of types) {
      expect((await api.post('/api/orders', { type, summary: `${type} 登记事项`, citizen: { name: '赵六', phone: '13700003333' } }, sup)).status).toBe(201);
    }
    const ledgers = (await api.get('/api/ledgers', agent)).body.ledgers as { key: string }[];
    expect(ledgers.map((l) => l.key)).toEqual(['visit', 'dispute', 'legal_aid', 'appointment', 'referral', 'complaint']);
    const visit = await api.get('/api/ledgers/visit?from=2026-03-01&to=2026-03-02', agent);
    expect(visit.body.rows).toHaveLength(1);
    expect(visit.body.rows[0]).toMatchObject({ type: '来访登记', name: '赵*', phone: '137****3333', channel: '实体窗口', receiver: '测试sup1' });
    expect((await api.get('/api/ledgers/visit?from=2026-03-03', agent)).body.rows).toHaveLength(0);
    // A consultation transferred to the mediation committee is a 矛盾纠纷移交 too.
    const moved = await handoff();
    expect((await api.post(`/api/orders/${moved.orderNo}/transfer`, { teamKey: 'mediation_committee', reason: '适合人民调解' }, sup)).status).toBe(200);
    const dispute = (await api.get('/api/ledgers/dispute', agent)).body.rows as { orderNo: string; type: string }[];
    expect(dispute.map((r) => r.orderNo)).toContain(moved.orderNo);
    expect(dispute.some((r) => r.type === '矛盾纠纷调解')).toBe(true);
    const csvRes = await fetch(`${s.url}/api/ledgers/dispute?format=csv`, { headers: { authorization: `Bearer ${agent}` } });
    expect(csvRes.headers.get('content-type')).toContain('text/csv');
    expect(csvRes.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const csv = Buffer.from(await csvRes.arrayBuffer()).toString('utf8');
    expect(csv).toMatch(/^\uFEFF序号,工单号,登记时间/);
    expect(csv).toContain('137****3333');
    expect(csv).not.toContain('13700003333');
    const xlsx = await api.get('/api/ledgers/complaint?format=xlsx', agent);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('群众投诉登记本');
    expect(ws.getRow(1).getCell(2).value).toBe('工单号');
    expect(String(ws.getRow(2).getCell(7).value)).toBe('137****3333');
    expect(String(ws.getRow(1).getCell(5).value)).toBe('首问接待人');
    expect((await api.get('/api/ledgers/nope', agent)).status).toBe(404);
    const log = (await api.get('/api/access-log?target=ledger:complaint', admin)).body.entries;
    expect(log[0]).toMatchObject({ action: 'ledger.xlsx', username: 'agent1' });
  });

  it('gives supervisors figures: states, satisfaction, adoption, SLA and per staff member', async () => {
    expect((await api.get('/api/orders/stats', agent)).status).toBe(403);
    const st = await api.get('/api/orders/stats?from=2026-03-01&to=2026-03-03', sup);
    expect(st.status).toBe(200);
    expect(st.body.total).toBeGreaterThan(10);
    expect(st.body.byState.find((x: { state: string }) => x.state === 'evaluated')).toMatchObject({ label: '已回访评价' });
    expect(st.body.evaluated).toBeGreaterThanOrEqual(2);
    expect(st.body.avgSatisfaction).toBeGreaterThanOrEqual(1);
    expect(st.body.adoptionRate).toBeGreaterThan(0);
    const me = st.body.byStaff.find((x: { staffId: number }) => x.staffId === agentId);
    expect(me.resolved).toBeGreaterThanOrEqual(2);
    expect(st.body.sla.map((x: { clock: string }) => x.clock)).toEqual(['callback', 'first_response', 'resolution']);
    expect((await api.get('/api/orders/stats?from=2026-03-04', sup)).body.total).toBe(0);
    expect((await api.get('/api/orders/stats?from=yesterday', sup)).status).toBe(400);
  });

  it('shows the SLA overview and serves the OpenAPI document', async () => {
    const sla = await api.get('/api/sla', agent);
    expect(sla.status).toBe(200);
    expect(Object.keys(sla.body.clocks)).toEqual(['first_response', 'callback', 'resolution']);
    const doc = (await api.get('/api/openapi.json')).body;
    for (const p of ['/api/orders', '/api/orders/progress', '/api/orders/{orderNo}/claim', '/api/orders/{orderNo}/resolve', '/api/auth/login', '/api/sla', '/api/ledgers/{key}']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});

describe('desk socket', () => {
  function connect(query: string): Promise<{ ws: WebSocket; frames: any[]; closed: Promise<number> }> {
    const ws = new WebSocket(`${s.wsUrl}/ws/desk${query}`);
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    return new Promise((resolve, reject) => {
      ws.on('open', () => resolve({ ws, frames, closed }));
      ws.on('error', reject);
    });
  }
  const until = async (frames: any[], pred: (f: any) => boolean) => {
    for (let i = 0; i < 200; i++) {
      const f = frames.find(pred);
      if (f) return f;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`frame not received; got ${JSON.stringify(frames.map((f) => f.type))}`);
  };

  it('refuses connections without a valid session', async () => {
    const c = await connect('?token=bogus');
    expect(await c.closed).toBe(4401);
    expect(c.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  it('pushes new orders, updates, SLA warnings and relays staff replies to the conversation', async () => {
    const c = await connect(`?token=${encodeURIComponent(agent)}`);
    await until(c.frames, (f) => f.type === 'hello');
    const { orderNo } = await handoff({ conversationId: 'desk-live-1' });
    const created = await until(c.frames, (f) => f.type === 'order.created' && f.orderNo === orderNo);
    expect(created).toMatchObject({ state: 'received', conversationId: 'desk-live-1' });
    await until(c.frames, (f) => f.type === 'order.updated' && f.orderNo === orderNo && f.event === 'dispatch');
    await api.post(`/api/orders/${orderNo}/claim`, {}, agent);
    await until(c.frames, (f) => f.type === 'order.updated' && f.orderNo === orderNo && f.event === 'claim');

    const relayed: unknown[] = [];
    const off = s.ctx.bus.on('conversation.staff_message', (m) => relayed.push(m));
    c.ws.send(JSON.stringify({ type: 'reply', orderNo, text: '您好，我是劳动专席工作人员。', ref: 'r1' }));
    await until(c.frames, (f) => f.type === 'ack' && f.ref === 'r1');
    const staffMsg = await until(c.frames, (f) => f.type === 'conversation.staff_message');
    expect(staffMsg).toMatchObject({ conversationId: 'desk-live-1', text: '您好，我是劳动专席工作人员。', staffName: '测试agent1' });
    expect(relayed).toHaveLength(1);
    off();
    c.ws.send('not json');
    await until(c.frames, (f) => f.type === 'error' && f.code === 'invalid_json');
    c.ws.send(JSON.stringify({ type: 'reply', orderNo: '12348-20990101-000009', text: 'x' }));
    await until(c.frames, (f) => f.type === 'error' && f.code === 'not_found');

    // SLA: 24 business minutes later the first-response clock of a fresh order warns.
    const fresh = await handoff({ conversationId: 'desk-live-2' });
    clock.advance(25 * 60_000);
    await api.get('/api/sla', agent);
    const warn = await until(c.frames, (f) => f.type === 'sla.warning' && f.orderNo === fresh.orderNo);
    expect(warn.clock).toBe('first_response');
    clock.advance(10 * 60_000);
    await api.get('/api/sla', agent);
    await until(c.frames, (f) => f.type === 'sla.overdue' && f.orderNo === fresh.orderNo);
    c.ws.close();
  });

  it('gives partner-institution agents only the events of orders handed to them', async () => {
    const { token: med } = await newStaff('med1', 'agent', 'mediation_committee');
    const c = await connect(`?token=${encodeURIComponent(med)}`);
    await until(c.frames, (f) => f.type === 'hello');
    const other = await handoff({ conversationId: 'partner-other' });
    const mine = await handoff({ conversationId: 'partner-mine', triage: { domain: '房产物业', service: '人民调解', confidence: 0.9, flags: [], urgency: 'normal' } });
    await until(c.frames, (f) => f.type === 'order.created' && f.orderNo === mine.orderNo);
    s.ctx.bus.emit('assist.pushed', { contactId: 'x', citizenId: 'c1', payload: { archive: '...' }, at: new Date().toISOString() });
    s.ctx.bus.emit('conversation.citizen_message', { conversationId: 'partner-mine', text: '调解什么时候开始？', at: new Date().toISOString() });
    await until(c.frames, (f) => f.type === 'conversation.citizen_message');
    expect(c.frames.some((f) => f.orderNo === other.orderNo)).toBe(false);
    expect(c.frames.some((f) => f.type === 'assist.pushed')).toBe(false);
    c.ws.close();
  });
});

describe('rate limits on public and login routes', () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ modules: [ordersModule({ announce: () => {} })], env: { PROGRESS_RATE_PER_MINUTE: '3', LOGIN_RATE_PER_MINUTE: '2' } });
  });
  afterAll(async () => {
    await small?.cleanup();
  });
  it('answers 429 with a Chinese message once a client floods progress queries or logins', async () => {
    const c = apiClient(small.url);
    const progress = [];
    for (let i = 0; i < 8; i++) progress.push((await c.get('/api/orders/progress?orderNo=12348-20260302-000001&last4=1234')).status);
    expect(progress.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(progress.at(-1)).toBe(429);
    const last = await c.get('/api/orders/progress?orderNo=12348-20260302-000001&last4=1234');
    expect(last.body.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/频繁/) });
    const logins = [];
    for (let i = 0; i < 7; i++) logins.push((await c.post('/api/auth/login', { username: 'admin', password: 'guess-123456' })).status);
    expect(logins.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(logins.at(-1)).toBe(429);
  });
});

describe('SLA clocks on list items and Chinese escalation reasons', () => {
  type ListClock = { kind: string; label: string; warnAt: string; dueAt: string; state: string; stateLabel: string };
  type ListItem = { orderNo: string; state: string; slaClocks: ListClock[] };
  const listed = async (orderNos: string[]) => {
    const r = await api.get('/api/orders?sort=newest&limit=50', agent);
    expect(r.status).toBe(200);
    return orderNos.map((no) => (r.body.items as ListItem[]).find((i) => i.orderNo === no)!);
  };

  it('carries each open order running clocks with the state now, read in one query per page', async () => {
    clock.set('2026-03-02T14:00:00+08:00'); // Monday, business hours
    const a = await handoff({ conversationId: 'sla-list-a' });
    const b = await handoff({ conversationId: 'sla-list-b', citizen: undefined }); // no phone: no callback clock
    const done = await handoff({ conversationId: 'sla-list-done' });
    expect((await api.post(`/api/orders/${done.orderNo}/close`, { reason: '群众已自行解决' }, sup)).status).toBe(200);

    let [ia, ib, idone] = await listed([a.orderNo, b.orderNo, done.orderNo]);
    expect(ia.slaClocks.map((c) => c.kind)).toEqual(['first_response', 'callback', 'resolution']);
    expect(ib.slaClocks.map((c) => c.kind)).toEqual(['first_response', 'resolution']);
    expect(idone.slaClocks).toEqual([]); // closed: no running clock
    const first = ia.slaClocks[0];
    expect(first).toMatchObject({ label: '首次响应', state: 'ok', stateLabel: '正常' });
    expect(Date.parse(first.dueAt) - Date.parse('2026-03-02T14:00:00+08:00')).toBe(30 * 60_000); // 30 business minutes
    expect(Date.parse(first.warnAt)).toBeLessThan(Date.parse(first.dueAt));

    // The same states as time passes, without any SLA check having run.
    clock.set(first.warnAt);
    [ia] = await listed([a.orderNo]);
    expect(ia.slaClocks[0]).toMatchObject({ kind: 'first_response', state: 'warning', stateLabel: '即将超时' });
    expect(ia.slaClocks.find((c) => c.kind === 'resolution')!.state).toBe('ok');
    clock.set(first.dueAt);
    [ia] = await listed([a.orderNo]);
    expect(ia.slaClocks[0]).toMatchObject({ state: 'overdue', stateLabel: '已超时' });

    // Claiming stops first_response: it leaves the list item, the others keep running.
    expect((await api.post(`/api/orders/${b.orderNo}/claim`, {}, agent)).status).toBe(200);
    [ib] = await listed([b.orderNo]);
    expect(ib.slaClocks.map((c) => c.kind)).toEqual(['resolution']);

    // No N+1: the statements prepared for a page do not grow with the number of orders on it.
    const sqlite = s.ctx.sqlite;
    const prepare = sqlite.prepare.bind(sqlite);
    let prepared: string[] = [];
    sqlite.prepare = ((src: string) => {
      prepared.push(src);
      return prepare(src);
    }) as typeof sqlite.prepare;
    try {
      const count = async (limit: number) => {
        prepared = [];
        const r = await api.get(`/api/orders?state=received,assigned,claimed,in_progress&limit=${limit}`, agent);
        expect(r.body.items.length).toBe(limit);
        return prepared.filter((q) => q.includes('sla_clocks')).length;
      };
      const one = await count(1);
      const many = await count(8);
      expect(one).toBe(1);
      expect(many).toBe(1);
    } finally {
      sqlite.prepare = prepare;
    }
  });

  it('writes system escalations in Chinese with a machine-readable code, on the trail and on the socket', async () => {
    clock.set('2026-03-02T15:00:00+08:00');
    const o = await handoff({ conversationId: 'sla-escalate-zh' });
    const overdue: { orderNo: string; clockLabel: string; message: string }[] = [];
    const off = s.ctx.bus.on('sla.overdue', (p) => overdue.push(p));
    clock.advance(31 * 60_000);
    await api.get('/api/sla', agent); // runs the SLA check
    off();
    const detail = (await api.get(`/api/orders/${o.orderNo}`, agent)).body.order;
    const esc = (detail.events as { event: string; reason: string; reasonCode: string | null; actor: { kind: string } }[]).find((e) => e.event === 'escalate')!;
    expect(esc.actor.kind).toBe('system');
    expect(esc.reason).toBe(`首次响应超时，已升级至主管测试sup1`);
    expect(esc.reasonCode).toBe('first_response_overdue');
    const pushed = overdue.find((p) => p.orderNo === o.orderNo)!;
    expect(pushed).toMatchObject({ clockLabel: '首次响应', message: `超时：工单 ${o.orderNo} 的首次响应超时，已升级至主管测试sup1` });
  });

  it('documents the list item SLA clocks in the OpenAPI output', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    const list = doc.paths['/api/orders'].get.responses['200'].content['application/json'].schema;
    const clockSchema = list.properties.items.items.properties.slaClocks.items;
    expect(clockSchema.required).toEqual(expect.arrayContaining(['kind', 'dueAt', 'state']));
    expect(clockSchema.properties.state.enum).toEqual(['ok', 'warning', 'overdue']);
    expect(clockSchema.properties.kind.enum).toEqual(['first_response', 'callback', 'resolution']);
  });
});
