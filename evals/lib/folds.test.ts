import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertPastOrders, listPastOrders } from '../../knowledge/store/queries';
import { openKnowledgeStore, type KnowledgeStore } from '../../knowledge/store/db';
import { clearRounds, EVAL_SOURCE, storeRoundOrders } from './folds';

const q = (i: number) => ({ externalId: `q${i}`, question: `问题${i}`, cited: [{ law: '中华人民共和国劳动法', article: '第三十六条' }] });

describe('evaluation rounds in a real store', () => {
  let dir = '';
  let store: KnowledgeStore | null = null;
  afterEach(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stores the other folds (plus extras) as past orders, replaces the last round and leaves other orders alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'folds-'));
    store = openKnowledgeStore(join(dir, 'k.sqlite'));
    insertPastOrders(store, [{ ...q(99), source: 'live' }]);
    const queries = [0, 1, 2, 3, 4, 5].map(q);
    const ids = () => listPastOrders(store!, { source: EVAL_SOURCE }).map((o) => o.externalId).sort();
    expect(storeRoundOrders(store, queries, 3, 0)).toBe(4);
    expect(ids()).toEqual(['q1', 'q2', 'q4', 'q5']); // fold 0 = questions 0 and 3
    expect(storeRoundOrders(store, queries, 3, 1, [{ ...q(7) }])).toBe(5);
    expect(ids()).toEqual(['q0', 'q2', 'q3', 'q5', 'q7']);
    clearRounds(store);
    expect(ids()).toEqual([]);
    expect(listPastOrders(store, { source: 'live' }).map((o) => o.externalId)).toEqual(['q99']);
  });
});
