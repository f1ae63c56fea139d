/** `seq2seq-draw images`: binarised MNIST images of a pool as the JSON lines `score` reads. */
import { bitString } from '@seq2seq/datasets/images';
import { parseArgs, UsageError } from './args';
import { poolImages } from './data';
import { IMAGES_OPTIONS } from './options';

export async function images(argv: string[]): Promise<number> {
  const { options, positional } = parseArgs(argv, IMAGES_OPTIONS);
  if (positional.length) throw new UsageError(`images takes no positional arguments, got '${positional[0]}'`);
  const { images: pool, indices } = poolImages(options.pool as 'train' | 'test' | 'validation', options.count as number | undefined);
  // `images | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const lines = indices.map((i) => JSON.stringify({ bits: bitString(pool, i), label: pool.labels[i] }));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
