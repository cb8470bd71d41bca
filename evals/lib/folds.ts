// The past orders of one evaluation round: with k folds, the queries of the other folds (plus any
// extra orders), so no question sees its own labels. They replace the previous round's in the
// store under one source tag; `clearRounds` removes them when the evaluation ends.
import { deletePastOrders, insertPastOrders } from '../../knowledge/store/queries';
import type { KnowledgeStore } from '../../knowledge/store/db';
import type { PastOrder } from '../../knowledge/types';
import { foldOf } from './metrics';

export const EVAL_SOURCE = 'eval:past-orders';

export function storeRoundOrders(store: KnowledgeStore, queries: PastOrder[], folds: number, fold: number, extra: PastOrder[] = []): number {
  deletePastOrders(store, EVAL_SOURCE);
  const past = [...extra];
  if (folds > 1) queries.forEach((q, i) => foldOf(i, folds) !== fold && past.push(q));
  if (past.length) insertPastOrders(store, past.map((o, i) => ({ ...o, source: EVAL_SOURCE, externalId: o.externalId ?? `o${i}` })));
  return past.length;
}

export function clearRounds(store: KnowledgeStore): void {
  deletePastOrders(store, EVAL_SOURCE);
}
