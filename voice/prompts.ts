// Everything the robot says that is not an answer. Simplified Chinese, written for the ear:
// short sentences, digits a caller must press said as words, 12348 read digit by digit.
import type { Menu } from './menu';
import { spellDigits } from './speak';

const HOTLINE = spellDigits('12348');

export const P = {
  greetingSpeech: `您好，这里是${HOTLINE}公共法律服务热线智能语音助手。请直接说出您想咨询的法律问题，也可以按键选择：转人工服务请按0，查询工单进度请按井号键。`,
  greetingDtmf: `您好，这里是${HOTLINE}公共法律服务热线智能语音助手。语音识别暂时不可用，请使用电话按键选择。`,
  speechHint: '您可以直接说出问题，按9听常见问题，按0转人工服务。',
  afterAnswer: '如需人工服务请按0，返回菜单请按9，重听请按星号键。',
  afterAnswerSpeech: '您可以继续提问；如需人工服务请按0，重听请按星号键。',
  notHeard: '抱歉，没有听清楚，请您再说一遍，或者按0转人工服务。',
  speechWithoutAsr: '抱歉，目前暂时无法识别语音，请使用电话按键选择。',
  invalidKey: '您的按键无效。',
  reprompt: '您好，您还在线吗？',
  goodbyeSilence: '很久没有听到您的声音，本次通话将结束。如需帮助，欢迎再次拨打' + HOTLINE + '。再见。',
  goodbyeMaxDuration: '本次通话时间已达上限，感谢您的来电。如问题还未解决，请再次拨打' + HOTLINE + '，或按提示转人工服务。再见。',
  goodbye: '感谢您的来电，再见。',
  orderPrompt: '请输入工单号码中的全部数字，输入完毕请按井号键。取消请按星号键。',
  last4Prompt: '请输入您登记的手机号码的后四位。',
  orderNotFound: '没有查到与这个工单号码和手机号码后四位相符的工单，请核对后再试。',
  progressUnavailable: '工单查询暂时不可用，请稍后再试，或者按0转人工服务。',
  transferring: '正在为您转接人工服务，请稍候。',
  handoffUnavailable: '抱歉，人工服务暂时无法受理，请您稍后再拨' + HOTLINE + '。',
  dialogueError: '抱歉，系统暂时无法回答这个问题。如需帮助，请按0转人工服务。',
  thinking: '好的，请稍等。',
} as const;

/** The key menu read in DTMF mode (and on key 9 in speech mode). */
export function menuPrompt(menu: Menu): string {
  const topics = menu.topics.map((t) => `${t.title}请按${t.key}`).join('，');
  return `常见问题：${topics}。查询工单进度请按井号键，转人工服务请按0，重听请按星号键。`;
}

/** Said after the handoff message: the number once more (twice when the message did not say it). */
export function orderRepeat(orderNo: string, alreadySaid: boolean): string {
  return alreadySaid ? `我再重复一遍，您的工单号码是：${spellDigits(orderNo)}。` : `您的工单号码是：${spellDigits(orderNo)}。我再重复一遍：${spellDigits(orderNo)}。`;
}

export function progressText(p: { orderNo: string; stateLabel: string; nextStep: string }): string {
  return `工单${spellDigits(p.orderNo)}，目前状态是：${p.stateLabel}。${p.nextStep}`;
}
