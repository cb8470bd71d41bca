// Resolved orders feed retrieval: order.updated{state:'resolved'} → resolvedForLearning → masked
// → knowledge.addPastOrder; afterwards a similar question finds it through similarOrders (and the
// repeat-contact push shows its resolution). Idempotent per order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizensModule, type CitizensModule } from '../citizens/module';
import { ordersModule, startCitizensServer, TestOrders, type CitizensTestServer } from '../citizens/test-server';

let s: CitizensTestServer;
let mod: CitizensModule;
const orders = new TestOrders();

beforeAll(async () => {
  mod = citizensModule();
  s = await startCitizensServer({ modules: [{ name: 'test-staff' }, ordersModule(orders), mod] });
});
afterAll(async () => {
  await s?.cleanup();
});

const Q = '外卖平台骑手送餐途中摔伤，站点说不是员工不给算工伤，我叫赵铁柱，电话13800131234';

describe('learning from resolved orders', () => {
  it('masks and learns a resolved order so the next similar question finds it', async () => {
    const before = await s.knowledge.similarOrders('骑手送餐摔伤能算工伤吗', 5);
    expect(before.some((o) => o.order.question.includes('骑手'))).toBe(false);

    const ref = s.ctx.ports.citizens!.identify({ phone: '13800131234' })!;
    const o = orders.add(ref.citizenId, { question: Q, domain: '社保工伤' });
    s.ctx.bus.emit('order.updated', { orderNo: o.orderNo, orderId: o.orderId, state: 'processing', event: 'claim', at: new Date().toISOString() });
    orders.resolve(o.orderId, '已告知赵铁柱：骑手与站点存在劳动关系的，可申请工伤认定；先申请确认劳动关系。回访电话13800131234。', [
      { law: '劳动合同法', article: '第三十条' },
    ]);
    s.ctx.bus.emit('order.updated', { orderNo: o.orderNo, orderId: o.orderId, state: 'resolved', event: 'resolve', at: new Date().toISOString() });
    await Promise.all(mod.runtime().learner.pending);

    const after = await s.knowledge.similarOrders('骑手送餐摔伤能算工伤吗', 5);
    const hit = after.find((x) => x.order.externalId === o.orderNo);
    expect(hit).toBeDefined();
    expect(hit!.order.question).not.toMatch(/13800131234|赵铁柱/);
    expect(hit!.order.question).toContain('我叫赵**');
    expect(hit!.order.resolution).not.toMatch(/13800131234|赵铁柱/);
    expect(hit!.order.cited).toEqual([{ law: '中华人民共和国劳动合同法', article: '第三十条' }]);
    expect(hit!.order.category).toBe('社保工伤');

    // learned once: a repeated event or a manual call does not add it again
    s.ctx.bus.emit('order.updated', { orderNo: o.orderNo, orderId: o.orderId, state: 'resolved', event: 'resolve', at: new Date().toISOString() });
    await Promise.all(mod.runtime().learner.pending);
    const manual = await s.api(`/api/assist/learn/${o.orderId}`, { method: 'POST', as: 'supervisor' });
    expect(manual.body.status).toBe('already');
    const again = await s.knowledge.similarOrders('骑手送餐摔伤能算工伤吗', 10);
    expect(again.filter((x) => x.order.externalId === o.orderNo)).toHaveLength(1);

    // and the repeat-contact push of the next similar question shows its resolution
    const other = s.ctx.ports.citizens!.identify({ phone: '13955556666' })!;
    await s.ctx.ports.citizens!.contactStarted({ citizenId: other.citizenId, channel: 'voice', text: '上次问过欠薪' });
    const cid = await s.ctx.ports.citizens!.contactStarted({ citizenId: other.citizenId, channel: 'web', text: '我是骑手，送餐时摔伤了，站点不给算工伤' });
    await mod.runtime().service.pending.get(cid);
    const push = await s.api(`/api/assist/contacts/${cid}`);
    const so = push.body.payload.similarOrders.find((x: { externalId: string }) => x.externalId === o.orderNo);
    expect(so.resolution).toContain('申请工伤认定');
    expect(so.resolution).not.toContain('13800131234');
  });

  it('skips orders that are not resolved and reports a missing order', async () => {
    const ref = s.ctx.ports.citizens!.identify({ phone: '13711112222' })!;
    const o = orders.add(ref.citizenId, { question: '物业费' });
    expect(mod.runtime().learner.learn(o.orderId)).toMatchObject({ status: 'skipped' });
    expect((await s.api(`/api/assist/learn/${o.orderId}`, { method: 'POST' })).status).toBe(403);
    expect((await s.api(`/api/assist/learn/999`, { method: 'POST', as: 'supervisor' })).body.status).toBe('skipped');
  });
});
