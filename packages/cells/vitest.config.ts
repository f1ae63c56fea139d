import { defineProject } from 'vitest/config';
import { sharedProjectConfig } from '../../vitest.shared.ts';

export default defineProject({
  ...sharedProjectConfig,
  test: {
    ...sharedProjectConfig.test,
    name: 'cells',
    include: [...sharedProjectConfig.test.include, 'bench/**/*.test.ts'],
    // The engine of Chromium and Node 22: the native kernels' relaxed SIMD build runs in this
    // package's tests (src/native/relaxed.test.ts compares it with the SIMD build, which the
    // other packages' tests run).
    execArgv: ['--experimental-wasm-relaxed-simd'],
  },
});
