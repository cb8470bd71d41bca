import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openKnowledgeStore } from '../store/db';
import type { KnowledgeStore } from '../store/db';
import { migrateModule, type AppDb } from '../store/sqlite';
import { SEARCH_MIGRATIONS } from '../index';
import { makeFixtureStore, type Fixture } from './fixture';
import { centroidOf, loadOrBuildUnitVectors, questionWords, unitCosine } from './unit-vectors';
import { iterateUnits } from './store-read';

describe('unit vectors over a small real store', () => {
  let fx: Fixture;
  let store: KnowledgeStore;
  let db: Database.Database;

  beforeAll(() => {
    fx = makeFixtureStore();
    store = openKnowledgeStore(fx.dbPath);
    migrateModule(store.db as unknown as AppDb, 'search', SEARCH_MIGRATIONS);
    db = store.sqlite;
  });
  afterAll(() => {
    store.close();
    fx.cleanup();
  });

  it('builds once, persists, and loads the same vectors', () => {
    const first = loadOrBuildUnitVectors(db);
    expect(first.rebuilt).toBe(true);
    const units = [...iterateUnits(db)];
    expect(first.vectors.nUnits).toBe(units.length);
    expect(first.vectors.vocab.length).toBeGreaterThan(5);
    const again = loadOrBuildUnitVectors(db);
    expect(again.rebuilt).toBe(false);
    expect([...again.vectors.units]).toEqual([...first.vectors.units]);
    expect([...again.vectors.words]).toEqual([...first.vectors.words]);
    expect(again.vectors.vocab).toEqual(first.vectors.vocab);
    expect([...again.vectors.unitWordStart]).toEqual([...first.vectors.unitWordStart]);
    expect([...again.vectors.unitWords]).toEqual([...first.vectors.unitWords]);
    expect(again.vectors.neighbours.k).toBe(Math.min(100, first.vectors.vocab.length - 1));
    expect([...again.vectors.neighbours.ids]).toEqual([...first.vectors.neighbours.ids]);
    expect([...again.vectors.neighbours.sims]).toEqual([...first.vectors.neighbours.sims]);
  });

  it('keeps each unit\'s distinct known words', () => {
    const { vectors } = loadOrBuildUnitVectors(db);
    const units = [...iterateUnits(db)];
    const target = units.findIndex((u) => u.text.startsWith('经济补偿按劳动者在本单位工作的年限'));
    const words = [...vectors.unitWords.subarray(vectors.unitWordStart[target], vectors.unitWordStart[target + 1])].map(
      (id) => vectors.vocab[id],
    );
    expect(new Set(words).size).toBe(words.length);
    expect(words).toEqual(expect.arrayContaining(['经济', '补偿', '劳动者']));
    expect(vectors.unitWordStart[vectors.nUnits]).toBe(vectors.unitWords.length);
  });

  it('ranks an article first for a question made of its own words', () => {
    const { vectors } = loadOrBuildUnitVectors(db);
    const units = [...iterateUnits(db)];
    const target = units.findIndex((u) => u.text.startsWith('经济补偿按劳动者在本单位工作的年限'));
    expect(target).toBeGreaterThanOrEqual(0);
    const q = centroidOf(vectors, questionWords(vectors, units[target].text))!;
    expect(q).not.toBeNull();
    const cos = units.map((_, d) => unitCosine(vectors, q, d));
    expect(cos[target]).toBeCloseTo(Math.max(...cos), 6);
    expect(cos[target]).toBeGreaterThan(0.9);
  });

  it('gives no question vector when no word is known', () => {
    const { vectors } = loadOrBuildUnitVectors(db);
    expect(centroidOf(vectors, questionWords(vectors, 'xyz ？？'))).toBeNull();
  });

  it('rebuilds from a corrupt artefact instead of failing', () => {
    const before = loadOrBuildUnitVectors(db).vectors;
    db.prepare(`UPDATE search_artifacts SET bytes = ? WHERE key = 'word-vectors'`).run(Buffer.from([1, 2, 3]));
    const r = loadOrBuildUnitVectors(db);
    expect(r.rebuilt).toBe(true);
    expect([...r.vectors.units]).toEqual([...before.units]);
    // a whole header with a cut-off body is caught too
    const saved = db.prepare(`SELECT bytes FROM search_artifacts WHERE key = 'word-vectors'`).get() as { bytes: Buffer };
    db.prepare(`UPDATE search_artifacts SET bytes = ? WHERE key = 'word-vectors'`).run(saved.bytes.subarray(0, saved.bytes.length - 10));
    const again = loadOrBuildUnitVectors(db);
    expect(again.rebuilt).toBe(true);
    expect([...again.vectors.units]).toEqual([...before.units]);
  });
});
