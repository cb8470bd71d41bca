// Test support: an in-memory work-order port with the OrdersPort contract (handoff returns a
// number and a message; progress needs the number plus the phone's last four digits), registered
// by a tiny module, for voice tests that run without the orders module.
import type { Module } from '../../assistant/context';
import type { HandoffRequest, HandoffResult, OrdersPort, ProgressView } from '../../assistant/ports';

export class MemoryOrders implements OrdersPort {
  readonly handoffs: HandoffRequest[] = [];
  readonly progressQueries: { orderNo: string; last4: string }[] = [];
  private seq = 0;
  private readonly views = new Map<string, { last4: string; view: ProgressView }>();

  async handoff(req: HandoffRequest): Promise<HandoffResult> {
    this.handoffs.push(req);
    const orderNo = `12348-20261123-${String(++this.seq).padStart(6, '0')}`; // the orders module's format
    const phone = req.citizen?.phone ?? '';
    this.views.set(orderNo, {
      last4: phone.slice(-4),
      view: { orderNo, state: 'new', stateLabel: '待受理', nextStep: '工作人员将在工作时间两小时内与您联系。', updatedAt: new Date().toISOString(), history: [] },
    });
    return { orderNo, message: `已为您转接人工服务，工单号：${orderNo}。工作人员将在工作时间两小时内通过您的来电号码与您联系。` };
  }

  progress(orderNo: string, phoneLast4: string): ProgressView | null {
    this.progressQueries.push({ orderNo, last4: phoneLast4 });
    const v = this.views.get(orderNo);
    return v && v.last4 === phoneLast4 ? v.view : null;
  }

  listByCitizen() {
    return [];
  }

  resolvedForLearning() {
    return null;
  }
}

export function portsModule(ports: { orders?: OrdersPort }): Module {
  return {
    name: 'test-ports',
    init(ctx) {
      if (ports.orders) ctx.ports.orders = ports.orders;
    },
  };
}
