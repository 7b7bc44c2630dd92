import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One throwaway PostgreSQL for the run when DATABASE_URL is unset; a no-op when it is set.
    globalSetup: ['test/support/tmp-global-setup.ts', 'test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2-core machines: one file per core keeps real worker threads and subprocess tests from starving each other.
    maxWorkers: 2,
  },
});
