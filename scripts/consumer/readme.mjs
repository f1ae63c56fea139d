/**
 * What a package README promises a new user, read mechanically:
 *
 * - the install line: the first line of the README that starts with `npm install ` (later ones,
 *   such as an opt-in extra, are documentation only);
 * - the examples: every fenced code block (```ts or ```js) that follows a line
 *   `<!-- example -->`. A marker may name files the example reads, copied from the package
 *   folder into the consumer project first: `<!-- example needs: fixtures/a.bin as a.bin -->`.
 *
 * See "Contributing" in the root README.
 */
import { builtinModules } from 'node:module';

const MARKER = /^<!--\s*example(?:\s+needs:\s*(.*?))?\s*-->\s*$/;
const FENCE = /^```(\w*)\s*$/;

export class ReadmeError extends Error {}

/** The install line's package names, e.g. ['@seq2seq/cells', '@tensorflow/tfjs-core']. */
export function installLine(readme, path) {
  const line = readme.split('\n').find((text) => text.startsWith('npm install '));
  if (line === undefined) throw new ReadmeError(`${path}: no install line (a line starting with "npm install ")`);
  const words = line.replace(/\s+#.*$/, '').trim().split(/\s+/).slice(2);
  const flags = words.filter((word) => word.startsWith('-'));
  if (flags.length > 0) throw new ReadmeError(`${path}: the install line should name packages only, found ${flags.join(' ')}`);
  return { line: line.trim(), packages: words };
}

/** Every marked example: { line (1-based, of the fence), language, code, needs: [{ from, to }] }. */
export function examples(readme, path) {
  const lines = readme.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    if (!marker) continue;
    let open = i + 1;
    while (open < lines.length && lines[open].trim() === '') open++;
    const fence = FENCE.exec(lines[open] ?? '');
    if (!fence || !['ts', 'js'].includes(fence[1])) {
      throw new ReadmeError(`${path}:${i + 1}: <!-- example --> must be followed by a \`\`\`ts or \`\`\`js block, found ${JSON.stringify(lines[open] ?? 'the end of the file')}`);
    }
    const close = lines.findIndex((line, j) => j > open && line.trim() === '```');
    if (close < 0) throw new ReadmeError(`${path}:${open + 1}: the example's code block is never closed`);
    found.push({
      line: open + 1,
      language: fence[1],
      code: lines.slice(open + 1, close).join('\n') + '\n',
      needs: parseNeeds(marker[1], `${path}:${i + 1}`),
    });
  }
  if (found.length === 0) throw new ReadmeError(`${path}: no example (a \`\`\`ts block after a line <!-- example -->)`);
  return found;
}

function parseNeeds(text, where) {
  if (!text) return [];
  return text.split(',').map((entry) => {
    const match = /^\s*(\S+)\s+as\s+(\S+)\s*$/.exec(entry);
    if (!match) throw new ReadmeError(`${where}: expected "needs: <file in the package> as <name>", got ${JSON.stringify(entry.trim())}`);
    return { from: match[1], to: match[2] };
  });
}

/** The package names an example imports (`import ... from 'x'`, `import 'x'`), Node built-ins left out. */
export function importedPackages(code) {
  const names = new Set();
  for (const match of code.matchAll(/^\s*(?:import|export)\s(?:[^'"]*?\sfrom\s)?\s*['"]([^'"]+)['"]/gm)) {
    const specifier = match[1];
    if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
  }
  return names;
}
