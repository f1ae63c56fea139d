import { activate, type StartOutcome } from '../start-outcome';

/** Starts the plain-JavaScript CPU backend; it runs everywhere. */
export async function startCpu(): Promise<StartOutcome> {
  await import('@tensorflow/tfjs-backend-cpu');
  const failed = await activate('cpu');
  if (failed) return { ok: false, reason: failed, found: {} };
  return { ok: true, detail: 'plain JavaScript, runs everywhere (slowest)', found: {} };
}
