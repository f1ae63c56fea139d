/** Lines of stdin, one at a time, as they arrive (so `read` answers each line before the next). */
import { createInterface } from 'node:readline';

export function stdinLines(): AsyncIterable<string> {
  return createInterface({ input: process.stdin, crlfDelay: Infinity });
}
