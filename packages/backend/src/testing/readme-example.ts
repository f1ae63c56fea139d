import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { vi } from 'vitest';

/** A README example: the code block after a `<!-- example -->` line. */
export interface ReadmeExample {
  /** 1-based line of the opening fence in the README. */
  line: number;
  code: string;
  /** Files the marker says the example reads (`<!-- example needs: a.bin as b.bin -->`). */
  needs: string[];
}

const MARKER = /^<!--\s*example(?:\s+needs:\s*(.*?))?\s*-->\s*$/;

/**
 * The examples of a README, in order: each ```ts or ```js block that follows a line
 * `<!-- example -->` (the convention of the repository's consumer check, which runs them from
 * the packed packages; see "Contributing" in the root README).
 */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const found: ReadmeExample[] = [];
  lines.forEach((text, i) => {
    const marker = MARKER.exec(text.trim());
    if (!marker) return;
    let open = i + 1;
    while (open < lines.length && lines[open]!.trim() === '') open++;
    if (!/^```(ts|js)\s*$/.test(lines[open] ?? '')) {
      throw new Error(`README line ${i + 1}: <!-- example --> must be followed by a \`\`\`ts or \`\`\`js block`);
    }
    const close = lines.findIndex((line, j) => j > open && line.trim() === '```');
    if (close < 0) throw new Error(`README line ${open + 1}: the example's code block is never closed`);
    const needs = marker[1] ? marker[1].split(',').map((entry) => entry.trim()) : [];
    found.push({ line: open + 1, code: lines.slice(open + 1, close).join('\n') + '\n', needs });
  });
  return found;
}

/** What {@link importReadmeExample} returns. */
export interface ImportedReadmeExample {
  /** What the example printed with `console.log`, one string per call. */
  lines: string[];
  /** The example's exports (a class it defines, say), for further checks. */
  module: Record<string, unknown>;
}

/**
 * Runs example `index` (0-based) of a package README inside the test, from the package's
 * sources, and returns what it printed with `console.log` and what it exports. The README is
 * the only copy of the example: its code is written to a temporary `.readme-example-<index>.ts`
 * beside the README (so that imports resolve as in the package), imported, and deleted.
 *
 * @param readme URL of the README (`new URL('../README.md', import.meta.url)`).
 */
export async function importReadmeExample(readme: URL, { index = 0 }: { index?: number } = {}): Promise<ImportedReadmeExample> {
  const examples = readmeExamples(readFileSync(readme, 'utf8'));
  const example = examples[index];
  if (!example) throw new Error(`${readme.pathname} has ${examples.length} example(s) (<!-- example --> blocks); asked for index ${index}`);
  if (example.needs.length > 0) {
    throw new Error(`${readme.pathname}:${example.line}: the example needs files (${example.needs.join(', ')}); only the consumer check runs it`);
  }
  const file = new URL(`./.readme-example-${index}.ts`, readme);
  writeFileSync(file, example.code);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    const module = (await import(/* @vite-ignore */ file.href)) as Record<string, unknown>;
    return { lines: log.mock.calls.map((call) => format(...call)), module };
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
}

/** {@link importReadmeExample}, keeping only what the example printed. */
export async function runReadmeExample(readme: URL, options: { index?: number } = {}): Promise<string[]> {
  return (await importReadmeExample(readme, options)).lines;
}
