/**
 * A tiny static server for the browser test, on 127.0.0.1 and a free port: the page, its esbuild
 * bundle, and the tfjs WASM binaries under /wasm/. Every response carries COOP/COEP so the page
 * is cross-origin isolated (SharedArrayBuffer, hence WASM threads).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const wasmDir = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const WASM_FILES = new Set(['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']);

const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const HTML = '<!doctype html><meta charset="utf-8"><title>backend test</title><script type="module" src="/page.js"></script>';

/** The running server: its origin and a way to stop it. */
export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Bundles `page.ts` for the browser, reading the package's sources like the tests do. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@seq2seq/source'],
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

/** Starts the server; the bundle is built once, before it listens. */
export async function servePage(): Promise<PageServer> {
  const bundle = await bundlePage();
  const server: Server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'Content-Type': type, ...ISOLATION_HEADERS });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (path === '/') return send(200, 'text/html', HTML);
    if (path === '/page.js') return send(200, 'text/javascript', bundle);
    const name = path.startsWith('/wasm/') ? path.slice('/wasm/'.length) : '';
    if (WASM_FILES.has(name)) return send(200, 'application/wasm', await readFile(join(wasmDir, name)));
    return send(404, 'text/plain', `not found: ${path}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
