// What the citizen is told when a handoff opens a work order: the number, who handles it, when
// they will be contacted (inside or outside business hours), and how to follow progress.
import type { BusinessCalendar } from './calendar';
import { planClock, type OrderType, type SlaData, type Urgency } from './rules';

export interface HandoffMessageInput {
  orderNo: string;
  type: OrderType;
  urgency: Urgency;
  teamName: string;
  teamKind: 'internal' | 'partner';
  phoneMasked: string | null;
  now: Date;
  appointmentAt?: string | null;
  /** voice: spoken by TTS, so no masked digits ("138****8000" reads badly) and no "this page". */
  channel?: 'web' | 'voice' | 'desk' | 'api';
}

const TYPE_HINT: Partial<Record<OrderType, string>> = {
  legal_aid: '法律援助申请将由法律援助中心审查，请提前准备身份证件、经济困难状况说明和与案件有关的材料。',
  mediation: '调解组织将与您联系，了解纠纷情况并约定调解时间，请准备好相关证据材料。',
  complaint: '您的投诉已登记，我们将认真核查并在办结后向您反馈结果。',
};

export function handoffMessage(cal: BusinessCalendar, sla: SlaData, m: HandoffMessageInput): string {
  const parts: string[] = [];
  if (m.urgency === 'emergency') {
    parts.push('如您或他人正面临人身安全危险，请立即拨打 110（医疗急救 120）。');
    parts.push(`我们已为您登记紧急工单，工单号：${m.orderNo}。`);
  } else {
    parts.push(`已为您转接人工服务，工单号：${m.orderNo}。`);
  }
  const who = m.teamKind === 'partner' ? `${m.teamName}的工作人员` : '工作人员';
  const voice = m.channel === 'voice';
  const how = m.phoneMasked
    ? voice
      ? '回拨您的来电号码'
      : `通过您留下的电话（${m.phoneMasked}）与您联系`
    : voice
      ? '与您联系'
      : '与您联系，请留意本页面的消息';
  const first = planClock(sla, cal, m.type, m.urgency, 'first_response', m.now);
  if (first.calendar === '24x7') {
    parts.push(`值班${who}将在 ${first.minutes} 分钟内${how}。`);
  } else if (cal.isOpen(m.now)) {
    parts.push(`${who}将在工作时间 ${formatMinutes(first.minutes)}内${how}。`);
  } else {
    const next = cal.nextOpen(m.now);
    parts.push(`现在是非工作时间（${cal.data.hoursLabel}），${who}将在 ${cal.describe(next)} 上班后尽快${how}。`);
  }
  if (m.appointmentAt) parts.push(`您预约的时间是 ${cal.describe(new Date(m.appointmentAt))}。`);
  const hint = TYPE_HINT[m.type];
  if (hint) parts.push(hint);
  parts.push(
    m.phoneMasked
      ? '您可以凭工单号和手机号后四位，通过 12348 网站、12348 热线或服务窗口随时查询办理进度。'
      : '您没有留下手机号，请保存好工单号；查询进度时请拨打 12348 热线，由工作人员核实身份后告知。',
  );
  return parts.join('');
}

function formatMinutes(min: number): string {
  if (min < 60) return `${min} 分钟`;
  if (min % 60 === 0) return `${min / 60} 小时`;
  return `${Math.floor(min / 60)} 小时 ${min % 60} 分钟`;
}
