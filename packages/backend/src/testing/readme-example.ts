import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { expect, vi } from 'vitest';

/**
 * Checks that a package README shows its runnable example verbatim, then runs the example and
 * returns what it printed with `console.log`, one string per call.
 *
 * @param readme URL of the README (`new URL('../README.md', import.meta.url)`).
 * @param example URL of the example script.
 * @param load imports the example (`() => import('../scripts/readme-example')`), so that the
 *   test runner resolves it from the caller.
 */
export async function runReadmeExample(readme: URL, example: URL, load: () => Promise<unknown>): Promise<string[]> {
  expect(readFileSync(readme, 'utf8')).toContain(readFileSync(example, 'utf8').trim());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await load();
    return log.mock.calls.map((call) => format(...call));
  } finally {
    log.mockRestore();
  }
}
