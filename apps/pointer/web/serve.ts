/**
 * Serves the built page on 127.0.0.1 (see scripts/web-page/serve-page.ts), cross-origin
 * isolated: web/dist at /, and from the app's models folder `/models/index.json` (the models it
 * has, listed afresh at every request: see model-index.ts) and each model's `config.json` and
 * `model.safetensors` — nothing else, so the optimizer moments (`optimizer.safetensors`) never
 * leave the machine.
 *
 *   pnpm --filter @seq2seq/pointer-app web            build, then serve on 127.0.0.1:8000
 *   PORT=9000 pnpm --filter @seq2seq/pointer-app web  another port (or: web -- --port 9000)
 */
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portFrom, servePage, within, type WebServer } from '../../../scripts/web-page/serve-page';
import { buildWeb, DIST_DIR } from './build';
import { listModels, SERVED_MODEL_FILES } from './model-index';
import { MODEL_NAME_PATTERN } from './protocol';

export type { WebServer } from '../../../scripts/web-page/serve-page';

/** The app's shipped models, one folder each (config.json + model.safetensors + optimizer.safetensors). */
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

/** `/models/<name>/<file>` -> the file, when it is one a page may read; else null. */
function modelFile(models: string, path: string): string | null {
  const [name, file, ...rest] = path.slice('/models/'.length).split('/');
  if (rest.length || !name || !file || !MODEL_NAME_PATTERN.test(name) || !SERVED_MODEL_FILES.includes(file)) return null;
  return within(models, join(name, file));
}

/** Serves the page and the models until closed. */
export function serveWeb(options: ServeOptions = {}): Promise<WebServer> {
  const models = normalize(options.modelsDir ?? MODELS_DIR);
  return servePage({
    root: options.root ?? DIST_DIR,
    port: options.port,
    route: async (path) => {
      if (path === '/models/index.json') return { json: await listModels(models) };
      return path.startsWith('/models/') ? { file: modelFile(models, path) } : undefined;
    },
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = portFrom(process.argv.slice(2));
  await buildWeb();
  const server = await serveWeb({ port });
  const { models } = await listModels(MODELS_DIR);
  console.log(`pointer-network page: ${server.origin}/  (models from ${MODELS_DIR}: ${models.map((m) => m.name).join(', ') || 'none'})`);
  console.log(`  ${server.origin}/?task=hull        the convex hull`);
  console.log(`  ${server.origin}/?task=delaunay    Delaunay triangulation`);
  console.log(`  ${server.origin}/?task=tsp&n=20    a 20-point tour`);
  console.log(`  ${server.origin}/?backend=webgpu   WebGPU when the browser has an adapter`);
  console.log('Ctrl-C stops the server.');
}
