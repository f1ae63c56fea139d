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
 * adds a "skipped" reason and the next is tried; one that asks to be tried after a later backend
 * (`retryAfter`) moves behind it with a "ranked below" reason; an exception (bad configuration)
 * propagates. `start` is told which backends are still to come, so it knows what it may defer to.
 *
 * @throws NoBackendStartedError when none starts, listing why each failed.
 */
export async function selectBackend(
  order: readonly BackendName[],
  start: (name: BackendName, later: readonly BackendName[]) => Promise<StartOutcome>,
): Promise<Selection> {
  const reasons: string[] = [];
  const queue = [...order];
  let found: Partial<RuntimeCapabilities> = {};
  for (let at = 0; at < queue.length; at++) {
    const name = queue[at]!;
    const later = queue.slice(at + 1);
    const outcome = await start(name, later);
    found = { ...found, ...outcome.found };
    if (outcome.ok) {
      const i = order.indexOf(name);
      const rank = i === 0 ? 'first preference' : `preference ${i + 1} of ${order.length}`;
      reasons.push(`${name} chosen (${rank}): ${outcome.detail}`);
      return { backend: name, found, reasons };
    }
    const behind = outcome.retryAfter === undefined ? -1 : queue.indexOf(outcome.retryAfter, at + 1);
    if (behind >= 0) {
      queue.splice(behind + 1, 0, name);
      reasons.push(`${name} ranked below ${outcome.retryAfter}: ${outcome.reason}`);
    } else {
      reasons.push(`${name} skipped: ${outcome.reason}`);
    }
  }
  throw new NoBackendStartedError(reasons);
}
