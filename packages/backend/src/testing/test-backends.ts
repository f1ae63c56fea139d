import { isBackendName, type BackendName } from '../backend-name';
import { BackendConfigError } from '../errors';

/** The environment variable that narrows the backends `describeBackends` runs on. */
export const TEST_BACKENDS_ENV_VAR = 'SEQ2SEQ_TEST_BACKENDS';

/** Backends a test suite runs on, in this order. WebGPU runs only where it starts. */
export const ALL_TEST_BACKENDS: readonly BackendName[] = ['cpu', 'wasm', 'webgpu'];

/** The backends to run suites on, and whether the list was asked for explicitly. */
export interface TestBackends {
  backends: BackendName[];
  explicit: boolean;
}

/**
 * Reads `SEQ2SEQ_TEST_BACKENDS` (e.g. `cpu,wasm`); unset or empty means all three.
 *
 * @throws BackendConfigError for a name that is not a backend.
 */
export function testBackendsFromEnv(value: string | undefined): TestBackends {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (names.length === 0) return { backends: [...ALL_TEST_BACKENDS], explicit: false };
  for (const name of names) {
    if (!isBackendName(name)) {
      throw new BackendConfigError(
        `${TEST_BACKENDS_ENV_VAR}=${JSON.stringify(value)}: ${JSON.stringify(name)} is not a backend; ` +
          `expected a comma-separated list of ${ALL_TEST_BACKENDS.join(', ')}.`,
      );
    }
  }
  return { backends: ALL_TEST_BACKENDS.filter((name) => names.includes(name)), explicit: true };
}
