import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeStore } from '../knowledge/store/db';
import { storeStats } from '../knowledge/store/queries';
import { runCli } from './cli';
import { SAMPLE_DIR } from './sample';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'ingest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'ingest/cli.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('ingest CLI (real process)', () => {
  it('ingests a folder with plain progress lines and a summary, builds the index, exit 0', () => {
    const db = join(dir, 'ok.sqlite');
    const r = cli([SAMPLE_DIR, '--db', db]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\[1\/\d+\] 已导入 sample\//m);
    expect(r.out).toMatch(/完成: \d+ 个文件（新导入\/更新 \d+，未变化跳过 0，失败 0）/);
    expect(r.out).toMatch(/检索索引已更新/);
    const again = cli([SAMPLE_DIR, '--db', db, '--no-index']);
    expect(again.code).toBe(0);
    expect(again.out).not.toMatch(/已导入/);
    expect(again.out).toMatch(/新导入\/更新 0，未变化跳过 \d+，失败 0/);
  });

  it('one error line per broken file, the rest ingested, exit 1, nothing half-written', () => {
    const src = join(dir, 'mixed');
    mkdirSync(src);
    writeFileSync(join(src, '好法.md'), '# 好法\n\n<!-- INFO END -->\n\n第一条 好。\n');
    writeFileSync(join(src, '坏工单.jsonl'), '{"question":"一"}\n{oops}\n');
    writeFileSync(join(src, '空.txt'), '这不是法规，也没有条文。');
    writeFileSync(join(src, '零字节.txt'), '');
    const db = join(dir, 'mixed.sqlite');
    const r = cli([src, join(dir, 'nope.md'), '--db', db, '--no-index']);
    expect(r.code).toBe(1);
    const errs = r.err.trim().split('\n');
    expect(errs).toHaveLength(4);
    expect(errs.find((l) => l.includes('坏工单.jsonl'))).toMatch(/^错误: .*坏工单\.jsonl: 第 2 行不是有效的 JSON（第 2 个字符处格式错误）/);
    expect(errs.find((l) => l.includes('零字节.txt'))).toMatch(/文件是空的/);
    expect(errs.find((l) => l.includes('空.txt'))).toMatch(/没有找到“第X条”条文/);
    expect(errs.find((l) => l.includes('nope.md'))).toMatch(/文件或目录不存在/);
    expect(r.out).toMatch(/新导入\/更新 1，未变化跳过 0，失败 4/);
    const store = openKnowledgeStore(db);
    try {
      expect(storeStats(store)).toMatchObject({ documents: 1, pastOrders: 0 });
    } finally {
      store.close();
    }
  });

  it('--check parses and reports without writing', () => {
    const db = join(dir, 'check.sqlite');
    const r = cli([SAMPLE_DIR, '--db', db, '--check']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/可导入 sample\//);
    expect(r.out).toMatch(/检查模式：未写入知识库/);
    expect(existsSync(db)).toBe(false);
  });

  it('exit 2 on bad usage', () => {
    expect(cli([]).code).toBe(2);
    const r = cli([SAMPLE_DIR, '--kind', 'novel']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--kind 无效/);
    expect(cli(['--bogus']).code).toBe(2);
  });
});

describe('ingest CLI progress bar', () => {
  it('draws a bar with counts and ETA on a TTY', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 160, rows: 40, cursorTo() {}, moveCursor() {}, clearLine() {}, clearScreenDown() {} });
    let drawn = '';
    stream.on('data', (b: Buffer) => (drawn += b.toString('utf8')));
    const out: string[] = [];
    const code = await runCli([SAMPLE_DIR, '--db', join(dir, 'tty.sqlite'), '--no-index'], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      tty: true,
      stream: stream as unknown as NodeJS.WritableStream,
    });
    expect(code).toBe(0);
    expect(drawn).toMatch(/\d+\/\d+ 个文件 \| \d+ 个单元 \| 失败 0 \| 预计剩余/);
    expect(out.some((l) => l.startsWith('['))).toBe(false); // no per-file lines under a bar
    expect(out.at(-1)).toMatch(/^完成:/);
  });
});
