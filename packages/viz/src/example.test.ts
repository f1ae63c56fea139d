import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { expect, it, vi } from 'vitest';

/** The code block after the README's `<!-- example -->` marker (the README is its only copy). */
function readmeExample(): string {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const match = /<!-- example -->\s*```ts\n([\s\S]*?)\n```/.exec(readme);
  if (!match) throw new Error('README.md has no <!-- example --> ```ts block');
  return match[1]!;
}

it('the README example writes an attention SVG with one cell per pair, and prints the terminal form', async () => {
  const work = mkdtempSync(join(tmpdir(), 'viz-readme-'));
  // Beside the README, so that `@seq2seq/viz` resolves to this package's sources.
  const file = new URL('../.readme-example-0.ts', import.meta.url);
  writeFileSync(file, readmeExample());
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const cwd = process.cwd();
  try {
    process.chdir(work);
    await import(/* @vite-ignore */ file.href);
    const svg = readFileSync(join(work, 'attention.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect class="cell"/g)).toHaveLength(9);
    expect(svg).toContain('source “cat” → target “chat”: weight 0.800');
    const printed = log.mock.calls.map((call) => format(...call)).join('\n');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    // The README shows what the example prints (trailing spaces aside).
    const shown = /prints\n\n```\n([\s\S]*?)\n```/.exec(readme)![1]!;
    expect(printed.split('\n').map((l) => l.trimEnd())).toEqual(shown.split('\n'));
  } finally {
    process.chdir(cwd);
    log.mockRestore();
    rmSync(file, { force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
