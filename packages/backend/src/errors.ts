/**
 * Errors thrown by `@seq2seq/backend`. Each message names what was expected and where the
 * package looked, so the fix can be read off the message.
 */

/** Invalid input to `createRuntime` (or an environment variable it reads). */
export class BackendConfigError extends Error {
  override name = 'BackendConfigError';
}

/** The WASM binaries were not found where `wasmPaths` (or the installed package) points. */
export class WasmFilesNotFoundError extends BackendConfigError {
  override name = 'WasmFilesNotFoundError';

  /**
   * @param expected - the binary file names that were looked for.
   * @param lookedIn - the directory, URL or file map that was searched.
   * @param detail - what exactly was missing.
   */
  constructor(
    readonly expected: readonly string[],
    readonly lookedIn: string,
    detail: string,
  ) {
    super(
      `WASM backend files not found: expected ${expected.join(', ')} in ${lookedIn} (${detail}). ` +
        'Pass `wasmPaths` pointing at the folder (or URL prefix) that serves the files of ' +
        '@tensorflow/tfjs-backend-wasm/dist.',
    );
  }
}

/** None of the preferred backends started; `reasons` says why each one failed. */
export class NoBackendStartedError extends Error {
  override name = 'NoBackendStartedError';

  /** @param reasons - one line per backend tried, in preference order. */
  constructor(readonly reasons: readonly string[]) {
    super(`No TensorFlow.js backend started. Tried:\n  - ${reasons.join('\n  - ')}`);
  }
}
