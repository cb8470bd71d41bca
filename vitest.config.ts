import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: fast unit/integration tests beside the code, and browser end-to-end tests
// (real Chromium) under widgets/. `npm test` runs both; `npm run test:e2e` only the browser ones.
export default defineConfig({
  test: {
    pool: 'forks',
    // Most test time is spent waiting on real servers, sockets, audio clocks and Chromium, not on
    // the CPU: vitest's default (cores - 1) ran the suite one file at a time on the 2-core CI
    // machine (917 s); three workers there took 410 s and 371 s (clean-clone CI: 8 min 20 s in all),
    // every test passing both times.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{knowledge,ingest,assistant,voice,widgets,evals}/**/*.test.ts'],
          exclude: ['**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['widgets/**/*.e2e.test.ts'],
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
