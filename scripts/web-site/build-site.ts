/**
 * One static site of every app's web page: each page (with its models) in a folder of its own,
 * an index page linking them, and a `_headers` file with the cross-origin isolation headers for
 * hosts that read one (Netlify, Cloudflare Pages). Any static host serves the folder; WASM threads
 * need the host to send the headers (see the root README).
 *
 *   pnpm web:build                       into dist/site/
 *   pnpm web:build -- --out DIR          elsewhere
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chars from '../../apps/chars/web/site';
import * as parse from '../../apps/parse/web/site';
import * as pointer from '../../apps/pointer/web/site';
import * as translate from '../../apps/translate/web/site';
import * as vision from '../../apps/vision/web/site';

/** An app's page as the site lists it, and how to build it into a folder. */
export interface SitePage {
  entry: { dir: string; title: string; description: string };
  build(outDir: string): Promise<string[]>;
}

/** Every page of the site, in the index's order. A new app with a page adds itself here. */
export const SITE_PAGES: readonly SitePage[] = [
  { entry: translate.SITE_ENTRY, build: (out) => translate.buildSitePage(out) },
  { entry: pointer.SITE_ENTRY, build: (out) => pointer.buildSitePage(out) },
  { entry: chars.SITE_ENTRY, build: (out) => chars.buildSitePage(out) },
  { entry: vision.SITE_ENTRY, build: (out) => vision.buildSitePage(out) },
  { entry: parse.SITE_ENTRY, build: (out) => parse.buildSitePage(out) },
];

/** Where `pnpm web:build` writes the site. */
export const SITE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'site');

/** The headers WASM threads need (SharedArrayBuffer requires a cross-origin isolated page). */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** The index page: one card per page. */
export function indexHtml(pages: ReadonlyArray<SitePage['entry'] & { models: string[] }>): string {
  const cards = pages
    .map(
      (p) => `    <a class="card" href="${p.dir}/">
      <h2>${escapeHtml(p.title)}</h2>
      <p>${escapeHtml(p.description)}</p>
      <p class="models">Models: ${p.models.map(escapeHtml).join(', ') || 'none'}</p>
    </a>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>seq2seq in the browser</title>
  <link rel="icon" href="data:,">
  <style>
    :root { color-scheme: light; --ink: #1d2433; --muted: #5c6578; --line: #d8dce3; --accent: #08306b; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
    main { max-width: 880px; margin: 0 auto; padding: 24px 16px 40px; }
    h1 { font-size: 1.6rem; margin: 0 0 4px; }
    .lede, .models, footer { color: var(--muted); }
    .pages { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 14px; margin: 18px 0; }
    .card { display: block; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; color: inherit; text-decoration: none; }
    .card:hover, .card:focus { border-color: var(--accent); }
    .card h2 { font-size: 1.1rem; margin: 0 0 6px; color: var(--accent); }
    .card p { margin: 4px 0; }
    .models { font-size: 0.88rem; }
    footer { font-size: 0.85rem; }
  </style>
</head>
<body>
<main>
  <h1>seq2seq in the browser</h1>
  <p class="lede">Recurrent sequence-to-sequence models running in your browser with TensorFlow.js, in a Web Worker: nothing is sent to a server.</p>
  <nav class="pages">
${cards}
  </nav>
  <footer><p>WASM threads need the host to send <code>Cross-Origin-Opener-Policy: same-origin</code> and <code>Cross-Origin-Embedder-Policy: require-corp</code>; without them the pages run single-threaded (each page's technical details say which).</p></footer>
</main>
</body>
</html>
`;
}

/** Builds the whole site into `outDir` (emptied first); returns the pages and their models. */
export async function buildSite(outDir: string = SITE_DIR): Promise<Array<SitePage['entry'] & { models: string[] }>> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const built = [];
  for (const page of SITE_PAGES) built.push({ ...page.entry, models: await page.build(join(outDir, page.entry.dir)) });
  await writeFile(join(outDir, 'index.html'), indexHtml(built));
  const headers = Object.entries(ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`).join('\n');
  await writeFile(join(outDir, '_headers'), `/*\n${headers}\n`);
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--out');
  const out = at >= 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]!) : SITE_DIR;
  const started = performance.now();
  const pages = await buildSite(out);
  console.log(`built ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
  for (const p of pages) console.log(`  ${p.dir}/  ${p.title} (models: ${p.models.join(', ') || 'none'})`);
  console.log('Serve the folder with any static server; send the headers in _headers for WASM threads.');
}
