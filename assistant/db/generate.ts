// `npm run db:generate -- <module>`: drizzle-kit generate for one module's schema into its own
// migrations folder. Modules: see MODULE_DIRS.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const MODULE_DIRS: Record<string, string> = {
  knowledge: 'knowledge/store',
  search: 'knowledge/search',
  chat: 'assistant/chat',
  orders: 'assistant/orders',
  citizens: 'assistant/citizens',
  voice: 'voice',
};

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error(`usage: npm run db:generate -- <${Object.keys(MODULE_DIRS).join('|')}> [...]`);
  process.exit(2);
}
for (const name of names) {
  const dir = MODULE_DIRS[name];
  if (!dir || !existsSync(`${dir}/schema.ts`)) {
    console.error(`unknown module or missing ${dir}/schema.ts: ${name}`);
    process.exit(2);
  }
  execFileSync(
    'npx',
    ['drizzle-kit', 'generate', '--dialect', 'sqlite', '--schema', `${dir}/schema.ts`, '--out', `${dir}/migrations`],
    { stdio: 'inherit' },
  );
}
