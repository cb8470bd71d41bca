// Citizen identity: find-or-create by phone and/or ID-card number (keyed-hash lookup), masked
// views, reveal of the sealed numbers, and reversible merges of duplicates. Raw numbers exist
// only in memory while a request is handled; the store holds ciphertext, keyed hash and mask.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../clock';
import type { AppDb } from '../db';
import { AppError } from '../errors';
import { maskName, maskPersonal } from './names';
import { isValidIdCard, isValidPhone, type Pii } from './pii';
import { citizenMerges, citizenNumbers, citizens } from './schema';

export type NumberKind = 'phone' | 'id';

export interface IdentifyInput {
  phone?: string;
  idCard?: string;
  name?: string;
}

export interface Identified {
  /** The surviving (canonical) citizen record. */
  citizenId: string;
  created: boolean;
  /** Masked number that identified the citizen (phone preferred). */
  masked: string;
  /** The ID-card number matched a different citizen than the phone: a merge candidate for staff. */
  conflictWith?: string;
}

export interface CitizenView {
  id: string;
  /** Where this record is merged into, if it is (then `id` is not canonical). */
  mergedInto: string | null;
  name: string | null; // masked
  phones: string[]; // masked
  idCards: string[]; // masked
  /** Records merged into this one (directly or transitively). */
  mergedFrom: string[];
  createdAt: string;
}

export interface MergeRecord {
  id: number;
  sourceId: string;
  targetId: string;
  reason: string;
  staffId: number;
  at: string;
  undoneAt: string | null;
  undoneBy: number | null;
}

const MAX_CHAIN = 32;

type Tx = Parameters<Parameters<AppDb['transaction']>[0]>[0];
/** The database or an open transaction. */
type Q = AppDb | Tx;

export class CitizenDirectory {
  constructor(
    private db: AppDb,
    private pii: Pii,
    private clock: Clock,
  ) {}

  /** Validate numbers; throws a clear Chinese error for malformed ones. */
  static validate(input: IdentifyInput): void {
    if (input.phone !== undefined && !isValidPhone(input.phone)) throw new AppError('bad_request', '电话号码格式不正确。');
    if (input.idCard !== undefined && !isValidIdCard(input.idCard)) throw new AppError('bad_request', '身份证号码格式不正确。');
  }

  /** Find or create the citizen with these numbers. Null when no usable number is given. */
  identify(input: IdentifyInput): Identified | null {
    const phone = input.phone && isValidPhone(input.phone) ? input.phone : undefined;
    const idCard = input.idCard && isValidIdCard(input.idCard) ? input.idCard : undefined;
    if (!phone && !idCard) return null;
    return this.db.transaction((tx) => {
      const byPhone = phone ? this.ownerOf('phone', phone, tx) : null;
      const byId = idCard ? this.ownerOf('id', idCard, tx) : null;
      let id = byPhone ?? byId;
      let created = false;
      if (!id) {
        id = `cz_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
        tx.insert(citizens).values({ id, createdAt: this.clock.now().toISOString() }).run();
        created = true;
      }
      if (phone && !byPhone) this.addNumber(tx, id, 'phone', phone);
      if (idCard && !byId) this.addNumber(tx, id, 'id', idCard);
      if (input.name?.trim()) {
        const row = tx.select({ nameEnc: citizens.nameEnc }).from(citizens).where(eq(citizens.id, id)).get();
        if (row && !row.nameEnc) {
          const name = input.name.trim().slice(0, 40);
          tx.update(citizens).set({ nameEnc: this.pii.sealText(name), nameMasked: maskName(name) }).where(eq(citizens.id, id)).run();
        }
      }
      const canonical = this.canonical(id, tx);
      const conflict = byPhone && byId && this.canonical(byId, tx) !== canonical ? this.canonical(byId, tx) : undefined;
      const masked = phone ? this.pii.seal('phone', phone).masked : this.pii.seal('id', idCard!).masked;
      return { citizenId: canonical, created, masked, conflictWith: conflict };
    });
  }

  /** Canonical citizen holding this number, or null (lookup by keyed hash only). */
  findByNumber(kind: NumberKind, value: string): string | null {
    const owner = this.ownerOf(kind, value, this.db);
    return owner ? this.canonical(owner) : null;
  }

  exists(id: string): boolean {
    return Boolean(this.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, id)).get());
  }

  /** Follow merges to the surviving record. */
  canonical(id: string, db: Q = this.db): string {
    let cur = id;
    for (let i = 0; i < MAX_CHAIN; i++) {
      const row = db.select({ m: citizens.mergedInto }).from(citizens).where(eq(citizens.id, cur)).get();
      if (!row?.m) return cur;
      cur = row.m;
    }
    return cur;
  }

  /** The canonical record and every record merged into it (its contacts form one archive). */
  group(id: string): string[] {
    const root = this.canonical(id);
    const out = [root];
    for (let i = 0; i < out.length && i < 1000; i++) {
      const kids = this.db.select({ id: citizens.id }).from(citizens).where(eq(citizens.mergedInto, out[i])).all();
      for (const k of kids) out.push(k.id);
    }
    return out;
  }

  view(id: string): CitizenView {
    const row = this.db.select().from(citizens).where(eq(citizens.id, id)).get();
    if (!row) throw new AppError('not_found', '没有找到该群众的档案。');
    const members = row.mergedInto ? [id] : this.group(id);
    const nums = this.db
      .select({ kind: citizenNumbers.kind, masked: citizenNumbers.masked, citizenId: citizenNumbers.citizenId })
      .from(citizenNumbers)
      .where(inArray(citizenNumbers.citizenId, members))
      .all();
    let name = row.nameMasked;
    if (!name && members.length > 1) {
      const others = this.db.select({ n: citizens.nameMasked }).from(citizens).where(inArray(citizens.id, members)).all();
      name = others.find((o) => o.n)?.n ?? null;
    }
    return {
      id,
      mergedInto: row.mergedInto,
      name,
      phones: [...new Set(nums.filter((n) => n.kind === 'phone').map((n) => n.masked))],
      idCards: [...new Set(nums.filter((n) => n.kind === 'id').map((n) => n.masked))],
      mergedFrom: members.slice(1),
      createdAt: row.createdAt,
    };
  }

  /** Decrypt the numbers of a citizen group (the caller checks the role and logs the access). */
  reveal(id: string, kind: NumberKind): { masked: string; value: string }[] {
    const members = this.group(id);
    return this.db
      .select({ enc: citizenNumbers.enc, masked: citizenNumbers.masked })
      .from(citizenNumbers)
      .where(and(inArray(citizenNumbers.citizenId, members), eq(citizenNumbers.kind, kind)))
      .all()
      .map((r) => ({ masked: r.masked, value: this.pii.open(r.enc) }));
  }

  /** Merge `sourceId` (a duplicate) into `targetId`. Reversible with unmerge(). */
  merge(sourceId: string, targetId: string, staffId: number, reason: string): MergeRecord {
    return this.db.transaction((tx) => {
      for (const id of [sourceId, targetId]) {
        if (!tx.select({ id: citizens.id }).from(citizens).where(eq(citizens.id, id)).get()) {
          throw new AppError('not_found', '没有找到要合并的群众档案。');
        }
      }
      const src = tx.select().from(citizens).where(eq(citizens.id, sourceId)).get()!;
      if (src.mergedInto) throw new AppError('conflict', '该档案已被合并到其他档案，请先撤销原合并。');
      const root = this.canonical(targetId, tx);
      if (root === sourceId || sourceId === targetId) throw new AppError('conflict', '不能把档案合并到它自己（或已合并到它的档案）。');
      const at = this.clock.now().toISOString();
      tx.update(citizens).set({ mergedInto: root }).where(eq(citizens.id, sourceId)).run();
      const r = tx.insert(citizenMerges).values({ sourceId, targetId: root, reason: maskPersonal(reason), staffId, at }).returning().get();
      return toMerge(r);
    });
  }

  /** Undo a merge: the source record becomes independent again (its own numbers and contacts). */
  unmerge(mergeId: number, staffId: number, reason: string): MergeRecord {
    return this.db.transaction((tx) => {
      const m = tx.select().from(citizenMerges).where(eq(citizenMerges.id, mergeId)).get();
      if (!m) throw new AppError('not_found', '没有找到该合并记录。');
      if (m.undoneAt) throw new AppError('conflict', '该合并已撤销。');
      const src = tx.select().from(citizens).where(eq(citizens.id, m.sourceId)).get();
      if (src?.mergedInto !== m.targetId) throw new AppError('conflict', '档案状态已变化，无法撤销该合并。');
      const at = this.clock.now().toISOString();
      tx.update(citizens).set({ mergedInto: null }).where(eq(citizens.id, m.sourceId)).run();
      const r = tx
        .update(citizenMerges)
        .set({ undoneAt: at, undoneBy: staffId, undoReason: maskPersonal(reason) })
        .where(and(eq(citizenMerges.id, mergeId), isNull(citizenMerges.undoneAt)))
        .returning()
        .get();
      return toMerge(r);
    });
  }

  merges(citizenId: string): MergeRecord[] {
    const members = this.group(citizenId);
    const rows = this.db.select().from(citizenMerges).where(inArray(citizenMerges.targetId, members)).all();
    const asSource = this.db.select().from(citizenMerges).where(inArray(citizenMerges.sourceId, members)).all();
    const seen = new Map<number, MergeRecord>();
    for (const r of [...rows, ...asSource]) seen.set(r.id, toMerge(r));
    return [...seen.values()].sort((a, b) => b.id - a.id);
  }

  private ownerOf(kind: NumberKind, value: string, db: Q): string | null {
    const hash = this.pii.hash(kind, value);
    const row = db
      .select({ c: citizenNumbers.citizenId })
      .from(citizenNumbers)
      .where(and(eq(citizenNumbers.kind, kind), eq(citizenNumbers.hash, hash)))
      .get();
    return row?.c ?? null;
  }

  private addNumber(db: Q, citizenId: string, kind: NumberKind, value: string) {
    const s = this.pii.seal(kind, value);
    db.insert(citizenNumbers)
      .values({ citizenId, kind, enc: s.enc, hash: s.hash, masked: s.masked, createdAt: this.clock.now().toISOString() })
      .run();
  }
}

function toMerge(r: typeof citizenMerges.$inferSelect): MergeRecord {
  return { id: r.id, sourceId: r.sourceId, targetId: r.targetId, reason: r.reason, staffId: r.staffId, at: r.at, undoneAt: r.undoneAt, undoneBy: r.undoneBy };
}
