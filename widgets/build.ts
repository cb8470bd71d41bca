// Bundles every widgets/<name>/main.ts(x) into widgets/dist/<name>.js with esbuild (minified,
// browser ES2019 IIFE). Run by `npm install` (postinstall), `npm run build:widgets`, and lazily by
// widgetsModule when dist is missing or older than the sources.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WIDGETS_DIR = dirname(fileURLToPath(import.meta.url));
export const DIST_DIR = join(WIDGETS_DIR, 'dist');

export interface Entry {
  name: string;
  file: string;
}

/** Every widgets/<name>/main.ts(x), e.g. chat, desk, softphone. */
export function entries(root = WIDGETS_DIR): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name === 'dist' || name === 'node_modules' || name.startsWith('.')) continue;
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    for (const main of ['main.tsx', 'main.ts']) {
      if (existsSync(join(dir, main))) {
        out.push({ name, file: join(dir, main) });
        break;
      }
    }
  }
  return out;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'dist' || name === 'node_modules' || name === 'screenshots') continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|tsx|css)$/.test(name) && !/\.test\.ts$/.test(name)) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** True when a bundle is missing or older than any source file the widgets folder holds. */
export function isStale(root = WIDGETS_DIR, dist = DIST_DIR): boolean {
  const list = entries(root);
  if (list.length === 0) return false;
  let oldest = Infinity;
  for (const e of list) {
    const out = join(dist, `${e.name}.js`);
    if (!existsSync(out)) return true;
    oldest = Math.min(oldest, statSync(out).mtimeMs);
  }
  return newestSource(root) > oldest;
}

export interface BuildResult {
  name: string;
  out: string;
  bytes: number;
}

export async function buildWidgets(opts: { root?: string; dist?: string; minify?: boolean } = {}): Promise<BuildResult[]> {
  const root = opts.root ?? WIDGETS_DIR;
  const dist = opts.dist ?? DIST_DIR;
  mkdirSync(dist, { recursive: true });
  const results: BuildResult[] = [];
  for (const e of entries(root)) {
    const out = join(dist, `${e.name}.js`);
    // Build beside the target and rename: servers in other processes never read half a file.
    const tmp = `${out}.${process.pid}.tmp`;
    await build({
      entryPoints: [e.file],
      outfile: tmp,
      bundle: true,
      minify: opts.minify ?? true,
      format: 'iife',
      target: ['es2019', 'chrome80', 'safari13', 'firefox78'],
      platform: 'browser',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      legalComments: 'none',
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    renameSync(tmp, out);
    results.push({ name: e.name, out, bytes: statSync(out).size });
  }
  return results;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildWidgets()
    .then((r) => {
      for (const b of r) console.log(`[widgets] ${b.name}.js ${(b.bytes / 1024).toFixed(1)} kB`);
    })
    .catch((e) => {
      console.error('[widgets] build failed:', e);
      process.exit(1);
    });
}
