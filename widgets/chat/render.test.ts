// Rendering of log entries without a browser: the preact element tree of a message, with its
// function components called, flattened to text and classes (no DOM needed for pure components).
import { h, type ComponentChildren, type VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from './state';
import { Message } from './ui/Message';

interface Node {
  tag: string;
  props: Record<string, unknown>;
  children: (Node | string)[];
}

/** Expand function components (pure ones only: no hooks) and flatten to plain nodes. */
function expand(c: ComponentChildren): (Node | string)[] {
  if (c === null || c === undefined || typeof c === 'boolean') return [];
  if (typeof c === 'string' || typeof c === 'number' || typeof c === 'bigint') return [String(c)];
  if (Array.isArray(c)) return c.flatMap(expand);
  const v = c as VNode<Record<string, unknown>>;
  if (typeof v.type === 'function') return expand((v.type as (p: unknown) => ComponentChildren)(v.props));
  const { children, ...props } = v.props as Record<string, unknown> & { children?: ComponentChildren };
  return [{ tag: String(v.type ?? 'fragment'), props, children: expand(children) }];
}

const text = (n: Node | string): string => (typeof n === 'string' ? n : n.children.map(text).join(''));
function find(n: Node | string, pred: (n: Node) => boolean): Node[] {
  if (typeof n === 'string') return [];
  return [...(pred(n) ? [n] : []), ...n.children.flatMap((c) => find(c, pred))];
}
const hasClass = (cls: string) => (n: Node) => String(n.props.class ?? '').split(/\s+/).includes(cls);

const render = (m: ChatMessage) => expand(h(Message, { m, onRate: () => {} }))[0] as Node;

describe('Message rendering', () => {
  const no = '12348-20261123-000001';
  const status: ChatMessage = { key: 'm3', role: 'system', kind: 'order_status', text: `您的工单 ${no} 已办结。欢迎您对本次服务进行评价。`, orderNo: no, orderState: 'resolved', messageId: 'n2', citations: [] };

  it('a work-order status notice is a status line: its own class, the order number marked, no sender, no rating', () => {
    const root = render(status);
    expect(root.props['data-kind']).toBe('order_status');
    expect(root.props['data-state']).toBe('resolved');
    expect(hasClass('order-status')(root)).toBe(true);
    expect(find(root, hasClass('bubble'))).toHaveLength(0); // not a chat bubble
    expect(find(root, hasClass('who'))).toHaveLength(0); // from nobody: no 工作人员 / 系统提示 label
    expect(find(root, hasClass('rate'))).toHaveLength(0);
    const line = find(root, hasClass('statusline'));
    expect(line).toHaveLength(1);
    expect(text(line[0])).toBe(`工单进度：您的工单 ${no} 已办结。欢迎您对本次服务进行评价。`);
    expect(find(root, hasClass('no')).map(text)).toEqual([no]);
    expect(text(root)).not.toContain('工作人员');
  });

  it('a resolved order offers 「评价本次服务」, which opens the progress form; other states do not', () => {
    let opened = 0;
    const root = expand(h(Message, { m: status, onRate: () => {}, onOpenProgress: () => opened++ }))[0] as Node;
    const buttons = find(root, (n) => n.tag === 'button');
    expect(buttons.map(text)).toEqual(['评价本次服务']);
    (buttons[0].props.onClick as () => void)();
    expect(opened).toBe(1);
    const claimed = expand(h(Message, { m: { ...status, orderState: 'claimed', text: `您的工单 ${no} 已由工作人员受理。` }, onRate: () => {}, onOpenProgress: () => opened++ }))[0] as Node;
    expect(find(claimed, (n) => n.tag === 'button')).toHaveLength(0);
    expect(find(render(status), (n) => n.tag === 'button')).toHaveLength(0); // no form to open: no button
  });

  it('a text without the number is shown as it is', () => {
    const root = render({ ...status, text: '工单已办结。', orderNo: undefined });
    expect(text(find(root, hasClass('statusline'))[0])).toBe('工单进度：工单已办结。');
  });

  it('a staff reply stays a staff bubble with the sender', () => {
    const root = render({ key: 'm4', role: 'staff', kind: 'staff', text: '您好，我是值班律师', from: '张律师', citations: [] });
    expect(hasClass('staff')(root)).toBe(true);
    expect(root.props['data-kind']).toBe('staff');
    expect(find(root, hasClass('statusline'))).toHaveLength(0);
    expect(text(find(root, hasClass('who'))[0])).toBe('工作人员 张律师：');
  });
});
