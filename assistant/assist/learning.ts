// Feedback into knowledge: a work order resolved in this system becomes a past work order the
// knowledge core learns from (personal data masked first), so the next similar question finds
// it. Idempotent per order (learned_orders).
import { eq } from 'drizzle-orm';
import type { AppContext } from '../context';
import { maskPersonal, namesIn } from '../citizens/names';
import { learnedOrders } from './schema';

export type LearnResult = { status: 'learned'; pastOrderId: number } | { status: 'skipped' | 'failed' | 'already'; detail: string };

export class Learner {
  private unsubscribe: (() => void) | null = null;
  /** Learning in flight (tests await it). */
  readonly pending = new Set<Promise<LearnResult>>();

  constructor(
    private ctx: AppContext,
    /** Names known for the order's citizen, masked wherever they occur (optional). */
    private namesFor: (orderId: number) => string[] = () => [],
  ) {}

  listen(): void {
    this.unsubscribe = this.ctx.bus.on('order.updated', (e) => {
      if (e.state !== 'resolved') return;
      const p = Promise.resolve().then(() => this.learn(e.orderId));
      this.pending.add(p);
      void p.finally(() => this.pending.delete(p));
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  learn(orderId: number): LearnResult {
    const done = this.ctx.db.select().from(learnedOrders).where(eq(learnedOrders.orderId, orderId)).get();
    if (done?.status === 'learned') return { status: 'already', detail: `past order ${done.pastOrderId}` };
    const port = this.ctx.ports.orders;
    if (!port) return this.note(orderId, `#${orderId}`, 'failed', 'orders port unavailable');
    let r;
    try {
      r = port.resolvedForLearning(orderId);
    } catch (e) {
      return this.note(orderId, `#${orderId}`, 'failed', (e as Error).message);
    }
    if (!r) return this.note(orderId, `#${orderId}`, 'skipped', 'not resolved');
    if (!r.question.trim() || !r.resolution.trim()) return this.note(orderId, r.orderNo, 'skipped', 'no question or resolution');
    const names = [...this.namesFor(orderId), ...namesIn(r.question), ...namesIn(r.resolution)];
    try {
      const pastOrderId = this.ctx.knowledge.addPastOrder({
        externalId: r.orderNo,
        question: maskPersonal(r.question, names).slice(0, 2000),
        resolution: maskPersonal(r.resolution, names).slice(0, 4000),
        cited: r.cited.map((c) => ({ law: this.ctx.knowledge.resolveLaw(c.law) ?? c.law, article: c.article })),
        category: r.domain ?? undefined,
        channel: r.channel,
        region: r.region ?? undefined,
        createdAt: r.createdAt,
        resolvedAt: r.resolvedAt,
        satisfaction: r.satisfaction ?? undefined,
        source: 'live',
      });
      this.write(orderId, r.orderNo, 'learned', null, pastOrderId);
      this.ctx.log.info('resolved order learned', { orderNo: r.orderNo, pastOrderId });
      return { status: 'learned', pastOrderId };
    } catch (e) {
      return this.note(orderId, r.orderNo, 'failed', (e as Error).message);
    }
  }

  private note(orderId: number, orderNo: string, status: 'skipped' | 'failed', detail: string): LearnResult {
    this.write(orderId, orderNo, status, detail, null);
    if (status === 'failed') this.ctx.log.warn('learning from resolved order failed', { orderId, detail });
    return { status, detail };
  }

  private write(orderId: number, orderNo: string, status: string, detail: string | null, pastOrderId: number | null) {
    const at = this.ctx.clock.now().toISOString();
    this.ctx.db
      .insert(learnedOrders)
      .values({ orderId, orderNo, status, detail, pastOrderId, at })
      .onConflictDoUpdate({ target: learnedOrders.orderId, set: { status, detail, pastOrderId, at, orderNo } })
      .run();
  }
}
