import type { BackendName } from './backend-name';
import { NoBackendStartedError } from './errors';
import type { RuntimeCapabilities } from './runtime';
import type { StartOutcome } from './start-outcome';

/** The first backend that started, what was learnt on the way, and the reasons. */
export interface Selection {
  backend: BackendName;
  found: Partial<RuntimeCapabilities>;
  reasons: string[];
}

/**
 * Tries `order` with `start` until one backend starts. A backend that fails (outcome not ok)
 * adds a "skipped" reason and the next is tried; an exception (bad configuration) propagates.
 *
 * @throws NoBackendStartedError when none starts, listing why each failed.
 */
export async function selectBackend(
  order: readonly BackendName[],
  start: (name: BackendName) => Promise<StartOutcome>,
): Promise<Selection> {
  const reasons: string[] = [];
  let found: Partial<RuntimeCapabilities> = {};
  for (const [i, name] of order.entries()) {
    const outcome = await start(name);
    found = { ...found, ...outcome.found };
    if (outcome.ok) {
      const rank = i === 0 ? 'first preference' : `preference ${i + 1} of ${order.length}`;
      reasons.push(`${name} chosen (${rank}): ${outcome.detail}`);
      return { backend: name, found, reasons };
    }
    reasons.push(`${name} skipped: ${outcome.reason}`);
  }
  throw new NoBackendStartedError(reasons);
}
