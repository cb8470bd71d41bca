// `npm run --silent bench:ingest -- [DIR]`: cold ingest of DIR (default ../shared/corpus/lawrefbook)
// into a new temporary store; prints one JSON line
// {files, articles, seconds, articles_per_s, peak_rss_mb}; articles = statute units numbered 第X条. Target: the whole corpus < 60 s, < 1 GiB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestPaths } from '../ingest/pipeline';

async function main() {
  const dir = resolve(process.argv[2] ?? join(import.meta.dirname, '../../shared/corpus/lawrefbook'));
  const tmp = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  try {
    const s = await ingestPaths([dir], { dbPath: join(tmp, 'knowledge.sqlite') });
    if (s.failed.length) {
      for (const f of s.failed.slice(0, 10)) console.error(`错误: ${f.file}: ${f.error}`);
    }
    const seconds = Number(s.seconds.toFixed(3));
    console.log(
      JSON.stringify({
        files: s.files,
        articles: s.store.numberedArticles,
        seconds,
        articles_per_s: Math.round(s.store.numberedArticles / Math.max(s.seconds, 1e-9)),
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
    if (s.failed.length) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
