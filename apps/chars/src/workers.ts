/** `--workers N|auto`: how many worker threads train (the library's `WorkerCount`). */
import type { WorkerCount } from '@seq2seq/seq2seq/parallel';
import { UsageError } from './args';

/** `--workers` as given -> a worker count: a positive integer or `'auto'`; 1 when not given. */
export function workerCount(value: string | undefined): WorkerCount {
  if (value === undefined) return 1;
  if (value === 'auto') return value;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--workers must be a positive integer or 'auto', got '${value}'`);
  return Number(value);
}
