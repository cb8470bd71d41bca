// `npm run ingest -- <file-or-dir>... [--db FILE] [--prune] [--kind K] [--force] [--no-index]`
// Progress bar with counts and ETA on a TTY, one plain line per file otherwise; one error line per
// failed file (naming it and why); a summary; exit code 1 when any file failed, 2 on bad usage.
import cliProgress from 'cli-progress';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../assistant/config';
import type { DocKind } from '../knowledge/types';
import { ingestPaths, type FileEvent, type IngestSummary } from './pipeline';

const KINDS: DocKind[] = ['law', 'regulation', 'interpretation', 'rule', 'local', 'case', 'faq'];

export const USAGE = `用法: npm run ingest -- <文件或目录>... [选项]
  --db FILE      知识库文件（默认 KNOWLEDGE_DB 或 data/knowledge.sqlite）
  --prune        删除目录参数下已不存在的文件所导入的内容
  --kind K       指定文本/Markdown 文件的类型: ${KINDS.join(' | ')}
  --force        即使文件未变化也重新导入
  --check        只检查文件能否解析，不写入知识库
  --no-index     导入后不重建检索索引
  --quiet        只输出错误和汇总
支持: LawRefBook Markdown 法规、.txt .html .docx .pdf 法规/案例、.md 案例与指南、.json 指南、.jsonl .csv .xlsx 工单`;

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Render a progress bar (stdout is a TTY). */
  tty: boolean;
  stream?: NodeJS.WritableStream;
}

function fmtSeconds(s: number): string {
  return s < 10 ? s.toFixed(2) : s.toFixed(1);
}

export function summaryLine(s: IngestSummary): string {
  return (
    `完成: ${s.files} 个文件（新导入/更新 ${s.ingested}，未变化跳过 ${s.unchanged}，失败 ${s.failed.length}` +
    `${s.pruned.length ? `，清理 ${s.pruned.length}` : ''}${s.unsupported.length ? `，忽略不支持的格式 ${s.unsupported.length}` : ''}）；本次写入 ${s.documents} 篇文档、${s.units} 个单元、${s.orders} 条工单；` +
    `知识库共 ${s.store.documents} 篇文档、${s.store.articles} 条法规条文、${s.store.cases} 个案例、${s.store.pastOrders} 条工单；用时 ${fmtSeconds(s.seconds)} 秒`
  );
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        prune: { type: 'boolean', default: false },
        kind: { type: 'string' },
        force: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        'no-index': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.err(`参数错误: ${(e as Error).message}`);
    io.err(USAGE);
    return 2;
  }
  const o = args.values;
  if (o.help) {
    io.out(USAGE);
    return 0;
  }
  if (args.positionals.length === 0) {
    io.err('请指定要导入的文件或目录');
    io.err(USAGE);
    return 2;
  }
  if (o.kind && !KINDS.includes(o.kind as DocKind)) {
    io.err(`--kind 无效: ${o.kind}（可用: ${KINDS.join(', ')}）`);
    return 2;
  }
  let dbPath = o.db;
  if (!dbPath) {
    try {
      dbPath = loadConfig().knowledgeDb;
    } catch (e) {
      if (e instanceof ConfigError) {
        io.err(e.message);
        return 2;
      }
      throw e;
    }
  }
  dbPath = resolve(dbPath);

  let bar: cliProgress.SingleBar | null = null;
  let multi: cliProgress.MultiBar | null = null;
  let units = 0;
  let failed = 0;
  const stopBar = () => {
    const m = multi as cliProgress.MultiBar | null;
    m?.stop();
    multi = null;
    bar = null;
  };
  const logLine = (line: string, isErr = false) => {
    if (multi) multi.log(`${line}\n`);
    else if (isErr) io.err(line);
    else io.out(line);
  };
  const onFile = (e: FileEvent) => {
    units += e.units ?? 0;
    if (e.status === 'failed') {
      failed++;
      logLine(`错误: ${e.abs}: ${e.error}`, true);
    } else if (!bar && !o.quiet && e.status === 'ingested') {
      io.out(`[${e.index}/${e.total}] ${o.check ? '可导入' : '已导入'} ${e.path}（${e.documents} 篇，${e.units} 个单元${e.orders ? `，${e.orders} 条工单` : ''}）`);
    }
    bar?.update(e.index, { units, failed, file: e.path.length > 40 ? `…${e.path.slice(-39)}` : e.path });
  };
  const onStart = (total: number) => {
    if (io.tty && !o.quiet && total > 0) {
      multi = new cliProgress.MultiBar(
        {
          format: '{bar} {percentage}% | {value}/{total} 个文件 | {units} 个单元 | 失败 {failed} | 预计剩余 {eta_formatted} | {file}',
          hideCursor: true,
          clearOnComplete: false,
          stream: io.stream ?? process.stdout,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar = multi.create(total, 0, { units: 0, failed: 0, file: '' });
    }
  };

  let summary: IngestSummary;
  try {
    summary = await ingestPaths(args.positionals, {
      dbPath,
      prune: o.prune,
      kind: o.kind as DocKind | undefined,
      force: o.force,
      dryRun: o.check,
      onFile,
      onStart,
    });
  } catch (e) {
    stopBar();
    io.err(`导入中止: ${(e as Error).message}`);
    return 1;
  }
  stopBar();
  // Arguments that do not exist never reach onFile: report them here.
  for (const f of summary.failed.slice(0, summary.failed.length - failed)) io.err(`错误: ${f.file}: ${f.error}`);
  for (const p of summary.pruned) if (!o.quiet) io.out(`已清理 ${p}`);
  io.out(summaryLine(summary));

  let code = summary.failed.length ? 1 : 0;
  if (o.check) io.out('（检查模式：未写入知识库）');
  else if (!o['no-index']) {
    try {
      const mod = (await import('../knowledge/index')) as { prepareIndex?: (db: string) => Promise<void> };
      if (typeof mod.prepareIndex === 'function') {
        const t0 = performance.now();
        await mod.prepareIndex(dbPath);
        io.out(`检索索引已更新（${fmtSeconds((performance.now() - t0) / 1000)} 秒）`);
      } else io.err('提示: 检索模块尚未提供 prepareIndex，索引将在服务启动时建立');
    } catch (e) {
      io.err(`检索索引更新失败: ${(e as Error).message}（知识库内容已保存，可稍后重试）`);
      code = 1;
    }
  }
  return code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    tty: Boolean(process.stdout.isTTY),
  }).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
