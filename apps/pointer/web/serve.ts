/**
 * A small static server for the built page, on 127.0.0.1: web/dist at /, and from the app's
 * models folder `/models/index.json` (the models it has, listed afresh at every request: see
 * model-index.ts) and each model's `config.json` and `model.safetensors` — nothing else, so the
 * optimizer moments (`optimizer.safetensors`) never leave the machine. Every response carries
 * COOP/COEP, so the page is cross-origin isolated and the WASM backend may run threads
 * (SharedArrayBuffer).
 *
 *   pnpm --filter @seq2seq/pointer-app web            build, then serve on 127.0.0.1:8000
 *   PORT=9000 pnpm --filter @seq2seq/pointer-app web  another port (or: web -- --port 9000)
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, DIST_DIR } from './build';
import { listModels, SERVED_MODEL_FILES } from './model-index';
import { MODEL_NAME_PATTERN } from './protocol';

/** The app's shipped models, one folder each (config.json + model.safetensors + optimizer.safetensors). */
export const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'models');

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.safetensors': 'application/octet-stream',
};

/** Options of {@link serveWeb}. */
export interface ServeOptions {
  /** The built page. Default web/dist. */
  root?: string;
  /** Served at /models/. Default the app's models folder. */
  modelsDir?: string;
  /** Default 0: any free port. */
  port?: number;
}

/** The running server. */
export interface WebServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/** The file a URL path names under `base`, or null when the path leaves it. */
function within(base: string, relative: string): string | null {
  const file = normalize(join(base, relative));
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** `/models/<name>/<file>` -> the file, when it is one a page may read; else null. */
function modelFile(models: string, path: string): string | null {
  const [name, file, ...rest] = path.slice('/models/'.length).split('/');
  if (rest.length || !name || !file || !MODEL_NAME_PATTERN.test(name) || !SERVED_MODEL_FILES.includes(file)) return null;
  return within(models, join(name, file));
}

/** Serves the page and the models until closed. */
export async function serveWeb(options: ServeOptions = {}): Promise<WebServer> {
  const root = normalize(options.root ?? DIST_DIR);
  const models = normalize(options.modelsDir ?? MODELS_DIR);
  const server = createServer(async (request, response) => {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : `${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    } catch {
      return fail(400, 'bad URL');
    }
    if (path === '/models/index.json') {
      const body = JSON.stringify(await listModels(models));
      response.writeHead(200, { 'Content-Type': TYPES['.json']!, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...ISOLATION_HEADERS });
      return response.end(request.method === 'HEAD' ? undefined : body);
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = path.startsWith('/models/') ? modelFile(models, path) : within(root, path.slice(1));
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return fail(404, `not found: ${path}`);
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      ...ISOLATION_HEADERS,
    });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `--port N`, else `PORT`, else 8000. */
function portFrom(argv: readonly string[]): number {
  const at = argv.indexOf('--port');
  const value = at >= 0 ? argv[at + 1] : process.env.PORT;
  const port = Number(value ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer in 0..65535, got '${value}'`);
  return port;
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
