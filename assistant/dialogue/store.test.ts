// The conversation store on a real SQLite file with the chat migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHAT_MIGRATIONS } from '../chat/module';
import { openAppDb, type OpenedDb } from '../db';
import type { Citation, Triage } from '../ports';
import { ChatStore } from './store';

let dir: string;
let db: OpenedDb;
let store: ChatStore;
const triage: Triage = { domain: '劳动', service: '法律咨询', confidence: 0.8, flags: ['legal_aid_candidate'], urgency: 'normal' };
const cite: Citation = { law: '中华人民共和国劳动合同法', article: '第三十条', text: '用人单位应当……', status: 'in_force' };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'chat-store-'));
  db = openAppDb(join(dir, 'app.sqlite'), [{ name: 'chat', migrations: CHAT_MIGRATIONS }]);
  store = new ChatStore(db.sqlite, () => new Date('2026-03-02T01:00:00Z'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ChatStore', () => {
  it('stores a turn with its triage and citations, redacted, in order', () => {
    store.create({ id: 'conv-0000000000000001', channel: 'web' });
    const [q, a] = store.append('conv-0000000000000001', [
      { role: 'citizen', kind: 'question', text: '我电话13812345678，身份证110101199003071234，老板欠薪', triage },
      { role: 'assistant', kind: 'answer', text: '答复', mode: 'rules', confidence: 0.7, citations: [cite] },
    ], { domain: '劳动', service: '法律咨询' });
    const msgs = store.messages('conv-0000000000000001');
    expect(msgs.map((m) => m.id)).toEqual([q, a]);
    expect(msgs[0].text).toBe('我电话138****5678，身份证110101********1234，老板欠薪');
    expect(msgs[0].triage).toEqual(triage);
    expect(msgs[1].citations).toEqual([cite]);
    const conv = store.get('conv-0000000000000001')!;
    expect(conv.domain).toBe('劳动');
    expect(conv.firstAskedAt).toBe('2026-03-02T01:00:00.000Z');
    expect(store.lastTriage('conv-0000000000000001')).toEqual(triage);
    expect(store.articles('conv-0000000000000001')).toEqual([{ law: cite.law, article: cite.article }]);
  });

  it('a failing write leaves nothing behind (one transaction)', () => {
    store.create({ id: 'conv-0000000000000002', channel: 'web' });
    const bad = { ...cite, text: null as unknown as string };
    expect(() =>
      store.append('conv-0000000000000002', [
        { role: 'citizen', kind: 'question', text: '问题', triage },
        { role: 'assistant', kind: 'answer', text: '答复', citations: [bad] },
      ]),
    ).toThrow();
    expect(store.messages('conv-0000000000000002')).toEqual([]);
    expect(store.lastTriage('conv-0000000000000002')).toBeNull();
    expect(store.get('conv-0000000000000002')!.firstAskedAt).toBeNull();
  });

  it('a rating is replaced, not duplicated; handoff state is kept', () => {
    store.create({ id: 'conv-0000000000000003', channel: 'voice' });
    const [, a] = store.append('conv-0000000000000003', [
      { role: 'citizen', kind: 'question', text: '问题' },
      { role: 'assistant', kind: 'answer', text: '答复' },
    ]);
    store.rate('conv-0000000000000003', a, true, null);
    store.rate('conv-0000000000000003', a, false, '没用，电话13812345678');
    expect(store.messages('conv-0000000000000003')[1].rating).toEqual({ useful: false, comment: '没用，电话138****5678' });
    store.append('conv-0000000000000003', [{ role: 'assistant', kind: 'handoff', text: '已转人工' }], { status: 'handed_off', orderNo: 'N1' });
    store.append('conv-0000000000000003', [{ role: 'citizen', kind: 'question', text: '在吗' }]);
    expect(store.get('conv-0000000000000003')).toMatchObject({ status: 'handed_off', orderNo: 'N1' });
  });
});
