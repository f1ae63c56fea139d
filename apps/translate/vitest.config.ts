import { defineProject } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

export default defineProject({
  ...sharedProjectConfig,
  test: {
    ...sharedProjectConfig.test,
    name: 'translate-app',
    // The command-line code both apps build from (scripts/cli) is tested here, once.
    include: [...sharedProjectConfig.test.include, '../../scripts/cli/**/*.test.ts'],
  },
});
