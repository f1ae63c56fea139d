import { BACKEND_NAMES, isBackendName, type BackendName } from './backend-name';
import { BackendConfigError } from './errors';

/** The environment variable that, in Node, replaces the preference list with one backend. */
export const BACKEND_ENV_VAR = 'SEQ2SEQ_BACKEND';

/** The order to try backends in, and a note when the environment changed it. */
export interface Preference {
  order: BackendName[];
  note: string | null;
}

/**
 * Validates `prefer` and applies the `SEQ2SEQ_BACKEND` override.
 *
 * @param prefer - the caller's list; undefined means `['webgpu', 'wasm', 'cpu']`.
 * @param envValue - the value of `SEQ2SEQ_BACKEND` (undefined outside Node or when unset).
 * @throws BackendConfigError for an empty list, an unknown name, or a bad env value.
 */
export function resolvePreference(
  prefer: readonly unknown[] | undefined,
  envValue: string | undefined,
): Preference {
  const requested = prefer === undefined ? [...BACKEND_NAMES] : checkList(prefer);
  const forced = envValue?.trim();
  if (!forced) return { order: requested, note: null };
  if (!isBackendName(forced)) {
    throw new BackendConfigError(
      `${BACKEND_ENV_VAR}=${JSON.stringify(envValue)} is not a backend: expected one of ` +
        `${BACKEND_NAMES.join(', ')} (read from the environment variable ${BACKEND_ENV_VAR}).`,
    );
  }
  return {
    order: [forced],
    note: `${BACKEND_ENV_VAR}=${forced} replaces the preference [${requested.join(', ')}]`,
  };
}

function checkList(prefer: readonly unknown[]): BackendName[] {
  if (!Array.isArray(prefer) || prefer.length === 0) {
    throw new BackendConfigError(
      `createRuntime({ prefer }): expected a non-empty list of ${BACKEND_NAMES.join(', ')}; ` +
        `got ${JSON.stringify(prefer)}.`,
    );
  }
  const order: BackendName[] = [];
  prefer.forEach((name, i) => {
    if (!isBackendName(name)) {
      throw new BackendConfigError(
        `createRuntime({ prefer }): prefer[${i}] is ${JSON.stringify(name)}; expected one of ` +
          `${BACKEND_NAMES.join(', ')}.`,
      );
    }
    if (!order.includes(name)) order.push(name);
  });
  return order;
}
