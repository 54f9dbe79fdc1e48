import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // Integration tests spawn real processes; two cores are all CI has.
    maxWorkers: 2,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
