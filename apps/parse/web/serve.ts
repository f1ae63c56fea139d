/**
 * Serves the built page on 127.0.0.1 (see scripts/web-page/serve-page.ts): web/dist at /, the
 * app's models folder at /models/, cross-origin isolated.
 *
 *   pnpm --filter @seq2seq/parse-app web            build, then serve on 127.0.0.1:8000
 *   PORT=9000 pnpm --filter @seq2seq/parse-app web  another port (or: web -- --port 9000)
 */
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFrom, servePage, within, type WebServer } from '../../../scripts/web-page/serve-page';
import { buildWeb, DIST_DIR } from './build';

export type { WebServer } from '../../../scripts/web-page/serve-page';

/** The app's shipped models, one folder each (checkpoint.json + model.safetensors). */
export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');

/** Options of {@link serveWeb}. */
export interface ServeOptions {
  /** The built page. Default web/dist. */
  root?: string;
  /** Served at /models/. Default the app's models folder. */
  modelsDir?: string;
  /** Default 0: any free port. */
  port?: number;
}

/** Serves the page and the models until closed. */
export function serveWeb(options: ServeOptions = {}): Promise<WebServer> {
  const models = normalize(options.modelsDir ?? MODELS_DIR);
  return servePage({
    root: options.root ?? DIST_DIR,
    port: options.port,
    route: (path) => (path.startsWith('/models/') ? { file: within(models, path.slice('/models/'.length)) } : undefined),
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = portFrom(process.argv.slice(2));
  await buildWeb();
  const server = await serveWeb({ port });
  console.log(`dependency parser: ${server.origin}/  (models from ${MODELS_DIR})`);
  console.log(`  ${server.origin}/?backend=cpu  the plain JavaScript backend`);
  console.log('Ctrl-C stops the server.');
}
