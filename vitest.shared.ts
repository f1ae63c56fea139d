import type { UserWorkspaceConfig } from 'vitest/config';

/**
 * Settings every package's vitest project shares: sources are read through the
 * `@seq2seq/source` export condition, so tests never need a build first.
 */
export const sharedProjectConfig = {
  resolve: { conditions: ['@seq2seq/source', 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: ['@seq2seq/source', 'module', 'node', 'development|production'] } },
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
} satisfies UserWorkspaceConfig;
