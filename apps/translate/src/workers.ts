/** `--workers N|auto` of `train` and `translate`. */
import type { WorkerCount } from '@seq2seq/seq2seq/parallel';
import { UsageError } from './args';

/** `--workers N|auto` -> a worker count (absent: 1, this thread only). */
export function workerCount(value: string | undefined): WorkerCount {
  if (value === undefined || value === 'auto') return value ?? 1;
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--workers must be a positive integer or 'auto', got '${value}'`);
  return Number(value);
}
