import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share one Redis and one PostgreSQL server; each uses its own queue prefix and database.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
