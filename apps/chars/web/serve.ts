/**
 * Serves the built page on 127.0.0.1 (see scripts/web-page/serve-page.ts), cross-origin
 * isolated: web/dist at /, with the corpus excerpts under /corpora/. The page needs no model
 * files: it trains its own.
 *
 *   pnpm --filter @seq2seq/chars-app web            build, then serve on 127.0.0.1:8000
 *   PORT=9000 pnpm --filter @seq2seq/chars-app web  another port (or: web -- --port 9000)
 */
import { fileURLToPath } from 'node:url';
import { portFrom, servePage, type WebServer } from '../../../scripts/web-page/serve-page';
import { buildWeb, DIST_DIR } from './build';

export type { WebServer } from '../../../scripts/web-page/serve-page';

/** Serves the built page in `root` (default web/dist) until closed; port 0: any free one. */
export function serveWeb(options: { root?: string; port?: number } = {}): Promise<WebServer> {
  return servePage({ root: options.root ?? DIST_DIR, port: options.port });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = portFrom(process.argv.slice(2));
  await buildWeb();
  const server = await serveWeb({ port });
  console.log(`char-RNN page: ${server.origin}/`);
  console.log(`  ${server.origin}/?corpus=anna        train on Anna Karenina instead of Shakespeare`);
  console.log(`  ${server.origin}/?backend=cpu        the plain JavaScript backend`);
  console.log('Ctrl-C stops the server.');
}
