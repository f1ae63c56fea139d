/**
 * Child process of the crash test in `weights.test.ts`: rewrites one file with
 * {@link writeFileAtomic} in a loop until it is killed. Version k is `size` bytes all equal to
 * `k % 256`, so any torn or partial file is easy to see.
 *
 * Usage: node --import tsx node-file.crash-child.ts <path> <size>
 */
import { writeFileAtomic } from './node-file';

async function main(): Promise<void> {
  const [path, size] = [process.argv[2]!, Number(process.argv[3])];
  for (let k = 1; ; k++) {
    await writeFileAtomic(path, new Uint8Array(size).fill(k % 256));
    if (k === 1) process.stdout.write('ready\n');
  }
}

void main();
