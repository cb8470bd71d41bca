import { defineConfig } from 'vitest/config';

// Two projects: fast unit/integration tests beside the code, and browser end-to-end tests
// (real Chromium) under widgets/. `npm test` runs both; `npm run test:e2e` only the browser ones.
export default defineConfig({
  test: {
    pool: 'forks',
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
