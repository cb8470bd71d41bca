// Recall stage "vector": cosine nearest neighbours (hnswlib-node HNSW) over the embedded units and
// past-order questions, when an embedding engine is configured (knowledge/embed).
//
// API (the search engine, knowledge/search/engine.ts, uses the store-bound form):
//
//   const vector = openStoreVectorStage(db, { embedding, log });   // files next to the db file
//   // or generic: openVectorStage({ dbPath, embedding | embedder, units, orders?, generation,
//   //   unitsVersion?, ordersVersion?, log })  with units/orders: (keyOf) => items (see ItemSource)
//   await vector.ready;        // tests / CLI only: the first load or build settled (never rejects)
//   await vector.recall('老板不发工资', 100, (unitId) => allowed(unitId))  // → [{ unitId, score }]
//   await vector.recallOrders('老板不发工资', 20)                           // → [{ orderId, score }]
//   vector.diagnostics()       // → { vector: 'off'|'live'|'error', vectorReason? } for SearchDiagnostics
//   vector.status()            // → state, reason, embedder, dim, vectors, pending, skipped, files
//   vector.refresh()           // after reload(): catches up if the generation moved
//   await vector.close()
//   await buildVectorIndex({...})  // ahead-of-time build (ingest CLI), returns the final status
//
// Wiring notes:
// - Do not await `ready` on the serving path: a first build of the whole corpus with a local model
//   takes many minutes on 2 cores. Serve without vectors meanwhile (diagnostics 'off' + progress).
// - What is embedded: `unitEmbeddingText()` (law title, 编, path, article number, text) for every
//   unit of every kind and status, `orderEmbeddingText()` for past orders; the accept filter
//   handles kinds / in force / region at query time, so a filter never forces a rebuild.
// - A generation change re-reads only the part whose version moved (units: count/max/sum of ids;
//   orders likewise), and only the rows whose id it has not seen (ids denote fixed texts); only
//   texts never seen before are embedded. Measured at 64k units: ~0.1 s per new past order.
// - Ask for a wide k (100-200) and fuse; identical texts of several units all come back.
//
// Behaviour:
// - provider 'none': state 'off' with the reason; recall returns [] at once.
// - Opening never blocks: the index is loaded from disk (in a worker thread) when its generation
//   matches, otherwise built in the background (status 'building' with progress; recall returns
//   [] until it has something). recall never throws: a failing query embedding returns [] and
//   shows as 'error' in diagnostics for `queryErrorHoldMs` (30 s).
// - Persistence: `${dbPath}.vectors/<embedder id>.ids.json` (label map, generation, and the name
//   of its index file `<embedder id>.<stamp>.hnsw`). Each save writes a new index file (off the
//   main thread) and commits by atomically replacing the ids file, so a crash never pairs a map
//   with the wrong index. Another model (embedder id) gets its own files and is built afresh.
//   Big builds are saved at once (and checkpointed every minute while running, so an interrupted
//   build resumes); small updates (a new past order) are saved after `saveDelayMs` or on close.
// - Incremental: one vector per distinct text (an article unchanged across law versions shares
//   it). Vectors of texts that disappeared are deleted (their slots reused). Texts the engine
//   rejects as bad requests are skipped (status.skipped), not retried forever.
// - Scores are cosine similarities (1 = same direction).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { createEmbedder } from '../embed/create';
import { generation as storeGeneration, rawDb, type StoreLike } from '../store/queries';
import type { Embedder } from '../embed/embedder';
import type { EmbeddingConfig, KnowledgeOptions } from '../types';

export interface VectorItem {
  id: number;
  text: string;
}

/** An item whose text the stage already knows: `key` as returned by the `keyOf` lookup. */
export interface KeyedItem {
  id: number;
  key: string;
}

/**
 * A source of items. It may use `keyOf(id)` (the text key of an id the index already holds a
 * vector for) to yield `{id, key}` instead of reading the text again: for stores whose ids always
 * denote the same text (rows replaced, never edited), a rescan then costs an id scan.
 */
export type ItemSource = (keyOf: (id: number) => string | undefined) => Iterable<VectorItem | KeyedItem> | AsyncIterable<VectorItem | KeyedItem>;

export interface VectorStageOptions {
  /** Store file path; ':memory:' or '' = keep the index in memory only. */
  dbPath: string;
  /** An open embedder (the caller closes it), or null for none. Takes precedence over `embedding`. */
  embedder?: Embedder | null;
  /** Embedding config: the stage creates the engine itself (and retries with backoff if it fails). */
  embedding?: EmbeddingConfig;
  /** Sync iterables are read in one go; async ones page by page with the event loop free between. */
  units: ItemSource;
  orders?: ItemSource;
  generation: () => string | number;
  /** Optional cheap versions of each part: when the generation moves but a part's version did
   *  not (a past order added, units unchanged), that part is not scanned again. */
  unitsVersion?: () => string;
  ordersVersion?: () => string;
  log?: KnowledgeOptions['log'];
  /** Texts per embed call during a build. Default 64. */
  batchSize?: number;
  /** Give up on a query embedding after this long (recall returns []). Default 5000 ms. */
  queryTimeoutMs?: number;
  /** How long close() waits for a running job (a build waiting on the engine). Default 2 s. */
  closeWaitMs?: number;
  /** How long a failed query embedding keeps diagnostics at 'error'. Default 30 s. */
  queryErrorHoldMs?: number;
  /** Write a checkpoint of a long build at most this often. Default 60 s. */
  checkpointMs?: number;
  /** First retry delay after a failure (doubles up to 10 min). Default 30 s. */
  retryMs?: number;
  /** Small updates (a few new orders) are written to disk after this delay, not at once, since a
   *  write rewrites the whole index file. Default 60 s; close() writes what is pending. */
  saveDelayMs?: number;
}

export type VectorState = 'off' | 'building' | 'live' | 'error';

export interface VectorStatus {
  state: VectorState;
  reason?: string;
  embedder?: string; // embedder id
  describe?: string; // human-readable engine description
  dim?: number;
  generation?: string;
  /** Distinct texts with a vector in the index. */
  vectors: number;
  /** Texts still to embed in the running build. */
  pending: number;
  /** Texts the engine rejected (bad request) since start; they are retried on the next rebuild. */
  skipped: number;
  units: number;
  orders: number;
  /** Current index file and the ids file that names it (undefined in memory-only mode). */
  file?: string;
  idsFile?: string;
}

export interface VectorHit {
  unitId: number;
  score: number;
}

export interface VectorOrderHit {
  orderId: number;
  score: number;
}

export interface VectorStage {
  /** Settles (never rejects) when the first load or build finishes or fails. */
  readonly ready: Promise<void>;
  status(): VectorStatus;
  diagnostics(): { vector: 'off' | 'live' | 'error'; vectorReason?: string };
  recall(text: string, k: number, accept?: (unitId: number) => boolean): Promise<VectorHit[]>;
  recallOrders(text: string, k: number, accept?: (orderId: number) => boolean): Promise<VectorOrderHit[]>;
  /** Re-read units/orders if the generation changed and update the index (resolves when done). */
  refresh(): Promise<void>;
  close(): Promise<void>;
}

export const VECTOR_OFF_REASON = '未配置向量模型（EMBEDDING_PROVIDER=none），检索使用关键词、同义词和历史工单';

interface Entry {
  label: number;
  units: number[];
  orders: number[];
}

interface IdsFile {
  format: 1;
  /** Index file name in the same directory (a new one per save; this file is the commit). */
  index: string;
  embedder: string;
  dim: number;
  generation: string;
  complete: boolean;
  nextLabel: number;
  /** [label, key, unitIds, orderIds] */
  entries: [number, string, number[], number[]][];
}

const tick = () => new Promise<void>((r) => setImmediate(r));

const textKey = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 20);

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => {
      t = setTimeout(() => reject(new Error(`${what}超时（${ms} ms）`)), ms);
    }),
  ]);
}

class HnswVectorStage implements VectorStage {
  readonly ready: Promise<void>;
  private state: VectorState = 'building';
  private reason: string | undefined;
  private embedder: Embedder | null = null;
  private ownsEmbedder = false;
  private index: hnswlib.HierarchicalNSW | null = null;
  private entries = new Map<string, Entry>();
  private byLabel = new Map<number, Entry>();
  private nextLabel = 0;
  private generation: string | undefined;
  private complete = false;
  private pending = 0;
  private unitLabels = 0;
  private orderLabels = 0;
  private closed = false;
  private tail: Promise<void> = Promise.resolve();
  private queuedRefresh: Promise<void> | null = null;
  private busy = false;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private lastQueryError: { msg: string; at: number } | undefined;
  private queryCache = new Map<string, Float32Array>();
  private dirty = false;
  /** Index file (name in the vectors dir) named by the committed ids file. */
  private indexFile: string | undefined;
  private skipped = 0;
  private saveTimer: NodeJS.Timeout | null = null;
  /** Last scan: text key → unit ids / order ids, and the part versions they were read at. */
  private unitGroups: Map<string, number[]> | null = null;
  private orderGroups: Map<string, number[]> | null = null;
  private unitsVer: string | undefined;
  private ordersVer: string | undefined;
  /** Texts still without a vector, by key. */
  private texts = new Map<string, string>();

  constructor(private o: VectorStageOptions) {
    this.ready = this.start();
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private async start(): Promise<void> {
    if (this.o.embedder === null || (this.o.embedder === undefined && (this.o.embedding?.provider ?? 'none') === 'none')) {
      this.state = 'off';
      this.reason = VECTOR_OFF_REASON;
      return;
    }
    await this.refresh();
  }

  private async openEmbedder(): Promise<Embedder> {
    if (this.embedder) return this.embedder;
    if (this.o.embedder) {
      this.embedder = this.o.embedder;
    } else {
      const e = await createEmbedder(this.o.embedding);
      if (!e) throw new Error(VECTOR_OFF_REASON);
      if (this.closed) {
        await e.close();
        throw new Error('向量检索已关闭');
      }
      this.embedder = e;
      this.ownsEmbedder = true;
    }
    this.o.log?.info('vector engine ready', { embedder: this.embedder.id, dim: this.embedder.dim });
    await this.loadFromDisk(this.embedder);
    return this.embedder;
  }

  /** Run the jobs that touch the index (updates, saves) one at a time, in order. */
  private exclusive(job: () => Promise<void>): Promise<void> {
    const p = this.tail.then(async () => {
      this.busy = true;
      try {
        await job();
      } finally {
        this.busy = false;
      }
    });
    this.tail = p.catch(() => undefined);
    return p;
  }

  refresh(): Promise<void> {
    if (this.state === 'off' || this.closed) return Promise.resolve();
    if (this.queuedRefresh) return this.queuedRefresh; // one waiting refresh serves all callers
    const p = this.exclusive(async () => {
      this.queuedRefresh = null;
      if (this.closed) return;
      try {
        do {
          this.again = false;
          await this.update();
        } while (this.again && !this.closed);
        this.failures = 0;
      } catch (e) {
        await this.fail(e);
      }
    });
    this.queuedRefresh = p;
    return p;
  }

  private async fail(e: unknown): Promise<void> {
    const msg = e instanceof Error ? e.message : String(e);
    this.failures++;
    const hasIndex = this.byLabel.size > 0;
    this.state = hasIndex ? 'live' : 'error';
    this.reason = hasIndex ? `向量索引更新失败，暂用已有向量：${msg}` : `向量检索不可用：${msg}`;
    this.o.log?.warn('vector stage failed', { error: msg, failures: this.failures });
    if (this.dirty) await this.saveAsyncQuietly(); // keep what was embedded (resume later)
    if (this.closed) return;
    const delay = Math.min((this.o.retryMs ?? 30_000) * 2 ** (this.failures - 1), 600_000);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.refresh();
    }, delay);
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    // A build stops at its next batch; do not hang on an unresponsive embedding API for long.
    await Promise.race([this.tail, new Promise((r) => setTimeout(r, this.o.closeWaitMs ?? 2000).unref())]);
    // Still busy = a job waits on the engine (the index is not changing) or an async save runs:
    // then leave the last delta unsaved (it is embedded again next time) rather than race a write.
    if (this.dirty && !this.busy) this.saveQuietly();
    if (this.ownsEmbedder) await this.embedder?.close().catch(() => undefined);
    this.index = null;
    this.byLabel.clear();
  }

  // ---- persistence --------------------------------------------------------------------------

  /** The ids file of an embedder: the commit point naming the index file it describes. */
  private files(embedder: Embedder): { dir: string; ids: string } | null {
    const db = this.o.dbPath;
    if (!db || db === ':memory:') return null;
    const dir = `${db}.vectors`;
    return { dir, ids: join(dir, `${embedder.id}.ids.json`) };
  }

  private async loadFromDisk(embedder: Embedder): Promise<void> {
    const f = this.files(embedder);
    if (!f || !existsSync(f.ids)) return;
    let indexPath = '';
    try {
      const ids = JSON.parse(readFileSync(f.ids, 'utf8')) as IdsFile;
      if (ids.format !== 1 || ids.embedder !== embedder.id || ids.dim !== embedder.dim) throw new Error('ids file does not match the embedder');
      indexPath = join(f.dir, ids.index);
      const index = new hnswlib.HierarchicalNSW('cosine', embedder.dim);
      await index.readIndex(indexPath, true); // in a worker thread: start-up stays responsive
      this.index = index;
      this.indexFile = ids.index;
      this.entries.clear();
      this.byLabel.clear();
      for (const [label, key, units, orders] of ids.entries) {
        const e: Entry = { label, units, orders };
        this.entries.set(key, e);
        this.byLabel.set(label, e);
      }
      // Never reuse a label the index holds (a new point would overwrite another's vector).
      let maxLabel = -1;
      for (const l of index.getIdsList()) if (l > maxLabel) maxLabel = l;
      this.nextLabel = Math.max(ids.nextLabel, maxLabel + 1);
      this.generation = ids.generation;
      this.complete = ids.complete;
      this.countLabels();
      this.o.log?.info('vector index loaded', { file: indexPath, vectors: this.byLabel.size, generation: ids.generation });
    } catch (e) {
      this.o.log?.warn('vector index on disk unusable, rebuilding', { file: indexPath || f.ids, error: (e as Error).message });
      this.index = null;
      this.indexFile = undefined;
      this.entries.clear();
      this.byLabel.clear();
      this.nextLabel = 0;
      this.generation = undefined;
      this.complete = false;
    }
    this.removeStrayFiles(embedder);
  }

  /**
   * Index files of this embedder that no ids file names: left by a crash between writing an index
   * and committing it, or superseded by another process's commit. Removed once they are older
   * than 10 minutes (a younger one may be another process's save in progress).
   */
  private removeStrayFiles(embedder: Embedder): void {
    const f = this.files(embedder);
    if (!f || !existsSync(f.dir)) return;
    const cutoff = Date.now() - 10 * 60_000;
    for (const name of readdirSync(f.dir)) {
      if (!name.startsWith(`${embedder.id}.`) || !/\.hnsw(\.tmp)?$/.test(name) || name === this.indexFile) continue;
      try {
        if (statSync(join(f.dir, name)).mtimeMs < cutoff) unlinkSync(join(f.dir, name));
      } catch {
        // gone already, or not ours to remove
      }
    }
  }

  private snapshot(embedder: Embedder, indexFile: string): IdsFile {
    return {
      format: 1,
      embedder: embedder.id,
      dim: embedder.dim,
      index: indexFile,
      generation: this.generation ?? '',
      complete: this.complete,
      nextLabel: this.nextLabel,
      entries: [...this.entries].map(([key, e]) => [e.label, key, e.units, e.orders]),
    };
  }

  private newIndexFile(embedder: Embedder): string {
    return `${embedder.id}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}.hnsw`;
  }

  /** After a commit: the previous index file is no longer named by the ids file. */
  private committed(dir: string, indexFile: string): void {
    const previous = this.indexFile;
    this.indexFile = indexFile;
    if (previous && previous !== indexFile) {
      try {
        unlinkSync(join(dir, previous));
      } catch {
        // already gone
      }
    }
  }

  /**
   * Synchronous save, for close(). Every save writes a new index file, then commits by replacing
   * the ids file that names it (atomic rename): a crash at any point leaves a consistent pair.
   */
  private save(): void {
    if (!this.embedder || !this.index) return;
    const f = this.files(this.embedder);
    this.dirty = false;
    if (!f) return;
    mkdirSync(f.dir, { recursive: true });
    const file = this.newIndexFile(this.embedder);
    this.index.writeIndexSync(join(f.dir, file));
    writeFileSync(`${f.ids}.tmp`, JSON.stringify(this.snapshot(this.embedder, file)));
    renameSync(`${f.ids}.tmp`, f.ids);
    this.committed(f.dir, file);
  }

  /** Save with the index written by a worker thread (a 100 MB index takes ~1 s). Only call from
   *  inside an exclusive job, so that nothing changes the index meanwhile (searches may run). */
  private async saveAsync(): Promise<void> {
    const index = this.index;
    if (!this.embedder || !index) return;
    const f = this.files(this.embedder);
    this.dirty = false;
    if (!f) return;
    const file = this.newIndexFile(this.embedder);
    const ids = this.snapshot(this.embedder, file);
    try {
      await mkdir(f.dir, { recursive: true });
      await index.writeIndex(join(f.dir, file));
      await writeFile(`${f.ids}.tmp`, JSON.stringify(ids));
      await rename(`${f.ids}.tmp`, f.ids);
      this.committed(f.dir, file);
    } catch (e) {
      this.dirty = true;
      await unlink(join(f.dir, file)).catch(() => undefined);
      throw e;
    }
  }

  private async saveAsyncQuietly(): Promise<void> {
    try {
      await this.saveAsync();
    } catch (e) {
      this.o.log?.warn('vector index not saved', { error: (e as Error).message });
    }
  }

  private saveLater(): void {
    this.dirty = true;
    if (this.saveTimer || this.closed) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.exclusive(async () => {
        if (this.dirty && !this.closed) await this.saveAsyncQuietly();
      });
    }, this.o.saveDelayMs ?? 60_000);
    this.saveTimer.unref();
  }

  private saveQuietly(): void {
    try {
      this.save();
    } catch (e) {
      this.o.log?.warn('vector index not saved', { error: (e as Error).message });
    }
  }

  // ---- build --------------------------------------------------------------------------------

  private countLabels(): void {
    let u = 0;
    let o = 0;
    for (const e of this.byLabel.values()) {
      if (e.units.length) u++;
      if (e.orders.length) o++;
    }
    this.unitLabels = u;
    this.orderLabels = o;
  }

  /**
   * Group ids by text key. Texts are kept only for keys without a vector yet (to embed them).
   * An async source is consumed page by page with the event loop free in between; a sync one in
   * one go (a better-sqlite3 iterator must not stay open across an await).
   */
  private async scan(source: ItemSource, kind: 'units' | 'orders'): Promise<Map<string, number[]>> {
    // ids the index already holds a vector for → their text key
    const known = new Map<number, string>();
    for (const [key, e] of this.entries) for (const id of e[kind]) known.set(id, key);
    const groups = new Map<string, number[]>();
    const add = (it: VectorItem | KeyedItem) => {
      let key: string;
      if ('key' in it) {
        if (!this.entries.has(it.key)) return; // a key we do not hold (stale lookup): skip
        key = it.key;
      } else {
        const text = it.text?.trim();
        if (!text) return;
        key = textKey(text);
        if (!this.entries.has(key)) this.texts.set(key, text);
      }
      const g = groups.get(key);
      if (g) g.push(it.id);
      else groups.set(key, [it.id]);
    };
    const items = source((id) => known.get(id));
    if (Symbol.asyncIterator in items) for await (const it of items as AsyncIterable<VectorItem | KeyedItem>) add(it);
    else for (const it of items as Iterable<VectorItem | KeyedItem>) add(it);
    return groups;
  }

  private async update(): Promise<void> {
    const embedder = await this.openEmbedder();
    const gen = String(this.o.generation());
    if (gen === this.generation && this.complete && this.index) {
      this.state = 'live';
      this.reason = undefined;
      return;
    }
    // 1. What the store holds now, one group of ids per distinct text. A part whose version did
    //    not move (e.g. units, when only a past order was added) is not scanned again.
    const unitsVer = this.o.unitsVersion?.();
    const unitsChanged = !this.unitGroups || unitsVer === undefined || unitsVer !== this.unitsVer;
    if (unitsChanged) {
      this.unitGroups = await this.scan(this.o.units, 'units');
      this.unitsVer = unitsVer;
    }
    const ordersVer = this.o.ordersVersion?.();
    const ordersChanged = !this.orderGroups || ordersVer === undefined || ordersVer !== this.ordersVer;
    if (ordersChanged) {
      this.orderGroups = await this.scan(this.o.orders ?? (() => []), 'orders');
      this.ordersVer = ordersVer;
    }
    if (this.closed) return;
    const units = this.unitGroups!;
    const orders = this.orderGroups!;

    // 2. Remap ids of texts that have a vector (only for the parts read again) and drop vectors
    //    of texts that are gone; then list the texts still without a vector. Long loops let
    //    requests in every few thousand steps (searches meanwhile may see a partly remapped map).
    let steps = 0;
    const breathe = () => (++steps % 4096 === 0 ? tick() : undefined);
    if (!this.index) {
      this.index = new hnswlib.HierarchicalNSW('cosine', embedder.dim);
      const n = units.size + orders.size;
      this.index.initIndex({ maxElements: Math.max(256, Math.ceil(n * 1.1)), m: 16, efConstruction: 100, randomSeed: 42, allowReplaceDeleted: true });
    }
    const index = this.index;
    if (unitsChanged || ordersChanged) {
      for (const [key, e] of this.entries) {
        await breathe();
        if (unitsChanged) e.units = units.get(key) ?? [];
        if (ordersChanged) e.orders = orders.get(key) ?? [];
        if (!e.units.length && !e.orders.length) {
          index.markDelete(e.label);
          this.entries.delete(key);
          this.byLabel.delete(e.label);
          this.dirty = true;
        }
      }
    }
    const todo: { key: string; text: string; units: number[]; orders: number[] }[] = [];
    for (const [key, text] of this.texts) {
      await breathe();
      const u = units.get(key);
      const o = orders.get(key);
      if (!u && !o) this.texts.delete(key);
      else if (!this.entries.has(key)) todo.push({ key, text, units: u ?? [], orders: o ?? [] });
    }
    this.generation = gen;
    this.complete = todo.length === 0;
    this.pending = todo.length;
    this.countLabels();
    if (todo.length) {
      this.state = this.byLabel.size ? 'live' : 'building';
      this.reason = `向量索引构建中：待处理 ${todo.length} 条`;
      this.o.log?.info('vector index build', { embedder: embedder.id, toEmbed: todo.length, reused: this.byLabel.size });
    }

    // 3. Embed what is new, in batches, checkpointing now and then.
    const batchSize = Math.max(1, this.o.batchSize ?? 64);
    let lastCheckpoint = Date.now();
    for (let i = 0; i < todo.length; i += batchSize) {
      if (this.closed) return;
      if (String(this.o.generation()) !== gen) {
        this.again = true; // the store changed under us: start over with the new content
        return;
      }
      const batch = todo.slice(i, i + batchSize);
      const vecs = await this.embedBatch(embedder, batch.map((b) => b.text));
      if (this.closed) return;
      for (let j = 0; j < batch.length; j++) {
        if (j % 16 === 15) await tick(); // inserting is synchronous: keep each slice short
        if (this.closed) return;
        const v = vecs[j];
        if (!v) continue; // rejected by the engine (see embedBatch)
        if (v.length !== embedder.dim) throw new Error(`向量维度不符：${v.length} ≠ ${embedder.dim}`);
        if (index.getCurrentCount() >= index.getMaxElements()) index.resizeIndex(Math.ceil(index.getMaxElements() * 1.5) + 16);
        const label = this.nextLabel++;
        index.addPoint(Array.from(v), label, true);
        const e: Entry = { label, units: batch[j].units, orders: batch[j].orders };
        this.entries.set(batch[j].key, e);
        this.texts.delete(batch[j].key);
        this.byLabel.set(label, e);
        if (e.units.length) this.unitLabels++;
        if (e.orders.length) this.orderLabels++;
      }
      this.dirty = true;
      this.pending = Math.max(0, todo.length - i - batch.length);
      await tick(); // let requests in between batches, whatever the engine
      this.state = 'live';
      this.reason = this.pending ? `向量索引构建中：已完成 ${todo.length - this.pending}/${todo.length}` : undefined;
      if (this.pending && Date.now() - lastCheckpoint > (this.o.checkpointMs ?? 60_000)) {
        await this.saveAsyncQuietly();
        lastCheckpoint = Date.now();
      }
    }
    this.complete = true;
    this.pending = 0;
    this.state = 'live';
    this.reason = undefined;
    if (todo.length >= 1000 || !this.indexFile) await this.saveAsyncQuietly();
    else this.saveLater();
    if (todo.length) this.o.log?.info('vector index ready', { embedder: embedder.id, vectors: this.byLabel.size, generation: gen });
  }

  /**
   * Embed a batch; when the engine rejects it as a bad request (400/413/422: a text too long or
   * otherwise unacceptable), split it to find the culprits and skip them (logged, counted in
   * status.skipped) instead of failing the whole build again and again. Other errors propagate.
   */
  private async embedBatch(embedder: Embedder, texts: string[]): Promise<(Float32Array | null)[]> {
    try {
      const vecs = await embedder.embed(texts);
      if (vecs.length !== texts.length) throw new Error(`嵌入结果数量不符：${vecs.length} ≠ ${texts.length}`);
      return vecs;
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== 400 && status !== 413 && status !== 422) throw e;
      if (texts.length === 1) {
        this.skipped++;
        this.o.log?.warn('vector: text rejected by the embedding engine, skipped', { status, chars: texts[0].length, error: (e as Error).message });
        return [null];
      }
      const mid = Math.ceil(texts.length / 2);
      return [...(await this.embedBatch(embedder, texts.slice(0, mid))), ...(await this.embedBatch(embedder, texts.slice(mid)))];
    }
  }

  // ---- query --------------------------------------------------------------------------------

  private async queryVector(text: string): Promise<Float32Array | null> {
    const embedder = this.embedder;
    if (!embedder) return null;
    const cached = this.queryCache.get(text);
    if (cached) {
      this.queryCache.delete(text); // LRU: move to the end
      this.queryCache.set(text, cached);
      return cached;
    }
    try {
      const v = await timeout(embedder.embedQuery(text), this.o.queryTimeoutMs ?? 5000, '查询向量化');
      this.lastQueryError = undefined;
      this.queryCache.set(text, v);
      if (this.queryCache.size > 512) this.queryCache.delete(this.queryCache.keys().next().value as string);
      return v;
    } catch (e) {
      this.lastQueryError = { msg: `查询向量化失败：${(e as Error).message}`, at: Date.now() };
      this.o.log?.warn('vector query failed', { error: (e as Error).message });
      return null;
    }
  }

  private async knn(text: string, k: number, live: number, pick: (e: Entry) => boolean): Promise<{ e: Entry; score: number }[]> {
    if (this.state === 'off' || !this.index || k <= 0 || live === 0 || !text.trim()) return [];
    const q = await this.queryVector(text.trim());
    const index = this.index;
    if (!q || !index || this.closed) return [];
    const point = Array.from(q);
    const total = this.byLabel.size;
    const n = Math.min(k, live);
    // 1. Unfiltered search with some head room, filtered here: a JS filter called from hnswlib for
    //    every visited node costs more than the search itself (≈4x at k=200 over 64k vectors).
    const n1 = Math.min(total, Math.ceil(n * 1.5) + 20, index.getMaxElements());
    index.setEf(Math.max(100, Math.ceil(n1 * 1.2)));
    const r1 = index.searchKnn(point, n1);
    const out: { e: Entry; score: number }[] = [];
    for (let i = 0; i < r1.neighbors.length && out.length < n; i++) {
      const e = this.byLabel.get(r1.neighbors[i]);
      if (e && pick(e)) out.push({ e, score: 1 - r1.distances[i] });
    }
    if (out.length >= n || r1.neighbors.length >= total) return out;
    // 2. A selective filter (few labels pass): let hnswlib apply it while searching.
    const m = Math.min(n, index.getMaxElements());
    index.setEf(Math.max(100, Math.ceil(m * 1.2)));
    const r2 = index.searchKnn(point, m, (label) => {
      const e = this.byLabel.get(label);
      return e !== undefined && pick(e);
    });
    return r2.neighbors.map((label, i) => ({ e: this.byLabel.get(label)!, score: 1 - r2.distances[i] })).filter((x) => x.e);
  }

  async recall(text: string, k: number, accept?: (unitId: number) => boolean): Promise<VectorHit[]> {
    const pick = accept ? (e: Entry) => e.units.some(accept) : (e: Entry) => e.units.length > 0;
    const hits: VectorHit[] = [];
    for (const { e, score } of await this.knn(text, k, this.unitLabels, pick)) {
      for (const unitId of e.units) {
        if (hits.length >= k) break;
        if (!accept || accept(unitId)) hits.push({ unitId, score });
      }
    }
    return hits;
  }

  async recallOrders(text: string, k: number, accept?: (orderId: number) => boolean): Promise<VectorOrderHit[]> {
    const pick = accept ? (e: Entry) => e.orders.some(accept) : (e: Entry) => e.orders.length > 0;
    const hits: VectorOrderHit[] = [];
    for (const { e, score } of await this.knn(text, k, this.orderLabels, pick)) {
      for (const orderId of e.orders) {
        if (hits.length >= k) break;
        if (!accept || accept(orderId)) hits.push({ orderId, score });
      }
    }
    return hits;
  }

  // ---- status -------------------------------------------------------------------------------

  status(): VectorStatus {
    const f = this.embedder ? this.files(this.embedder) : null;
    return {
      idsFile: f?.ids,
      state: this.state,
      reason: this.reason ?? this.queryError(),
      embedder: this.embedder?.id,
      describe: this.embedder?.describe,
      dim: this.embedder?.dim,
      generation: this.generation,
      vectors: this.byLabel.size,
      pending: this.pending,
      skipped: this.skipped,
      units: this.unitLabels,
      orders: this.orderLabels,
      file: f && this.indexFile ? join(f.dir, this.indexFile) : undefined,
    };
  }

  /**
   * A failed query embedding shows as 'error' for `queryErrorHoldMs`, then the stage reports
   * 'live' again: a circuit breaker for callers that skip recall while it says 'error'.
   */
  private queryError(): string | undefined {
    const e = this.lastQueryError;
    if (!e) return undefined;
    if (Date.now() - e.at > (this.o.queryErrorHoldMs ?? 30_000)) {
      this.lastQueryError = undefined;
      return undefined;
    }
    return e.msg;
  }

  diagnostics(): { vector: 'off' | 'live' | 'error'; vectorReason?: string } {
    const s = this.status();
    if (s.state === 'off') return { vector: 'off', vectorReason: s.reason };
    if (s.state === 'building') return { vector: 'off', vectorReason: s.reason ?? '向量索引构建中' };
    const qe = this.queryError();
    if (s.state === 'error' || qe) return { vector: 'error', vectorReason: qe ?? s.reason };
    return s.reason ? { vector: 'live', vectorReason: s.reason } : { vector: 'live' };
  }
}

/** Open the vector recall stage (returns at once; loading/building runs in the background). */
export function openVectorStage(o: VectorStageOptions): VectorStage {
  return new HnswVectorStage(o);
}

/**
 * Build (or bring up to date) the persisted vector index and close: for the ingest CLI, so a
 * server starts with vectors ready. Returns the final status (state 'off' when none configured).
 */
export async function buildVectorIndex(o: Omit<VectorStageOptions, 'retryMs'>): Promise<VectorStatus> {
  const stage = new HnswVectorStage({ ...o, retryMs: 2 ** 30 });
  try {
    await stage.ready;
    return stage.status();
  } finally {
    await stage.close();
  }
}

/** What is embedded for a unit: law title (+ 编), hierarchy path, article number, then the text. */
export function unitEmbeddingText(u: { law: string; part?: string | null; path: string[]; article: string; text: string }): string {
  const head = [u.law, u.part ?? '', ...u.path, u.article].filter(Boolean).join(' ');
  return `${head}\n${u.text}`;
}

/** What is embedded for a past order: the citizen's question (+ the summary when there is one). */
export function orderEmbeddingText(o: { question: string; summary?: string | null }): string {
  return o.summary && o.summary !== o.question ? `${o.question}\n${o.summary}` : o.question;
}

/** Rows per page when reading a store: the event loop is free between pages. */
const PAGE = 2000;
/** Texts read per query when ids are unknown. */
const TEXT_CHUNK = 400;

function parsePathJson(json: string): string[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}


/**
 * Ids of a table in keyset pages; ids the stage already knows come back as {id, key}, the texts
 * of the others are read in chunks. Rows are replaced, never edited (AUTOINCREMENT ids are never
 * reused), so an id always denotes the same text.
 */
async function* pagedItems(
  store: StoreLike,
  table: 'units' | 'past_orders',
  textsOf: (ids: number[]) => VectorItem[],
  keyOf: (id: number) => string | undefined,
): AsyncGenerator<VectorItem | KeyedItem> {
  const idsStmt = rawDb(store).prepare(`SELECT id FROM ${table} WHERE id > ? ORDER BY id LIMIT ${PAGE}`).pluck();
  let after = 0;
  for (;;) {
    const ids = idsStmt.all(after) as number[];
    const unknown: number[] = [];
    for (const id of ids) {
      const key = keyOf(id);
      if (key) yield { id, key };
      else unknown.push(id);
    }
    for (let i = 0; i < unknown.length; i += TEXT_CHUNK) {
      yield* textsOf(unknown.slice(i, i + TEXT_CHUNK));
      if (unknown.length > TEXT_CHUNK) await tick();
    }
    if (ids.length < PAGE) return;
    after = ids[ids.length - 1];
    await tick();
  }
}

/** Every unit of a store as {id, text} (or {id, key} when known), read in pages. */
export function storeUnitTexts(store: StoreLike, keyOf: (id: number) => string | undefined = () => undefined): AsyncGenerator<VectorItem | KeyedItem> {
  const db = rawDb(store);
  return pagedItems(
    store,
    'units',
    (ids) =>
      (
        db
          .prepare(
            `SELECT u.id AS id, d.title AS law, d.part AS part, u.path AS path, coalesce(u.number, '') AS article, u.text AS text
             FROM units u JOIN documents d ON d.id = u.doc_id WHERE u.id IN (${ids.map(() => '?').join(',')})`,
          )
          .all(...ids) as { id: number; law: string; part: string | null; path: string; article: string; text: string }[]
      ).map((r) => ({ id: r.id, text: unitEmbeddingText({ ...r, path: parsePathJson(r.path) }) })),
    keyOf,
  );
}

/** Every past order of a store as {id, text} (or {id, key} when known), read in pages. */
export function storeOrderTexts(store: StoreLike, keyOf: (id: number) => string | undefined = () => undefined): AsyncGenerator<VectorItem | KeyedItem> {
  const db = rawDb(store);
  return pagedItems(
    store,
    'past_orders',
    (ids) =>
      (db.prepare(`SELECT id, question, summary FROM past_orders WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as {
        id: number;
        question: string;
        summary: string | null;
      }[]).map((r) => ({ id: r.id, text: orderEmbeddingText(r) })),
    keyOf,
  );
}

/** Identity of a table's rows (count, max id, id sum): rows are replaced, never edited in place. */
function tableVersion(store: StoreLike, table: 'units' | 'past_orders'): string {
  const r = rawDb(store).prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS m, coalesce(total(id), 0) AS s FROM ${table}`).get() as {
    n: number;
    m: number;
    s: number;
  };
  return `${r.n}:${r.m}:${r.s}`;
}

/**
 * The vector stage over a knowledge store: every unit (all kinds and statuses; filter at query
 * time with `accept`) and every past order, refreshed when the store's meta generation moves;
 * only the part that changed is read again (adding a past order does not rescan the law).
 */
export function openStoreVectorStage(
  store: StoreLike,
  o: Omit<VectorStageOptions, 'units' | 'orders' | 'generation' | 'dbPath' | 'unitsVersion' | 'ordersVersion'> & { dbPath?: string },
): VectorStage {
  return openVectorStage({
    ...o,
    dbPath: o.dbPath ?? rawDb(store).name, // better-sqlite3 knows its file (':memory:' = no files)
    units: (keyOf) => storeUnitTexts(store, keyOf),
    orders: (keyOf) => storeOrderTexts(store, keyOf),
    generation: () => storeGeneration(store),
    unitsVersion: () => tableVersion(store, 'units'),
    ordersVersion: () => tableVersion(store, 'past_orders'),
  });
}
