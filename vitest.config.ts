import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The second one says once what the machine lacks (Chromium, PostgreSQL, a pty) and how many tests that skipped.
    reporters: ['default', './test/helpers/requires-reporter.ts'],
  },
});
