import { defineProject } from 'vitest/config';

/** Tests of the repository's own scripts (the consumer check's README reading and conversion). */
export default defineProject({
  test: { name: 'scripts', environment: 'node', include: ['**/*.test.mjs'] },
});
