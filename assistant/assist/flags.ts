// Review queue: staff flag a bad answer, a wrong citation or a missing article; a supervisor
// resolves or dismisses it. Free text is masked before it is stored.
import { and, desc, eq } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { AppDb } from '../db';
import { AppError } from '../errors';
import { maskPersonal } from '../citizens/names';
import { assistFlags } from './schema';

export type FlagKind = 'bad_answer' | 'wrong_citation' | 'missing_article';
export type FlagState = 'open' | 'resolved' | 'dismissed';

export interface NewFlag {
  kind: FlagKind;
  targetKind?: 'suggestion' | 'message' | 'conversation' | 'order';
  targetId?: string;
  law?: string;
  article?: string;
  question?: string;
  note: string;
}

export type FlagRow = typeof assistFlags.$inferSelect;

export class FlagQueue {
  constructor(
    private db: AppDb,
    private clock: Clock,
  ) {}

  add(staffId: number, f: NewFlag): FlagRow {
    return this.db
      .insert(assistFlags)
      .values({
        kind: f.kind,
        targetKind: f.targetKind ?? null,
        targetId: f.targetId ?? null,
        law: f.law ?? null,
        article: f.article ?? null,
        question: f.question ? maskPersonal(f.question) : null,
        note: maskPersonal(f.note),
        staffId,
        createdAt: this.clock.now().toISOString(),
      })
      .returning()
      .get();
  }

  list(state: FlagState | 'all' = 'open', limit = 100): FlagRow[] {
    const q = this.db.select().from(assistFlags);
    return (state === 'all' ? q : q.where(eq(assistFlags.state, state))).orderBy(desc(assistFlags.id)).limit(limit).all();
  }

  resolve(id: number, staffId: number, state: 'resolved' | 'dismissed', resolution: string): FlagRow {
    const r = this.db
      .update(assistFlags)
      .set({ state, resolution: maskPersonal(resolution), resolvedBy: staffId, resolvedAt: this.clock.now().toISOString() })
      .where(and(eq(assistFlags.id, id), eq(assistFlags.state, 'open')))
      .returning()
      .get();
    if (r) return r;
    const cur = this.db.select().from(assistFlags).where(eq(assistFlags.id, id)).get();
    if (!cur) throw new AppError('not_found', '没有找到该反馈。');
    throw new AppError('conflict', '该反馈已处理过。');
  }
}
