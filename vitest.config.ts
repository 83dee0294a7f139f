import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // End-to-end tests share one sandbox and one browser; they run in their own files, one at a time.
    fileParallelism: true,
    pool: 'forks',
  },
});
