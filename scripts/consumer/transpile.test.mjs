import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toCommonJs, toEsm } from './transpile.mjs';

const dir = mkdtempSync(join(tmpdir(), 'transpile-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// TypeScript with a type-only import, a namespace import and top-level await.
const EXAMPLE = `import * as path from 'node:path';
import { type ParsedPath, basename } from 'node:path';
const parsed: ParsedPath = path.parse('/a/b.txt');
const wait = (ms: number): Promise<string> => new Promise((done) => setTimeout(() => done(basename(parsed.base, '.txt')), ms));
console.log(await wait(1), typeof require);
`;

function runFile(name, code) {
  writeFileSync(join(dir, name), code);
  return execFileSync(process.execPath, [join(dir, name)], { encoding: 'utf8' }).trim();
}

describe('README example conversion', () => {
  it('runs as an ES module', () => {
    expect(runFile('example.mjs', toEsm(EXAMPLE, 'example.ts'))).toBe('b undefined');
  });

  it('runs as CommonJS: requires in place of imports, top-level await inside an async function', () => {
    const code = toCommonJs(EXAMPLE, 'example.ts');
    expect(code).toContain('require("node:path")');
    expect(code).not.toMatch(/^import /m);
    expect(runFile('example.cjs', code)).toBe('b function');
  });

  it('reports a failure of the CommonJS script through the exit status', () => {
    const code = toCommonJs("await Promise.resolve();\nthrow new Error('broken example');\n", 'broken.ts');
    expect(() => runFile('broken.cjs', code)).toThrow(/broken example/);
  });

  it('refuses what it cannot convert', () => {
    expect(() => toCommonJs('console.log(import.meta.url);\n', 'meta.ts')).toThrow('meta.ts: uses import.meta, which has no CommonJS equivalent');
  });
});
