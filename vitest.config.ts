import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'scripts'],
    // Two cores on CI: numerical suites are CPU-bound, more workers only thrash.
    maxWorkers: 2,
  },
});
