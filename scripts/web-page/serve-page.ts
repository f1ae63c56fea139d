/**
 * A small static server for an app's built page (shared by apps/translate and apps/pointer), on
 * 127.0.0.1. Every response carries COOP/COEP, so the page is cross-origin isolated and the WASM
 * backend may run threads (SharedArrayBuffer). The app answers its own paths (its models) through
 * a {@link PageRoute}; everything else comes from the built folder.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const ISOLATION = {
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

/**
 * An app's answer for a URL path: a file (null: not found), a JSON body (sent uncached), or
 * undefined to serve the path from the built page.
 */
export type PageRoute = (path: string) => Promise<{ file: string | null } | { json: unknown } | undefined> | { file: string | null } | { json: unknown } | undefined;

/** The running server. */
export interface WebServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  close(): Promise<void>;
}

/** The file a URL path names under `base`, or null when the path leaves it. */
export function within(base: string, relative: string): string | null {
  const root = normalize(base);
  const file = normalize(join(root, relative));
  return file === root || file.startsWith(root + sep) ? file : null;
}

/**
 * Serves the built page in `root` (and what `route` answers) until closed; port 0: any free one.
 * `isolated: false` leaves out the COOP/COEP headers, as a plain static host does (the pages then
 * run WASM single-threaded).
 */
export async function servePage(options: { root: string; port?: number; route?: PageRoute; isolated?: boolean }): Promise<WebServer> {
  const root = normalize(options.root);
  const ISOLATION_HEADERS = options.isolated === false ? {} : ISOLATION;
  const server = createServer(async (request, response) => {
    const head = request.method === 'HEAD';
    const fail = (status: number, text: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...ISOLATION_HEADERS });
      response.end(head ? undefined : `${text}\n`);
    };
    if (request.method !== 'GET' && !head) return fail(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    } catch {
      return fail(400, 'bad URL');
    }
    const answer = await options.route?.(path);
    if (answer && 'json' in answer) {
      const body = JSON.stringify(answer.json);
      response.writeHead(200, { 'Content-Type': TYPES['.json']!, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...ISOLATION_HEADERS });
      return response.end(head ? undefined : body);
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = answer ? answer.file : within(root, path.slice(1));
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) return fail(404, `not found: ${path}`);
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      ...ISOLATION_HEADERS,
    });
    if (head) return response.end();
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
export function portFrom(argv: readonly string[]): number {
  const at = argv.indexOf('--port');
  const value = at >= 0 ? argv[at + 1] : process.env.PORT;
  const port = Number(value ?? 8000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer in 0..65535, got '${value}'`);
  return port;
}
