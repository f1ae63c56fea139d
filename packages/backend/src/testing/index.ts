/**
 * @seq2seq/backend/testing: run one vitest suite on every TensorFlow.js backend, compare numbers
 * within a tolerance, and catch tensor leaks. Needs `vitest` (a peer dependency).
 */
export { describeBackends, type BackendTestContext } from './describe-backends';
export { expectClose, type NumericLike } from './expect-close';
export { expectNoTensorLeak, type NoLeakOptions } from './expect-no-tensor-leak';
export { BACKEND_TOLERANCE } from './tolerance';
export { ALL_TEST_BACKENDS, TEST_BACKENDS_ENV_VAR } from './test-backends';
export { checkGradients, type GradCheckOptions } from './check-gradients';
export { importReadmeExample, readmeExamples, runReadmeExample, type ImportedReadmeExample, type ReadmeExample } from './readme-example';
export {
  CHROMIUM_ARGS,
  CHROMIUM_MISSING,
  CHROMIUM_PATH,
  chromiumInstalled,
  describeWithChromium,
  launchChromium,
  type LaunchChromiumOptions,
} from './chromium';
