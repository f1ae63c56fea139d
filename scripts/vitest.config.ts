import { defineProject } from 'vitest/config';
import { sharedProjectConfig } from '../vitest.shared.ts';

/**
 * Tests of the repository's own scripts: the consumer check's README reading and conversion
 * (`*.test.mjs`), and the static site of every app's page (`web-site/`, read from sources like the
 * packages' tests).
 */
export default defineProject({
  ...sharedProjectConfig,
  test: { ...sharedProjectConfig.test, name: 'scripts', include: ['**/*.test.mjs', 'web-site/**/*.test.ts'] },
});
