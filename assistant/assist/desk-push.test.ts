// The whole repeat-contact flow through the real modules (chat door, orders + staff + desk socket,
// citizens): a staff member logs in and opens /ws/desk; a citizen opens a chat with their phone
// number and asks; later the same number opens a second chat → the desk receives `assist.pushed`
// within a second with the archive and material; staff fetch it again, ask for a suggested
// answer; the suggestion and the archive never show the raw number.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, TEST_ENV, type TestServer } from '../testing/server';

let s: TestServer;
let token = '';

beforeAll(async () => {
  s = await startTestServer();
  const r = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: TEST_ENV.ADMIN_USERNAME, password: TEST_ENV.ADMIN_PASSWORD }),
  });
  expect(r.status).toBe(200);
  token = (await r.json()).token;
});
afterAll(async () => {
  await s?.cleanup();
});

/** A socket with a frame queue: next(type) resolves with the next frame of that type. */
function open(url: string) {
  const ws = new WebSocket(url);
  const frames: any[] = [];
  const waiters: { type: string; resolve: (f: any) => void }[] = [];
  ws.on('message', (d) => {
    const f = JSON.parse(String(d));
    const i = waiters.findIndex((w) => w.type === f.type);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(f);
    else frames.push(f);
  });
  const next = (type: string, ms = 5000) =>
    new Promise<any>((resolve, reject) => {
      const i = frames.findIndex((f) => f.type === type);
      if (i >= 0) return resolve(frames.splice(i, 1)[0]);
      const t = setTimeout(() => reject(new Error(`no ${type} frame within ${ms} ms`)), ms);
      waiters.push({ type, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  const ready = new Promise<void>((r, j) => (ws.once('open', () => r()), ws.once('error', j)));
  return { ws, next, ready, send: (o: unknown) => ws.send(JSON.stringify(o)) };
}

const api = async (path: string, body?: unknown) => {
  const r = await fetch(s.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
};

describe('repeat contact → desk', () => {
  it('pushes the archive and material to the desk socket when the same phone opens a second chat', async () => {
    const desk = open(`${s.wsUrl}/ws/desk?token=${encodeURIComponent(token)}`);
    await desk.ready;
    await desk.next('hello');

    const chat1 = open(`${s.wsUrl}/ws/chat`);
    await chat1.ready;
    chat1.send({ type: 'hello', citizen: { phone: '13800131234' } });
    const ready1 = await chat1.next('ready');
    const started1 = await desk.next('contact.started');
    expect(started1.conversationId).toBe(ready1.conversationId);
    chat1.send({ type: 'message', text: '公司拖欠我三个月工资，怎么办？' });
    await chat1.next('answer_done', 15000);
    chat1.ws.close();

    const chat2 = open(`${s.wsUrl}/ws/chat`);
    await chat2.ready;
    const t0 = Date.now();
    chat2.send({ type: 'hello', citizen: { phone: '+86 138 0013 1234' } });
    const ready2 = await chat2.next('ready');
    const push = await desk.next('assist.pushed', 1000);
    expect(Date.now() - t0).toBeLessThan(1000);
    const started2 = await desk.next('contact.started');
    expect(push.contactId).toBe(started2.contactId);
    expect(started2.conversationId).toBe(ready2.conversationId);
    const p = push.payload;
    expect(p.citizen.phones).toEqual(['138****1234']);
    expect(p.archive.overview.contacts).toBe(1);
    expect(p.archive.recent[0].summary).toContain('公司拖欠我三个月工资');
    expect(p.laws.length).toBeGreaterThan(0);
    expect(p.laws.every((l: { why: string[] }) => l.why.length > 0)).toBe(true);
    expect(JSON.stringify(push)).not.toContain('13800131234');

    // the desk opens it later; once the citizen has asked, the material follows the new question
    chat2.send({ type: 'message', text: '离婚后孩子的抚养费怎么算？' });
    await chat2.next('answer_done', 15000);
    const later = await api(`/api/assist/contacts/${push.contactId}`);
    expect(later.status).toBe(200);
    expect(later.body.payload.question).toBe('离婚后孩子的抚养费怎么算？');
    expect(later.body.payload.topic).toBe('婚姻家庭');

    const sug = await api('/api/assist/suggest', { conversationId: ready2.conversationId });
    expect(sug.status).toBe(201);
    expect(sug.body.question).toContain('抚养费');
    for (const c of sug.body.citations) expect(s.knowledge.getArticle(c.law, c.article)?.status).toBe('in_force');

    const archive = await api(`/api/citizens/${push.citizenId}/archive`);
    expect(archive.body.entries.filter((e: { kind: string }) => e.kind === 'contact')).toHaveLength(2);
    expect(JSON.stringify(archive.body)).not.toContain('13800131234');
    chat2.ws.close();
    desk.ws.close();
  });

  it('learns a work order resolved through the orders API: the next similar question finds it', async () => {
    const chat = open(`${s.wsUrl}/ws/chat`);
    await chat.ready;
    chat.send({ type: 'hello', citizen: { phone: '13922223333' } });
    await chat.next('ready');
    const question = '我在快递公司做分拣员，公司一直不跟我签劳动合同，已经干了八个月了，我叫钱多多，电话13922223333';
    chat.send({ type: 'message', text: question });
    await chat.next('answer_done', 15000);
    chat.send({ type: 'handoff_request', reason: '想找人工' });
    const { orderNo } = await chat.next('handoff', 15000);
    chat.ws.close();

    for (const [action, body] of [
      ['claim', {}],
      ['start', {}],
      ['resolve', { resolution: '已告知钱多多：超过一个月未签书面劳动合同，可主张每月二倍工资，可向劳动人事争议仲裁委员会申请仲裁。', cited: [{ law: '劳动合同法', article: '第八十二条' }] }],
    ] as const) {
      const r = await api(`/api/orders/${orderNo}/${action}`, body);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    let found;
    for (let i = 0; i < 50 && !found; i++) {
      found = (await s.knowledge.similarOrders('快递公司不签劳动合同能要双倍工资吗', 10)).find((o) => o.order.externalId === orderNo);
      if (!found) await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toBeDefined();
    expect(found!.order.cited).toEqual([{ law: '中华人民共和国劳动合同法', article: '第八十二条' }]);
    expect(found!.order.resolution).toContain('二倍工资');
    expect(JSON.stringify(found!.order)).not.toMatch(/13922223333|钱多多/);

    const citizen = (await api('/api/citizens?phone=13922223333')).body.citizens[0];
    const archive = await api(`/api/citizens/${citizen.id}/archive`);
    expect(archive.body.entries.find((e: { kind: string }) => e.kind === 'order')).toMatchObject({ orderNo, state: 'resolved' });
  });

  it('leaves no raw phone number in any SQLite file of the whole server (incl. WAL)', () => {
    const found: string[] = [];
    for (const f of readdirSync(s.dir)) {
      if (!/\.sqlite(-wal|-shm)?$/.test(f)) continue;
      const bytes = readFileSync(join(s.dir, f));
      for (const secret of ['13800131234', '13922223333']) if (bytes.includes(Buffer.from(secret))) found.push(`${f}: ${secret}`);
    }
    expect(found).toEqual([]);
  });
});
