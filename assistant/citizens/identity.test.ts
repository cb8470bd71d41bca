import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { openAppDb, type OpenedDb } from '../db';
import { CitizenDirectory } from './identity';
import { CITIZENS_MIGRATIONS } from './module';
import { Pii } from './pii';

const KEY = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
let dir: string;
let store: OpenedDb;
let dirx: CitizenDirectory;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lawline-identity-'));
  store = openAppDb(join(dir, 'app.sqlite'), [{ name: 'citizens', migrations: CITIZENS_MIGRATIONS }]);
  dirx = new CitizenDirectory(store.db, new Pii(KEY), new ManualClock());
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CitizenDirectory', () => {
  it('recognises the same phone in any written form and masks it', () => {
    const a = dirx.identify({ phone: '13800131234' })!;
    const b = dirx.identify({ phone: '+86 138-0013-1234' })!;
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.citizenId).toBe(a.citizenId);
    expect(b.masked).toBe('138****1234');
    expect(dirx.findByNumber('phone', '138 0013 1234')).toBe(a.citizenId);
    expect(dirx.findByNumber('phone', '13900000000')).toBeNull();
    expect(dirx.view(a.citizenId).phones).toEqual(['138****1234']);
  });

  it('returns null without a usable number and validates numbers for staff input', () => {
    expect(dirx.identify({})).toBeNull();
    expect(dirx.identify({ phone: '12345' })).toBeNull();
    expect(() => CitizenDirectory.validate({ phone: '12345' })).toThrow(/电话号码格式不正确/);
    expect(() => CitizenDirectory.validate({ idCard: '110105194912310021' })).toThrow(/身份证号码格式不正确/);
  });

  it('attaches an ID card to the phone owner, finds by ID card, and reports a conflicting owner', () => {
    const a = dirx.identify({ phone: '13800131234', idCard: '11010519491231002X', name: '王小明' })!;
    expect(dirx.findByNumber('id', '11010519491231002x')).toBe(a.citizenId);
    const v = dirx.view(a.citizenId);
    expect(v.idCards).toEqual(['110105********002X']);
    expect(v.name).toBe('王**');
    const b = dirx.identify({ phone: '13900001111' })!;
    const c = dirx.identify({ phone: '13900001111', idCard: '11010519491231002X' })!;
    expect(c.citizenId).toBe(b.citizenId);
    expect(c.conflictWith).toBe(a.citizenId);
  });

  it('merges a duplicate into the surviving record and un-merges it again', () => {
    const a = dirx.identify({ phone: '13800131234' })!.citizenId;
    const b = dirx.identify({ phone: '13900001111' })!.citizenId;
    const m = dirx.merge(b, a, 7, '同一人换了手机号');
    expect(dirx.canonical(b)).toBe(a);
    expect(dirx.group(a)).toEqual([a, b]);
    expect(dirx.identify({ phone: '13900001111' })!.citizenId).toBe(a);
    expect(dirx.view(a).phones.sort()).toEqual(['138****1234', '139****1111']);
    expect(dirx.reveal(a, 'phone').map((n) => n.value).sort()).toEqual(['13800131234', '13900001111']);
    expect(() => dirx.merge(a, b, 7, '反向合并')).toThrow(/自己/);
    expect(() => dirx.merge(b, a, 7, '重复合并')).toThrow(/已被合并/);

    const u = dirx.unmerge(m.id, 8, '不是同一人');
    expect(u.undoneBy).toBe(8);
    expect(dirx.canonical(b)).toBe(b);
    expect(dirx.group(a)).toEqual([a]);
    expect(dirx.identify({ phone: '13900001111' })!.citizenId).toBe(b);
    expect(() => dirx.unmerge(m.id, 8, '再次撤销')).toThrow(/已撤销/);
    expect(dirx.merges(a).map((x) => x.id)).toEqual([m.id]);
  });

  it('keeps numbers out of the table in clear text', () => {
    dirx.identify({ phone: '13800131234', idCard: '11010519491231002X', name: '王小明' });
    const rows = store.sqlite.prepare('select * from citizen_numbers').all() as Record<string, unknown>[];
    const names = store.sqlite.prepare('select * from citizens').all() as Record<string, unknown>[];
    const all = JSON.stringify([rows, names]);
    expect(all).not.toMatch(/13800131234|11010519491231002X|王小明/);
    expect(rows).toHaveLength(2);
  });
});
