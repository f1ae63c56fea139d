/**
 * This app's part of the static site (`pnpm web:build` at the root): the built page with its
 * corpus excerpts. The page ships no model: it trains one in the browser.
 */
import { buildWeb } from './build';
import { CORPORA } from './corpus-list';

/** What the site's index says about this page. */
export const SITE_ENTRY = {
  dir: 'chars',
  title: 'Char-RNN: train, sample and look inside',
  description: 'Train a character language model in your browser, sample from it, and see what its units and gates track (Karpathy 2015).',
};

/** Builds the page into `outDir`; returns what the index lists as its "models" (the corpora it trains on). */
export async function buildSitePage(outDir: string): Promise<string[]> {
  await buildWeb(outDir);
  return CORPORA.map((c) => `${c.name} (trained in the page)`);
}
