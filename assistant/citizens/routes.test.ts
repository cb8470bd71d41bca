// /api/citizens end to end against a real server on 127.0.0.1: auth, validation, lookup by
// keyed hash, desk visits, the archive, reveal policy with its audit, merge and un-merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensModule } from './module';
import { ordersModule, startCitizensServer, STAFF, TestOrders, type CitizensTestServer } from './test-server';

let s: CitizensTestServer;
const orders = new TestOrders();

beforeAll(async () => {
  s = await startCitizensServer({ modules: [{ name: 'test-staff' }, ordersModule(orders), citizensModule()] });
});
afterAll(async () => {
  await s?.cleanup();
});

describe('/api/citizens', () => {
  it('requires a staff session', async () => {
    expect((await s.api('/api/citizens?phone=13800131234', { as: null })).status).toBe(401);
    expect((await s.api('/api/citizens/x/archive', { as: null })).status).toBe(401);
    expect((await s.api('/api/assist/stats', { as: null })).status).toBe(401);
  });

  it('refuses bad input with clear Chinese errors', async () => {
    const bad = await s.api('/api/citizens', { body: { phone: '12345' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('电话号码格式不正确');
    const extra = await s.api('/api/citizens', { body: { phone: '13800131234', email: 'x' } });
    expect(extra.status).toBe(400);
    expect(extra.body.error.code).toBe('unknown_field');
    const none = await s.api('/api/citizens?foo=1');
    expect(none.status).toBe(400);
    const json = await s.api('/api/citizens', { body: '{not json' });
    expect(json.body.error.code).toBe('invalid_json');
  });

  it('registers, looks up by number in any format (logged), and builds the archive newest first', async () => {
    const c = await s.api('/api/citizens', { body: { phone: '13800131234', name: '王小明' } });
    expect(c.status).toBe(201);
    const id = c.body.citizen.id as string;
    expect(c.body.citizen.phones).toEqual(['138****1234']);
    expect(c.body.citizen.name).toBe('王**');
    expect((await s.api('/api/citizens', { body: { phone: '138-0013-1234' } })).status).toBe(200);

    const found = await s.api('/api/citizens?phone=%2B86%20138%200013%201234');
    expect(found.body.citizens.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(s.accessLog.some((a) => a.action === 'citizen.lookup' && a.target === `citizen:${id}`)).toBe(true);
    expect((await s.api('/api/citizens?phone=13999999999')).body.citizens).toEqual([]);

    const v1 = await s.api(`/api/citizens/${id}/visits`, { body: { text: '公司拖欠工资两个月，我的电话13800131234', satisfaction: 4 } });
    expect(v1.status).toBe(201);
    expect(v1.body.contact.text).toContain('138****1234');
    expect(v1.body.contact.topic).toBe('劳动');
    orders.add(id, { question: '拖欠工资要求调解', domain: '劳动', createdAt: new Date(Date.now() + 1000).toISOString() });
    await new Promise((r) => setTimeout(r, 5));
    const v2 = await s.api(`/api/citizens/${id}/visits`, { body: { summary: '咨询离婚后抚养费', topic: '婚姻家庭' } });
    expect(v2.status).toBe(201);

    const a = await s.api(`/api/citizens/${id}/archive`);
    expect(a.status).toBe(200);
    const at = a.body.entries.map((e: { at: string }) => e.at);
    expect([...at].sort().reverse()).toEqual(at);
    expect(a.body.entries.map((e: { kind: string }) => e.kind).sort()).toEqual(['contact', 'contact', 'order']);
    const visit1 = a.body.entries.find((e: { id: string }) => e.id === v1.body.contact.id);
    expect(visit1.summary).toContain('窗口来访：公司拖欠工资两个月');
    expect(visit1.satisfaction).toBe(4);
    expect(a.body.overview.contacts).toBe(2);
    expect(a.body.overview.orders).toBe(1);
    expect(a.body.overview.openOrders).toBe(1);
    expect(a.body.overview.text).toContain('共接触 2 次');
    expect(a.body.overview.topics[0]).toEqual({ topic: '劳动', count: 2 });
    expect(a.body.openOrders).toHaveLength(1);

    const patched = await s.api(`/api/citizens/${id}/contacts/${v2.body.contact.id}`, { method: 'PATCH', body: { satisfaction: 5 } });
    expect(patched.body.contact.satisfaction).toBe(5);
    expect((await s.api(`/api/citizens/${id}/contacts/nope`, { method: 'PATCH', body: { satisfaction: 5 } })).status).toBe(404);
  });

  it('reveals a full number only to a supervisor or an agent with an open order of the citizen, and logs both outcomes', async () => {
    const c = await s.api('/api/citizens', { body: { phone: '13700007777', idCard: '11010519491231002X' } });
    const id = c.body.citizen.id;
    const denied = await s.api(`/api/citizens/${id}/reveal`, { body: { reason: '回访' } });
    expect(denied.status).toBe(403);
    const sup = await s.api(`/api/citizens/${id}/reveal`, { body: { reason: '回访群众', kind: 'phone' }, as: 'supervisor' });
    expect(sup.status).toBe(200);
    expect(sup.body.numbers).toEqual([{ masked: '137****7777', value: '13700007777' }]);
    const idc = await s.api(`/api/citizens/${id}/reveal`, { body: { reason: '法律援助审核', kind: 'id' }, as: 'supervisor' });
    expect(idc.body.numbers[0].value).toBe('11010519491231002X');
    orders.add(id, { question: '工伤认定' });
    const agent = await s.api(`/api/citizens/${id}/reveal`, { body: { reason: '回访' } });
    expect(agent.status).toBe(200);
    const log = await s.api(`/api/citizens/${id}/access-log`, { as: 'supervisor' });
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['reveal_denied', 'reveal']));
    expect(log.body.entries.filter((e: { action: string }) => e.action === 'reveal')).toHaveLength(3);
    expect((await s.api(`/api/citizens/${id}/access-log`)).status).toBe(403);
    expect(s.accessLog.filter((a) => a.action === 'citizen.reveal' && a.target === `citizen:${id}`)).toHaveLength(3);
  });

  it('merges a duplicate (its contacts join the archive) and un-merges it, audited', async () => {
    const a = (await s.api('/api/citizens', { body: { phone: '13611112222' } })).body.citizen.id;
    const b = (await s.api('/api/citizens', { body: { phone: '13633334444' } })).body.citizen.id;
    await s.api(`/api/citizens/${b}/visits`, { body: { text: '邻居噪音扰民' } });
    const m = await s.api(`/api/citizens/${b}/merge`, { body: { into: a, reason: '同一人两个号码' } });
    expect(m.status).toBe(200);
    expect(m.body.citizen.phones.sort()).toEqual(['136****2222', '136****4444']);
    expect((await s.api(`/api/citizens/${a}/archive`)).body.overview.contacts).toBe(1);
    expect((await s.api('/api/citizens?phone=13633334444')).body.citizens[0].id).toBe(a);
    expect((await s.api(`/api/citizens/${a}/merge`, { body: { into: b, reason: '反向' } })).status).toBe(409);

    const u = await s.api(`/api/citizens/merges/${m.body.merge.id}/undo`, { body: { reason: '核实不是同一人' } });
    expect(u.status).toBe(200);
    expect((await s.api(`/api/citizens/${a}/archive`)).body.overview.contacts).toBe(0);
    expect((await s.api(`/api/citizens/${b}/archive`)).body.overview.contacts).toBe(1);
    expect((await s.api(`/api/citizens/merges/${m.body.merge.id}/undo`, { body: { reason: '再次撤销' } })).status).toBe(409);
    const hist = await s.api(`/api/citizens/${a}`);
    expect(hist.body.merges[0].undoneBy).toBe(STAFF.agent.id);
    expect(s.accessLog.filter((x) => x.action === 'citizen.merge' || x.action === 'citizen.unmerge')).toHaveLength(2);
  });

  it('documents its routes in the OpenAPI file', async () => {
    const r = await fetch(`${s.url}/api/openapi.json`).then((x) => x.json());
    expect(Object.keys(r.paths)).toEqual(expect.arrayContaining(['/api/citizens', '/api/citizens/{id}/archive', '/api/citizens/{id}/reveal', '/api/assist/suggest', '/api/assist/stats']));
  });
});
