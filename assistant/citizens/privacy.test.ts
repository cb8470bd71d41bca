// No raw personal number anywhere after a run: every flow that touches a phone or ID-card number
// (registration, lookup, desk visits, contacts with numbers in the text, the push, suggestions,
// flags, reveal, merge, learning from a resolved order) runs against a real server; then the
// bytes of the SQLite files (main, -wal, -shm, app and knowledge stores) and every captured log
// line are scanned for the raw numbers and the citizen's name.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensModule, type CitizensModule } from './module';
import { ordersModule, startCitizensServer, TestOrders, type CitizensTestServer } from './test-server';

const PHONE = '13812345678';
const PHONE2 = '15900001111';
const ID = '11010519491231002X';
const NAME = '欧阳明';
const SECRETS = [PHONE, PHONE2, ID, NAME, '138 1234 5678', '138-1234-5678'];

let s: CitizensTestServer;
let mod: CitizensModule;
const orders = new TestOrders();

function scanFiles(dir: string): { file: string; secret: string }[] {
  const found: { file: string; secret: string }[] = [];
  for (const f of readdirSync(dir)) {
    if (!/\.sqlite(-wal|-shm|-journal)?$/.test(f)) continue;
    const bytes = readFileSync(join(dir, f));
    for (const secret of SECRETS) {
      if (bytes.includes(Buffer.from(secret, 'utf8')) || bytes.includes(Buffer.from(secret, 'utf16le'))) found.push({ file: f, secret });
    }
  }
  return found;
}

beforeAll(async () => {
  mod = citizensModule();
  s = await startCitizensServer({ modules: [{ name: 'test-staff' }, ordersModule(orders), mod] });
});
afterAll(async () => {
  await s?.cleanup();
});

describe('personal numbers at rest and in logs', () => {
  it('never stores or logs a raw phone / ID-card number or the name', async () => {
    const c = await s.api('/api/citizens', { body: { phone: '+86 138-1234-5678', idCard: ID, name: NAME } });
    const id = c.body.citizen.id;
    await s.api(`/api/citizens?phone=${PHONE}`);
    await s.api(`/api/citizens?idCard=${ID}`);
    await s.api(`/api/citizens/${id}/visits`, { body: { text: `我叫${NAME}，电话${PHONE}，身份证${ID}，公司拖欠工资`, summary: `回电 ${PHONE}` } });
    const port = s.ctx.ports.citizens!;
    const ref = port.identify({ phone: PHONE, name: NAME })!;
    const cid = await port.contactStarted({ citizenId: ref.citizenId, channel: 'voice', text: `我的电话是${PHONE}，老板拖欠工资三个月` });
    await mod.runtime().service.pending.get(cid);
    expect((await s.api(`/api/assist/contacts/${cid}`)).status).toBe(200);
    const sug = await s.api('/api/assist/suggest', { body: { contactId: cid } });
    await s.api(`/api/assist/suggestions/${sug.body.id}/outcome`, { body: { outcome: 'edited', text: `请回电${PHONE}告知：依据《劳动合同法》第三十条申请支付令。` } });
    await s.api('/api/assist/flags', { body: { kind: 'bad_answer', note: `群众${NAME}（${ID}）反映答复不对` } });
    const rev = await s.api(`/api/citizens/${id}/reveal`, { body: { reason: `回访 ${PHONE}` }, as: 'supervisor' });
    expect(rev.body.numbers[0].value).toBe(PHONE); // the one place a raw number may appear: the reveal response
    const dup = port.identify({ phone: PHONE2 })!;
    await s.api(`/api/citizens/${dup.citizenId}/merge`, { body: { into: id, reason: `同一人 ${PHONE2}` } });
    const o = orders.add(id, { question: `我叫${NAME}，手机${PHONE}，工资被拖欠` });
    orders.resolve(o.orderId, `已电话${PHONE}告知${NAME}申请支付令`, [{ law: '劳动合同法', article: '第三十条' }]);
    s.ctx.bus.emit('order.updated', { orderNo: o.orderNo, orderId: o.orderId, state: 'resolved', event: 'resolve', at: new Date().toISOString() });
    await Promise.all(mod.runtime().learner.pending);
    expect((await s.knowledge.similarOrders('工资被拖欠', 10)).some((x) => x.order.externalId === o.orderNo)).toBe(true);

    // while running: main files and WAL
    expect(existsSync(join(s.dir, 'app.sqlite-wal'))).toBe(true);
    expect(scanFiles(s.dir)).toEqual([]);
    // logs were captured (the access to the numbers is logged) but hold no raw number
    expect(s.logs.length).toBeGreaterThan(5);
    expect(s.logs.some((l) => l.includes('citizen data access') && l.includes('reveal'))).toBe(true);
    for (const secret of SECRETS) expect(s.logs.filter((l) => l.includes(secret))).toEqual([]);
    // the access audit kept the reason, masked
    const audit = s.ctx.sqlite.prepare("select detail from citizen_access where action = 'reveal'").all() as { detail: string }[];
    expect(audit[0].detail).toContain('138****5678');

    // after a checkpoint the main files still hold none
    s.ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(scanFiles(s.dir)).toEqual([]);
  });
});
